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

    /// <summary>
    /// <c>server.sni-certs</c>: further certificates chosen by server name (SNI); <see cref="CertificatePath"/> is
    /// the default for clients that ask for no name or an unknown one.
    /// </summary>
    public IReadOnlyList<SniCertificate> SniCertificates { get; init; } = [];

    /// <summary>True when no certificate was configured and a self-signed one is used.</summary>
    public bool UsesSelfSigned => CertificatePath is null;
}

/// <summary>One entry of <c>server.sni-certs</c>.</summary>
/// <param name="CertificatePath">PEM certificate (chain) or PKCS#12 file.</param>
/// <param name="KeyPath">PEM private key, or null when it is in the certificate file (or a PKCS#12 file).</param>
public sealed record SniCertificate(string CertificatePath, string? KeyPath)
{
    /// <summary>Parses <c>CERT[:KEY]</c>; false when a part is empty.</summary>
    /// <param name="text">The list item.</param>
    /// <param name="entry">The entry when valid.</param>
    /// <returns>True when <paramref name="text"/> names a certificate (and, after a colon, a key).</returns>
    public static bool TryParse(string text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SniCertificate? entry)
    {
        ArgumentNullException.ThrowIfNull(text);
        entry = null;
        int colon = text.IndexOf(':', StringComparison.Ordinal);
        string cert = (colon < 0 ? text : text[..colon]).Trim();
        string? key = colon < 0 ? null : text[(colon + 1)..].Trim();
        if (cert.Length == 0 || key is { Length: 0 })
        {
            return false;
        }

        entry = new SniCertificate(cert, key);
        return true;
    }

    /// <summary>The entry as written in the configuration.</summary>
    /// <returns><c>CERT</c> or <c>CERT:KEY</c>.</returns>
    public override string ToString() => KeyPath is null ? CertificatePath : $"{CertificatePath}:{KeyPath}";
}
