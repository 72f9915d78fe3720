using Sstp.Protocol.Policing;

namespace Sstp.Server.Configuration;

/// <summary>Session limits (<c>[limits]</c> section).</summary>
public sealed record LimitsOptions
{
    /// <summary><c>limits.max-sessions</c>: sessions at once, all users together. Default 10,000.</summary>
    public int MaxSessions { get; init; } = 10_000;

    /// <summary><c>limits.max-sessions-per-user</c>: sessions at once for one user; 0 means no limit (default).</summary>
    public int MaxSessionsPerUser { get; init; }

    /// <summary>
    /// <c>limits.pre-auth-timeout</c>: how long a connection may take from TCP accept to successful PPP
    /// authentication before it is closed. Default 30 s.
    /// </summary>
    public TimeSpan PreAuthTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// <c>limits.max-handshakes</c>: connections at once that have not yet authenticated (TLS, HTTP, SSTP
    /// and PPP negotiation); more are refused at accept. Default 256.
    /// </summary>
    public int MaxConcurrentHandshakes { get; init; } = 256;

    /// <summary>
    /// <c>limits.rate</c>: the rate limit of every session whose user has none of its own (users file
    /// <c>rate=</c>, RADIUS, CoA); unspecified (the default) = no limit.
    /// </summary>
    public RateLimit Rate { get; init; }
}
