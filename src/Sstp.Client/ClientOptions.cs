using System.Net;
using Sstp.IO.Tls;
using Sstp.Protocol.Ppp.Lcp;

namespace Sstp.Client;

/// <summary>Everything <c>sstp client</c> needs, checked by the command before it starts. Immutable.</summary>
public sealed record ClientOptions
{
    /// <summary>The server's host name or address (no brackets).</summary>
    public required string Host { get; init; }

    /// <summary>The server's TCP port (default 443).</summary>
    public int Port { get; init; } = 443;

    /// <summary>The user name for PPP authentication.</summary>
    public required string User { get; init; }

    /// <summary>The password (kept as characters so the caller can clear it).</summary>
    public required char[] Password { get; init; }

    /// <summary>Authentication protocols we accept, best first; the server's offer picks among them.</summary>
    public IReadOnlyList<AuthProtocolOption> Auth { get; init; } = [AuthProtocolOption.MsChapV2, AuthProtocolOption.ChapMd5, AuthProtocolOption.Pap];

    /// <summary>How the server certificate is checked.</summary>
    public ServerCertificateValidation Validation { get; init; } = ServerCertificateValidation.SystemTrust;

    /// <summary>A PEM CA file for <see cref="ServerCertificateValidation.CustomCa"/>.</summary>
    public string? CaFile { get; init; }

    /// <summary>The SHA-256 of the server's leaf certificate for <see cref="ServerCertificateValidation.PinnedSha256"/>.</summary>
    public byte[]? PinSha256 { get; init; }

    /// <summary>The TLS server name (SNI and name check); null uses <see cref="Host"/> when it is a name.</summary>
    public string? ServerName { get; init; }

    /// <summary>An HTTP proxy to tunnel through with CONNECT, or null.</summary>
    public Uri? Proxy { get; init; }

    /// <summary>Networks routed through the tunnel (split tunnel).</summary>
    public IReadOnlyList<IPNetwork> Routes { get; init; } = [];

    /// <summary>Send all traffic through the tunnel (keeping a host route to the server via the original gateway).</summary>
    public bool DefaultRoute { get; init; }

    /// <summary>Configure the DNS servers the server pushes (systemd-resolved or resolvconf), or only print them.</summary>
    public bool ConfigureDns { get; init; } = true;

    /// <summary>The TUN device name (null lets the kernel choose).</summary>
    public string? TunName { get; init; } = "sstpc0";

    /// <summary>
    /// Whether the TUN device is opened with a virtio_net_hdr so that consecutive TCP segments from the server
    /// are written as one super-packet. Default true; no command-line option yet.
    /// </summary>
    public bool TunOffload { get; init; } = true;

    /// <summary>Our MRU (the largest packet we accept from the server).</summary>
    public int Mtu { get; init; } = 1400;

    /// <summary>Run IPv6CP and carry IPv6 inside the tunnel.</summary>
    public bool Ipv6 { get; init; } = true;

    /// <summary>
    /// Let queued data packets share one TLS write (default). Servers read the TLS stream as a stream, so this only
    /// saves records and system calls; off writes one SSTP packet per record.
    /// </summary>
    public bool WriteMerging { get; init; } = true;

    /// <summary>Reconnect after the tunnel drops, with exponential backoff and jitter.</summary>
    public bool Reconnect { get; init; }

    /// <summary>The TLS name to present and check.</summary>
    public string TlsName => ServerName ?? Host;
}
