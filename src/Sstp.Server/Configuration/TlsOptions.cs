namespace Sstp.Server.Configuration;

/// <summary>Where the server certificate comes from (<c>server.cert</c>, <c>server.key</c>).</summary>
public sealed record TlsOptions
{
    /// <summary>
    /// <c>server.cert</c>: PEM certificate (chain) file, or null to use a self-signed certificate that the
    /// server creates in its state directory (it prints the SHA-256 that clients pin).
    /// </summary>
    public string? CertificatePath { get; init; }

    /// <summary><c>server.key</c>: PEM private key file. Given together with <see cref="CertificatePath"/> or not at all.</summary>
    public string? KeyPath { get; init; }

    /// <summary>True when no certificate was configured and a self-signed one is used.</summary>
    public bool UsesSelfSigned => CertificatePath is null;
}
