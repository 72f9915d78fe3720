// Where the server's certificate comes from: PEM files (the certificate file may carry the full chain,
// leaf first), a PKCS#12 file, or a self-signed ECDSA P-256 certificate made here. Whatever the source, the
// leaf (with its private key), the intermediates to send, and the leaf's SHA-1/SHA-256 fingerprints (the
// server side of the SSTP crypto binding, SSTP.md §8.2) are exposed, and an SslStreamCertificateContext is
// built once so that every handshake reuses it.

using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Sstp.IO.Tls;

/// <summary>A server certificate with its private key, its chain, and its fingerprints.</summary>
public sealed partial class CertificateSource : IDisposable
{
    private const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";

    private readonly byte[] _sha1;
    private readonly byte[] _sha256;
    private SslStreamCertificateContext? _context;

    private CertificateSource(X509Certificate2 leaf, X509Certificate2Collection intermediates)
    {
        if (!leaf.HasPrivateKey)
        {
            throw new ArgumentException($"The certificate '{leaf.Subject}' has no private key.", nameof(leaf));
        }

        Leaf = leaf;
        Intermediates = intermediates;
        _sha1 = CertificateHashes.Sha1(leaf);
        _sha256 = CertificateHashes.Sha256(leaf);
    }

    /// <summary>The leaf certificate, with its private key.</summary>
    public X509Certificate2 Leaf { get; }

    /// <summary>Certificates sent after the leaf (intermediates; may be empty).</summary>
    public X509Certificate2Collection Intermediates { get; }

    /// <summary>SHA-1 of the leaf's DER (20 bytes): CERT_HASH_PROTOCOL_SHA1 for the crypto binding.</summary>
    public ReadOnlyMemory<byte> LeafSha1 => _sha1;

    /// <summary>SHA-256 of the leaf's DER (32 bytes): CERT_HASH_PROTOCOL_SHA256 for the crypto binding.</summary>
    public ReadOnlyMemory<byte> LeafSha256 => _sha256;

    /// <summary>
    /// The context <see cref="TlsAcceptor"/> hands to <c>SslStream</c>: leaf plus intermediates, built once
    /// (offline, so no network fetches) and reused by every handshake.
    /// </summary>
    public SslStreamCertificateContext Context =>
        _context ??= SslStreamCertificateContext.Create(Leaf, Intermediates, offline: true);

    /// <summary>Loads a certificate and key from PEM files.</summary>
    /// <param name="certificatePath">PEM certificates: the leaf first, then any intermediates to send.</param>
    /// <param name="keyPath">The leaf's PEM private key (PKCS#8, or RSA/EC); null if it is in the
    /// certificate file.</param>
    /// <returns>The loaded source.</returns>
    /// <exception cref="CryptographicException">The files do not hold a matching certificate and key.</exception>
    public static CertificateSource LoadPem(string certificatePath, string? keyPath = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(certificatePath);
        X509Certificate2 leaf;
        try
        {
            leaf = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
        }
        catch (ArgumentException e)
        {
            // The runtime reports a key that belongs to another certificate as an argument error.
            throw new CryptographicException(
                $"The private key in '{keyPath ?? certificatePath}' does not match the certificate in '{certificatePath}'.", e);
        }

        var all = new X509Certificate2Collection();
        all.ImportFromPemFile(certificatePath);
        var intermediates = new X509Certificate2Collection();
        foreach (var certificate in all)
        {
            if (certificate.RawDataMemory.Span.SequenceEqual(leaf.RawDataMemory.Span))
            {
                certificate.Dispose();
            }
            else
            {
                intermediates.Add(certificate);
            }
        }

        return new CertificateSource(leaf, intermediates);
    }

    /// <summary>Loads a PKCS#12 (PFX) file: the certificate with a private key is the leaf, the others the chain.</summary>
    /// <param name="path">The PFX file.</param>
    /// <param name="password">Its password, or null.</param>
    /// <returns>The loaded source.</returns>
    /// <exception cref="CryptographicException">The file is unreadable or holds no certificate with a key.</exception>
    public static CertificateSource LoadPfx(string path, string? password)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var all = X509CertificateLoader.LoadPkcs12CollectionFromFile(path, password);
        X509Certificate2? leaf = null;
        var intermediates = new X509Certificate2Collection();
        foreach (var certificate in all)
        {
            if (leaf is null && certificate.HasPrivateKey)
            {
                leaf = certificate;
            }
            else
            {
                intermediates.Add(certificate);
            }
        }

        if (leaf is null)
        {
            foreach (var certificate in intermediates)
            {
                certificate.Dispose();
            }

            throw new CryptographicException($"'{path}' holds no certificate with a private key.");
        }

        return new CertificateSource(leaf, intermediates);
    }

    /// <summary>Wraps a certificate that already has its private key.</summary>
    /// <param name="leaf">The leaf, with private key; the source takes ownership.</param>
    /// <param name="intermediates">Certificates to send after it, or null.</param>
    /// <returns>The source.</returns>
    public static CertificateSource FromCertificate(X509Certificate2 leaf, X509Certificate2Collection? intermediates = null)
    {
        ArgumentNullException.ThrowIfNull(leaf);
        return new CertificateSource(leaf, intermediates ?? []);
    }

    /// <summary>
    /// Creates a self-signed ECDSA P-256 certificate for a host name: subject CN=name, SAN DNS (or IP, when
    /// the name is an IP literal), EKU serverAuth, KeyUsage digitalSignature, not a CA.
    /// </summary>
    /// <param name="hostName">The DNS name or IP address clients connect to.</param>
    /// <param name="validity">How long it is valid from now; default 10 years.</param>
    /// <param name="timeProvider">Clock for the validity period; default the system clock.</param>
    /// <returns>The new source.</returns>
    public static CertificateSource CreateSelfSigned(string hostName, TimeSpan? validity = null, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(hostName);
        var now = (timeProvider ?? TimeProvider.System).GetUtcNow();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName(hostName);
        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        if (IPAddress.TryParse(hostName, out var address))
        {
            san.AddIpAddress(address);
        }
        else
        {
            san.AddDnsName(hostName);
        }

        request.CertificateExtensions.Add(san.Build(critical: false));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ServerAuthOid)], critical: false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));

        // Back-date by an hour so a peer whose clock is a little behind still accepts it.
        var leaf = request.CreateSelfSigned(now.AddHours(-1), now + (validity ?? TimeSpan.FromDays(3650)));
        return new CertificateSource(leaf, []);
    }

    /// <summary>
    /// Writes the leaf and intermediates as PEM to <paramref name="certificatePath"/> and the private key as
    /// PKCS#8 PEM to <paramref name="keyPath"/> (created with mode 0600).
    /// </summary>
    /// <param name="certificatePath">Destination of the certificate chain.</param>
    /// <param name="keyPath">Destination of the private key.</param>
    public void SavePem(string certificatePath, string keyPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(certificatePath);
        ArgumentException.ThrowIfNullOrEmpty(keyPath);
        using (var writer = new StreamWriter(certificatePath, append: false))
        {
            writer.Write(Leaf.ExportCertificatePem());
            writer.Write('\n');
            foreach (var certificate in Intermediates)
            {
                writer.Write(certificate.ExportCertificatePem());
                writer.Write('\n');
            }
        }

        string keyPem;
        using (AsymmetricAlgorithm key = (AsymmetricAlgorithm?)Leaf.GetECDsaPrivateKey() ?? Leaf.GetRSAPrivateKey()
            ?? throw new NotSupportedException("Only ECDSA and RSA private keys can be saved."))
        {
            keyPem = key.ExportPkcs8PrivateKeyPem();
        }

        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var keyWriter = new StreamWriter(keyPath, options);
        keyWriter.Write(keyPem);
        keyWriter.Write('\n');
    }

    /// <summary>Disposes the leaf and intermediates, and the SNI alternates attached to it.</summary>
    public void Dispose()
    {
        foreach (var alternate in _alternates)
        {
            alternate.Dispose();
        }

        Leaf.Dispose();
        foreach (var certificate in Intermediates)
        {
            certificate.Dispose();
        }
    }
}
