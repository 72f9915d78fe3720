using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Sstp.IO.Tls;

namespace Sstp.IO.Tests.Tls;

/// <summary>Certificates made in code for the TLS tests (shared, read-only).</summary>
internal static class TestCertificates
{
    private static readonly Lazy<CertificateSource> LazyLocalhost = new(() => CertificateSource.CreateSelfSigned("localhost"));
    private static readonly Lazy<CertificateSource> LazyImpostor = new(() => CertificateSource.CreateSelfSigned("localhost"));
    private static readonly Lazy<(X509Certificate2 Root, CertificateSource Leaf)> LazyChain = new(CreateChain);

    /// <summary>Self-signed ECDSA P-256 for "localhost".</summary>
    public static CertificateSource Localhost => LazyLocalhost.Value;

    /// <summary>Another self-signed "localhost" certificate with a different key.</summary>
    public static CertificateSource Impostor => LazyImpostor.Value;

    /// <summary>root CA → intermediate CA → leaf "localhost"; the source sends leaf + intermediate.</summary>
    public static (X509Certificate2 Root, CertificateSource Leaf) Chain => LazyChain.Value;

    /// <summary>Writes a certificate as a PEM file in <paramref name="directory"/> and returns its path.</summary>
    public static string WritePem(string directory, string fileName, X509Certificate2 certificate)
    {
        string path = Path.Combine(directory, fileName);
        File.WriteAllText(path, certificate.ExportCertificatePem() + "\n");
        return path;
    }

    private static (X509Certificate2, CertificateSource) CreateChain()
    {
        var now = DateTimeOffset.UtcNow;
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var rootRequest = new CertificateRequest("CN=sstp test root", rootKey, HashAlgorithmName.SHA256);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        rootRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        rootRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(rootRequest.PublicKey, false));
        var root = rootRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));

        using var intermediateKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var intermediateRequest = new CertificateRequest("CN=sstp test intermediate", intermediateKey, HashAlgorithmName.SHA256);
        intermediateRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        intermediateRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        intermediateRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(intermediateRequest.PublicKey, false));
        intermediateRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(root, true, false));
        using var intermediatePublic = intermediateRequest.Create(root, now.AddDays(-1), now.AddDays(29), [1]);
        var intermediate = intermediatePublic.CopyWithPrivateKey(intermediateKey);

        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var leafRequest = new CertificateRequest("CN=localhost", leafKey, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        leafRequest.CertificateExtensions.Add(san.Build());
        leafRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        leafRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        leafRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        leafRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(intermediate, true, false));
        using var leafPublic = leafRequest.Create(intermediate, now.AddDays(-1), now.AddDays(28), [2]);
        var leaf = leafPublic.CopyWithPrivateKey(leafKey);

        var publicIntermediate = X509CertificateLoader.LoadCertificate(intermediate.RawData);
        intermediate.Dispose();
        return (root, CertificateSource.FromCertificate(leaf, [publicIntermediate]));
    }
}
