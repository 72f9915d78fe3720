using System.Net.Security;
using System.Security.Authentication;

namespace Sstp.IO.Tls;

/// <summary>Settings of a <see cref="TlsAcceptor"/>.</summary>
public sealed class TlsAcceptorOptions
{
    /// <summary>TLS versions offered; default TLS 1.2 and 1.3 (Windows SSTP clients still use 1.2).</summary>
    public SslProtocols EnabledProtocols { get; init; } = SslProtocols.Tls12 | SslProtocols.Tls13;

    /// <summary>How long a client may take to complete the handshake; default 15 s.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Clock behind the handshake timeout; default the system clock.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// ALPN protocols offered; default http/1.1 only (what an HTTP/1.1 web server offers). Null or empty turns
    /// ALPN off. SSTP clients offer none, so this never affects them.
    /// </summary>
    public List<SslApplicationProtocol>? ApplicationProtocols { get; init; } = [SslApplicationProtocol.Http11];

    /// <summary>Keep the inner stream open when the TLS stream is disposed; default false.</summary>
    public bool LeaveInnerStreamOpen { get; init; }
}
