namespace Sstp.Server.Configuration;

/// <summary>One configuration problem: the key it concerns and what is wrong.</summary>
/// <param name="Key">The configuration key, <c>section.name</c> (e.g. <c>pool.ipv4</c>); <c>config</c> for the file itself.</param>
/// <param name="Message">What is wrong, quoting the offending value.</param>
public sealed record ConfigError(string Key, string Message)
{
    /// <summary>The key used for problems with the configuration file as a whole (unreadable, bad line).</summary>
    public const string FileKey = "config";

    /// <summary>Formats the problem as <c>key: message</c>.</summary>
    public override string ToString() => $"{Key}: {Message}";
}
