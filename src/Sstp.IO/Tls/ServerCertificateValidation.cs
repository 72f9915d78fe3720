namespace Sstp.IO.Tls;

/// <summary>How a <see cref="TlsConnector"/> decides to trust the server's certificate.</summary>
public enum ServerCertificateValidation
{
    /// <summary>Chain to the system CA store and match the host name (the default).</summary>
    SystemTrust = 0,

    /// <summary>Chain to the CA certificates in <see cref="TlsConnectorOptions.CaFile"/> only, and match the host name.</summary>
    CustomCa = 1,

    /// <summary>
    /// Accept exactly the leaf whose SHA-256 fingerprint is <see cref="TlsConnectorOptions.PinnedSha256"/>,
    /// whatever its chain, name or dates.
    /// </summary>
    PinnedSha256 = 2,

    /// <summary>Accept any certificate. For testing only: it offers no protection against a man in the middle.</summary>
    Insecure = 3,
}
