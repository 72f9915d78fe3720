using Sstp.Protocol.Policing;
using Sstp.Server.Protection;

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

    /// <summary><c>limits.tls-handshake-timeout</c>: time from TCP accept to a finished TLS handshake. Default 10 s.</summary>
    public TimeSpan TlsHandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary><c>limits.http-request-timeout</c>: time from the TLS handshake to a complete HTTP request. Default 10 s.</summary>
    public TimeSpan HttpRequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// <c>limits.setup-timeout</c>: time from TCP accept until the tunnel is up (SSTP and PPP negotiation, address
    /// assignment). Default 60 s.
    /// </summary>
    public TimeSpan SetupTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// <c>limits.source-rate</c>: new connections per source address (IPv6: per /64), checked at accept before TLS: a
    /// burst of COUNT, refilled at COUNT per PERIOD. Default 30/10s; off = no limit.
    /// </summary>
    public CountPerPeriod SourceRate { get; init; } = new(30, TimeSpan.FromSeconds(10));

    /// <summary>
    /// <c>limits.max-pre-auth-per-source</c>: connections of one source address (IPv6: /64) at once that have not
    /// authenticated yet. Default 32; 0 = no limit.
    /// </summary>
    public int MaxPreAuthPerSource { get; init; } = 32;

    /// <summary>
    /// <c>limits.auth-failures</c>: failed logins from one source within PERIOD that ban it for
    /// <see cref="BanTime"/>. Default 10/1m; off = never ban.
    /// </summary>
    public CountPerPeriod AuthFailures { get; init; } = new(10, TimeSpan.FromMinutes(1));

    /// <summary><c>limits.ban-time</c>: how long a ban lasts. Default 5 min; 0 = never ban.</summary>
    public TimeSpan BanTime { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// <c>limits.max-buffered</c>: bytes of data packets all sessions together may hold in their send queues; over it
    /// new packets are dropped and counted as queue drops. Default 256 MiB.
    /// </summary>
    public long MaxBuffered { get; init; } = 256L * 1024 * 1024;
}
