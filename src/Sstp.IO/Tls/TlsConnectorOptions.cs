using System.Security.Authentication;

namespace Sstp.IO.Tls;

/// <summary>Settings of a <see cref="TlsConnector"/>.</summary>
public sealed class TlsConnectorOptions
{
    /// <summary>
    /// The server's host name or IP literal: sent as SNI for names (never for IP literals) and matched
    /// against the certificate in <see cref="ServerCertificateValidation.SystemTrust"/> and
    /// <see cref="ServerCertificateValidation.CustomCa"/> modes.
    /// </summary>
    public required string TargetHost { get; init; }

    /// <summary>How the server certificate is trusted; default the system CA store.</summary>
    public ServerCertificateValidation Validation { get; init; } = ServerCertificateValidation.SystemTrust;

    /// <summary>PEM file of trusted CA certificates, for <see cref="ServerCertificateValidation.CustomCa"/>.</summary>
    public string? CaFile { get; init; }

    /// <summary>The expected leaf SHA-256 (32 bytes), for <see cref="ServerCertificateValidation.PinnedSha256"/>.</summary>
    public ReadOnlyMemory<byte> PinnedSha256 { get; init; }

    /// <summary>TLS versions offered; default TLS 1.2 and 1.3.</summary>
    public SslProtocols EnabledProtocols { get; init; } = SslProtocols.Tls12 | SslProtocols.Tls13;

    /// <summary>How long the handshake may take; default 15 s.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Clock behind the handshake timeout; default the system clock.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Keep the inner stream open when the TLS stream is disposed; default false.</summary>
    public bool LeaveInnerStreamOpen { get; init; }
}
