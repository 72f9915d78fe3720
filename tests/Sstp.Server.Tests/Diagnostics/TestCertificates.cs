using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Sstp.Server.Tests.Diagnostics;

/// <summary>A root → intermediate → leaf chain made in the test, with fixed validity dates.</summary>
internal sealed class TestCertificates : IDisposable
{
    public TestCertificates(DateTimeOffset notBefore, DateTimeOffset leafNotAfter)
    {
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var rootRequest = new CertificateRequest("CN=Test Root", rootKey, HashAlgorithmName.SHA256);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        rootRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        rootRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(rootRequest.PublicKey, false));
        Root = rootRequest.CreateSelfSigned(notBefore, notBefore.AddYears(20));

        using var intermediateKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var intermediateRequest = new CertificateRequest("CN=Test Intermediate", intermediateKey, HashAlgorithmName.SHA256);
        intermediateRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        intermediateRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        intermediateRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(intermediateRequest.PublicKey, false));
        intermediateRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Root, true, false));
        using (var signed = intermediateRequest.Create(Root, notBefore, notBefore.AddYears(10), [1, 2, 3, 4]))
        {
            Intermediate = signed.CopyWithPrivateKey(intermediateKey);
        }

        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var leafRequest = new CertificateRequest("CN=vpn.test", leafKey, HashAlgorithmName.SHA256);
        leafRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        leafRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Intermediate, true, false));
        using var leafSigned = leafRequest.Create(Intermediate, notBefore, leafNotAfter, [5, 6, 7, 8]);
        Leaf = leafSigned.CopyWithPrivateKey(leafKey);
    }

    public X509Certificate2 Root { get; }

    public X509Certificate2 Intermediate { get; }

    /// <summary>The leaf, with its private key.</summary>
    public X509Certificate2 Leaf { get; }

    /// <summary>A fresh copy of the public part of a certificate (the source disposes what it is given).</summary>
    public static X509Certificate2 PublicCopy(X509Certificate2 certificate) => X509CertificateLoader.LoadCertificate(certificate.RawData);

    public void Dispose()
    {
        Root.Dispose();
        Intermediate.Dispose();
        Leaf.Dispose();
    }
}
