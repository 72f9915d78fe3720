namespace Sstp.Server.Configuration;

/// <summary>What <see cref="ServerOptionsLoader"/> produced: a valid snapshot, or every problem found.</summary>
/// <param name="Options">The snapshot; null when <paramref name="Errors"/> is not empty.</param>
/// <param name="Errors">Every problem, each naming its key; empty on success.</param>
public sealed record ServerOptionsLoadResult(ServerOptions? Options, IReadOnlyList<ConfigError> Errors)
{
    /// <summary>True when <see cref="Options"/> is set and there is no error.</summary>
    public bool Succeeded => Options is not null && Errors.Count == 0;
}
