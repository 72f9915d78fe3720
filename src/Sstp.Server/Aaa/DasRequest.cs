using Sstp.Protocol.Policing;

namespace Sstp.Server.Aaa;

/// <summary>
/// What <see cref="DasRequestReader"/> made of a verified Disconnect- or CoA-Request: either an
/// <see cref="Error"/> to NAK with, or a <see cref="Selector"/> (and for CoA the changes) to act on.
/// </summary>
internal sealed record DasRequest
{
    /// <summary>The sessions addressed; null when <see cref="Error"/> is set.</summary>
    public DasSelector? Selector { get; init; }

    /// <summary>The new Session-Timeout (27) of a CoA-Request, or null when absent.</summary>
    public TimeSpan? SessionTimeout { get; init; }

    /// <summary>
    /// The new rate limit of a CoA-Request (WISPr-Bandwidth-Max-Up/-Down, Mikrotik-Rate-Limit); unspecified when
    /// the request carries none, and per direction when it names only one.
    /// </summary>
    public RateLimit RateLimit { get; init; }

    /// <summary>The Error-Cause to NAK with without asking the sessions, or null when the request is acceptable.</summary>
    public DasErrorCause? Error { get; init; }

    /// <summary>Event-Timestamp (55), seconds since 1970-01-01 UTC, or null when absent (RFC 5176 §3.5).</summary>
    public uint? EventTimestamp { get; init; }
}
