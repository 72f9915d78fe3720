using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Sstp.E2E.Tests.Radius;

/// <summary>
/// A throw-away PKI for EAP-TLS, written as PEM files into one folder: a CA, the RADIUS server's certificate and a
/// client certificate whose subject CN is the user name. The folder is deleted on dispose.
/// </summary>
internal sealed class EapTlsCertificates : IDisposable
{
    private EapTlsCertificates(string directory) => Folder = directory;

    /// <summary>The folder holding the files.</summary>
    public string Folder { get; }

    /// <summary>The CA certificate (PEM).</summary>
    public string Ca => Path.Combine(Folder, "ca.pem");

    /// <summary>The RADIUS server's certificate (PEM).</summary>
    public string ServerCertificate => Path.Combine(Folder, "server.pem");

    /// <summary>The RADIUS server's private key (PKCS#8 PEM, unencrypted).</summary>
    public string ServerKey => Path.Combine(Folder, "server.key");

    /// <summary>The client's certificate (PEM).</summary>
    public string ClientCertificate => Path.Combine(Folder, "client.pem");

    /// <summary>The client's private key (PKCS#8 PEM, unencrypted).</summary>
    public string ClientKey => Path.Combine(Folder, "client.key");

    /// <summary>Creates the CA and both certificates in a new folder under <paramref name="parent"/>.</summary>
    public static EapTlsCertificates Create(string parent, string clientName)
    {
        string directory = Path.Combine(parent, "sstp-eaptls-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        var files = new EapTlsCertificates(directory);
        var now = DateTimeOffset.UtcNow;

        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=sstp e2e EAP-TLS CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(now.AddHours(-1), now.AddDays(2));
        File.WriteAllText(files.Ca, ca.ExportCertificatePem() + "\n");

        Issue(ca, "CN=radius.sstp-e2e", "1.3.6.1.5.5.7.3.1", files.ServerCertificate, files.ServerKey, now, 1);   // serverAuth
        Issue(ca, "CN=" + clientName, "1.3.6.1.5.5.7.3.2", files.ClientCertificate, files.ClientKey, now, 2);    // clientAuth
        return files;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }

    private static void Issue(X509Certificate2 ca, string subject, string usage, string certificateFile, string keyFile, DateTimeOffset now, byte serial)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        using var certificate = request.Create(ca, now.AddHours(-1), now.AddDays(1), [serial, 0x5e, 0x7a]);
        File.WriteAllText(certificateFile, certificate.ExportCertificatePem() + "\n");
        File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem() + "\n");
        File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }
}
