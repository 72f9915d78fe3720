using Sstp.IO.Tls;
using Sstp.Protocol.Ppp.Lcp;

namespace Sstp.Client.Bench;

/// <summary>What <c>sstp bench setup</c> and <c>sstp bench hold</c> run against, checked by the command first. Immutable.</summary>
public sealed record BenchOptions
{
    /// <summary>The server's host name or address (no brackets).</summary>
    public required string Host { get; init; }

    /// <summary>The server's TCP port.</summary>
    public int Port { get; init; } = 443;

    /// <summary>The user name every session authenticates as.</summary>
    public required string User { get; init; }

    /// <summary>The password (kept as characters so the caller can clear it).</summary>
    public required char[] Password { get; init; }

    /// <summary>Authentication protocols offered, best first.</summary>
    public IReadOnlyList<AuthProtocolOption> Auth { get; init; } = [AuthProtocolOption.MsChapV2, AuthProtocolOption.ChapMd5, AuthProtocolOption.Pap];

    /// <summary>How the server certificate is checked: <see cref="ServerCertificateValidation.PinnedSha256"/> or
    /// <see cref="ServerCertificateValidation.Insecure"/> keep the client's TLS cost low (no chain building).</summary>
    public ServerCertificateValidation Validation { get; init; } = ServerCertificateValidation.Insecure;

    /// <summary>The server leaf's SHA-256 for <see cref="ServerCertificateValidation.PinnedSha256"/>.</summary>
    public byte[]? PinSha256 { get; init; }

    /// <summary>Sessions to set up (setup) or to open and keep (hold).</summary>
    public int Sessions { get; init; } = 100;

    /// <summary>Session setups in flight at once.</summary>
    public int Concurrency { get; init; } = 8;

    /// <summary>setup: setups run first and left out of the figures (JIT and TLS warm-up on both ends).</summary>
    public int Warmup { get; init; }

    /// <summary>hold: how long to keep the sessions open; null until SIGINT/SIGTERM.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>Time allowed for one setup (TCP connect to TunnelUp) before it counts as a failure.</summary>
    public TimeSpan SetupTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
