namespace Sstp.Server.Configuration;

/// <summary>One configuration key: its INI name, the command-line option that sets it, and its shape.</summary>
/// <param name="Name">The key as <c>section.name</c>, lower case (e.g. <c>pool.ipv4</c>); in the INI file, <c>name</c> under <c>[section]</c>.</param>
/// <param name="CliOption">The command-line option of <c>sstp server</c> that overrides it (e.g. <c>--pool4</c>).</param>
/// <param name="Summary">One line for <c>--help</c>; <c>docs/CONFIGURATION.md</c> has the full text.</param>
/// <param name="IsList">True when the key takes a comma-separated list (and the option may repeat).</param>
public sealed record ConfigKey(string Name, string CliOption, string Summary, bool IsList = false)
{
    /// <summary>The INI section: the part of <see cref="Name"/> before the dot.</summary>
    public string Section => Name[..Name.IndexOf('.', StringComparison.Ordinal)];

    /// <summary>The name inside the section: the part of <see cref="Name"/> after the dot.</summary>
    public string LocalName => Name[(Name.IndexOf('.', StringComparison.Ordinal) + 1)..];
}
