using System.Text;

namespace Sstp.Server.Hosting;

/// <summary>
/// What a reload did: the settings it applied, what it kept as it was (leases outside a new pool, a
/// certificate that did not change), and the settings that differ but take effect only after a restart.
/// A failed reload changed nothing and says why in <see cref="Error"/>.
/// </summary>
public sealed record ReloadResult
{
    /// <summary>True when the new settings were applied (possibly with some keys needing a restart).</summary>
    public bool Succeeded => Error is null;

    /// <summary>Why the reload was refused, or null when it was applied.</summary>
    public string? Error { get; init; }

    /// <summary>Configuration keys (and <c>users</c>, <c>certificate</c>) whose new value is now in force.</summary>
    public IReadOnlyList<string> Changed { get; init; } = [];

    /// <summary>Things deliberately left as they were, one sentence each.</summary>
    public IReadOnlyList<string> Kept { get; init; } = [];

    /// <summary>Configuration keys whose new value is ignored until the server restarts.</summary>
    public IReadOnlyList<string> NeedsRestart { get; init; } = [];

    /// <summary>A refused reload.</summary>
    public static ReloadResult Failed(string error) => new() { Error = error };

    /// <summary>A few lines for an operator (the answer of <c>sstp ctl reload</c>).</summary>
    public override string ToString()
    {
        if (Error is not null)
        {
            return $"reload failed, nothing was changed: {Error}";
        }

        var text = new StringBuilder();
        text.Append("reloaded; changed: ").Append(Changed.Count == 0 ? "nothing" : string.Join(", ", Changed));
        foreach (string kept in Kept)
        {
            text.Append("\nkept: ").Append(kept);
        }

        if (NeedsRestart.Count > 0)
        {
            text.Append("\nneeds a restart: ").Append(string.Join(", ", NeedsRestart));
        }

        return text.ToString();
    }
}
