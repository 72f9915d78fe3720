using System.Text.Json.Serialization;

namespace Sstp.Server.Control;

/// <summary>The commands of the management socket, as they appear in a request's <c>command</c> field.</summary>
public static class ControlCommands
{
    /// <summary>Version, uptime, listeners, certificate, memory, session counts, drain state.</summary>
    public const string Status = "status";

    /// <summary>Every session with its user, addresses, TLS, counters and rate limit.</summary>
    public const string Sessions = "sessions";

    /// <summary>Ends a session by <c>id</c>, or every session of a <c>user</c>.</summary>
    public const string Kick = "kick";

    /// <summary>Stops accepting, turns <c>/health</c> to 503 and exits once the sessions are gone (or at a deadline).</summary>
    public const string Drain = "drain";

    /// <summary>Re-reads the configuration (when the server offers it).</summary>
    public const string Reload = "reload";

    /// <summary>Every command, in documentation order.</summary>
    public static IReadOnlyList<string> All { get; } = [Status, Sessions, Kick, Drain, Reload];
}

/// <summary>One request on the management socket: a single JSON object on one line.</summary>
public sealed record ControlRequest
{
    /// <summary>One of <see cref="ControlCommands"/>.</summary>
    public string Command { get; init; } = string.Empty;

    /// <summary><c>kick</c>: the session id.</summary>
    public long? Id { get; init; }

    /// <summary><c>kick</c>: the user whose sessions end.</summary>
    public string? User { get; init; }

    /// <summary><c>drain</c>: seconds after which the remaining sessions are closed; absent = wait for them.</summary>
    public int? Deadline { get; init; }
}

/// <summary>The one answer to a request: <see cref="Ok"/> with the command's data, or an <see cref="Error"/>.</summary>
public sealed record ControlResponse
{
    /// <summary>True when the command was carried out.</summary>
    public bool Ok { get; init; }

    /// <summary>Why the command failed (when <see cref="Ok"/> is false).</summary>
    public string? Error { get; init; }

    /// <summary>A sentence for the operator (kick, drain, reload).</summary>
    public string? Message { get; init; }

    /// <summary><c>status</c> and <c>drain</c>: the server's state.</summary>
    public ControlStatus? Status { get; init; }

    /// <summary><c>sessions</c>: the session table.</summary>
    public IReadOnlyList<ControlSession>? Sessions { get; init; }

    /// <summary><c>kick</c>: the ids of the sessions told to end.</summary>
    public IReadOnlyList<long>? Kicked { get; init; }

    /// <summary>An error answer.</summary>
    public static ControlResponse Fail(string error) => new() { Ok = false, Error = error };
}

/// <summary>The server as <c>sstp ctl status</c> shows it.</summary>
public sealed record ControlStatus
{
    /// <summary>The informational version of the server build.</summary>
    public string Version { get; init; } = string.Empty;

    /// <summary>When the server started serving.</summary>
    public DateTimeOffset StartedAt { get; init; }

    /// <summary>Seconds since <see cref="StartedAt"/>.</summary>
    public long UptimeSeconds { get; init; }

    /// <summary>The TLS endpoints (empty once draining closed them).</summary>
    public IReadOnlyList<string> Listeners { get; init; } = [];

    /// <summary>The TUN device.</summary>
    public string Tun { get; init; } = string.Empty;

    /// <summary>The server certificate.</summary>
    public ControlCertificate? Certificate { get; init; }

    /// <summary>Resident memory of the process in bytes.</summary>
    public long RssBytes { get; init; }

    /// <summary>Sessions with the tunnel up.</summary>
    public int SessionsUp { get; init; }

    /// <summary>Connections still in setup (TLS, HTTP, SSTP, authentication, addresses) or closing.</summary>
    public int SessionsSetup { get; init; }

    /// <summary>True once <c>drain</c> was asked for.</summary>
    public bool Draining { get; init; }

    /// <summary>When a drain closes the remaining sessions, if it has a deadline.</summary>
    public DateTimeOffset? DrainDeadline { get; init; }

    /// <summary>Where <c>/metrics</c> and <c>/health</c> are served, when enabled.</summary>
    public string? MetricsListen { get; init; }
}

/// <summary>The certificate clients see.</summary>
public sealed record ControlCertificate
{
    /// <summary>Its subject.</summary>
    public string Subject { get; init; } = string.Empty;

    /// <summary>The end of its validity.</summary>
    public DateTimeOffset NotAfter { get; init; }

    /// <summary>Whole days until <see cref="NotAfter"/> (negative once expired).</summary>
    public int DaysLeft { get; init; }

    /// <summary>What the last certificate check found wrong (expiry near or past, incomplete chain); empty when fine.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}

/// <summary>One row of <c>sstp ctl sessions</c>.</summary>
public sealed record ControlSession
{
    /// <summary>The server's session number (as in the log).</summary>
    public long Id { get; init; }

    /// <summary><c>setup</c>, <c>up</c> or <c>closed</c> (closed but not yet cleaned up).</summary>
    public string State { get; init; } = string.Empty;

    /// <summary>The authenticated user, once known.</summary>
    public string? User { get; init; }

    /// <summary>The client's TCP address and port.</summary>
    public string? Peer { get; init; }

    /// <summary>The client's tunnel IPv4 address.</summary>
    [JsonPropertyName("ipv4")]
    public string? IPv4 { get; init; }

    /// <summary>The client's IPv6 /64.</summary>
    [JsonPropertyName("ipv6_prefix")]
    public string? IPv6Prefix { get; init; }

    /// <summary>The PPP authentication method, once the tunnel is up.</summary>
    public string? AuthMethod { get; init; }

    /// <summary>The TLS protocol version.</summary>
    public string TlsProtocol { get; init; } = string.Empty;

    /// <summary>The TLS cipher suite.</summary>
    public string TlsCipher { get; init; } = string.Empty;

    /// <summary>The client's SSTPCORRELATIONID, once its HTTP request was read.</summary>
    public string? CorrelationId { get; init; }

    /// <summary>When TCP was accepted.</summary>
    public DateTimeOffset Started { get; init; }

    /// <summary>Seconds since <see cref="Started"/>.</summary>
    public long UptimeSeconds { get; init; }

    /// <summary>Bytes from the client.</summary>
    public long BytesIn { get; init; }

    /// <summary>Bytes to the client.</summary>
    public long BytesOut { get; init; }

    /// <summary>Packets from the client.</summary>
    public long PacketsIn { get; init; }

    /// <summary>Packets to the client.</summary>
    public long PacketsOut { get; init; }

    /// <summary>The rate limit in force (<c>unlimited</c> or DOWN/UP).</summary>
    public string RateLimit { get; init; } = string.Empty;
}

/// <summary>Source-generated JSON for the management socket (snake_case names, nulls left out).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    MaxDepth = 8)]
[JsonSerializable(typeof(ControlRequest))]
[JsonSerializable(typeof(ControlResponse))]
public sealed partial class ControlJsonContext : JsonSerializerContext;
