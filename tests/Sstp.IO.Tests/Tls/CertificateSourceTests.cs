using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Time.Testing;
using Sstp.IO.Tls;

namespace Sstp.IO.Tests.Tls;

public sealed class CertificateSourceTests : IDisposable
{
    private readonly string _directory;

    public CertificateSourceTests()
    {
        _directory = Path.Combine(Path.GetTempPath(), "sstp-io-cert-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(_directory);
    }

    [Fact(Timeout = 10_000)]
    public void SelfSigned_IsP256ServerAuthWithDnsSanAndNotACa()
    {
        using var source = CertificateSource.CreateSelfSigned("vpn.example.org");
        var leaf = source.Leaf;
        Assert.True(leaf.HasPrivateKey);
        Assert.Equal("CN=vpn.example.org", leaf.Subject);
        Assert.Equal(leaf.Subject, leaf.Issuer);
        using (var key = leaf.GetECDsaPublicKey())
        {
            Assert.NotNull(key);
            Assert.Equal(256, key.KeySize);
            Assert.Equal(ECCurve.NamedCurves.nistP256.Oid.Value, key.ExportParameters(false).Curve.Oid.Value);
        }

        var eku = Assert.Single(leaf.Extensions.OfType<X509EnhancedKeyUsageExtension>());
        Assert.Equal("1.3.6.1.5.5.7.3.1", Assert.Single(eku.EnhancedKeyUsages.Cast<Oid>()).Value);
        var san = Assert.Single(leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>());
        Assert.Equal(["vpn.example.org"], san.EnumerateDnsNames());
        Assert.Empty(san.EnumerateIPAddresses());
        Assert.False(Assert.Single(leaf.Extensions.OfType<X509BasicConstraintsExtension>()).CertificateAuthority);
        Assert.Empty(source.Intermediates);
    }

    [Fact(Timeout = 10_000)]
    public void SelfSigned_IpLiteral_HasIpSan()
    {
        using var source = CertificateSource.CreateSelfSigned("192.0.2.10");
        var san = Assert.Single(source.Leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>());
        Assert.Equal([IPAddress.Parse("192.0.2.10")], san.EnumerateIPAddresses());
        Assert.Empty(san.EnumerateDnsNames());
    }

    [Fact(Timeout = 10_000)]
    public void SelfSigned_ValidityFollowsTheGivenClock()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero));
        using var source = CertificateSource.CreateSelfSigned("localhost", TimeSpan.FromDays(30), clock);
        Assert.Equal(new DateTime(2030, 1, 2, 2, 4, 5, DateTimeKind.Utc), source.Leaf.NotBefore.ToUniversalTime());
        Assert.Equal(new DateTime(2030, 2, 1, 3, 4, 5, DateTimeKind.Utc), source.Leaf.NotAfter.ToUniversalTime());
    }

    [Fact(Timeout = 10_000)]
    public void LeafHashes_AreSha1AndSha256OfTheDer()
    {
        // SSTP.md §8.2: CertHash = SHA1(DER(leaf)) or SHA256(DER(leaf)), the ordinary fingerprint.
        var source = TestCertificates.Localhost;
        byte[] der = source.Leaf.RawData;
        Assert.Equal(SHA256.HashData(der), source.LeafSha256.ToArray());
        Assert.Equal(source.Leaf.GetCertHash(HashAlgorithmName.SHA256), source.LeafSha256.ToArray());
        Assert.Equal(source.Leaf.GetCertHash(), source.LeafSha1.ToArray()); // GetCertHash() is SHA-1 over the DER
        Assert.Equal(source.Leaf.Thumbprint, Convert.ToHexString(source.LeafSha1.Span));
    }

    [Theory(Timeout = 10_000)]
    [InlineData("AB:CD:01:ef", new byte[] { 0xAB, 0xCD, 0x01, 0xEF })]
    [InlineData("abcd01EF", new byte[] { 0xAB, 0xCD, 0x01, 0xEF })]
    [InlineData("ab cd 01 ef", new byte[] { 0xAB, 0xCD, 0x01, 0xEF })]
    public void ParseHex_AcceptsOpensslFingerprintForms(string text, byte[] expected) =>
        Assert.Equal(expected, CertificateHashes.ParseHex(text));

    [Fact(Timeout = 10_000)]
    public void ParseHex_OddDigits_Throws() =>
        Assert.Throws<FormatException>(() => CertificateHashes.ParseHex("abc"));

    [Fact(Timeout = 10_000)]
    public void SavePem_ThenLoadPem_GivesTheSameCertificateAndAWorkingKey()
    {
        using var original = CertificateSource.CreateSelfSigned("localhost");
        string certPath = Path.Combine(_directory, "server.crt");
        string keyPath = Path.Combine(_directory, "server.key");
        original.SavePem(certPath, keyPath);

        Assert.StartsWith("-----BEGIN CERTIFICATE-----", File.ReadAllText(certPath), StringComparison.Ordinal);
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", File.ReadAllText(keyPath), StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyPath));

        using var loaded = CertificateSource.LoadPem(certPath, keyPath);
        Assert.Equal(original.Leaf.RawData, loaded.Leaf.RawData);
        Assert.Equal(original.LeafSha256.ToArray(), loaded.LeafSha256.ToArray());
        Assert.Empty(loaded.Intermediates);

        // The loaded private key signs what the original public key verifies.
        byte[] data = "crypto binding"u8.ToArray();
        using var privateKey = loaded.Leaf.GetECDsaPrivateKey()!;
        using var publicKey = original.Leaf.GetECDsaPublicKey()!;
        Assert.True(publicKey.VerifyData(data, privateKey.SignData(data, HashAlgorithmName.SHA256), HashAlgorithmName.SHA256));
    }

    [Fact(Timeout = 10_000)]
    public void LoadPem_KeyInsideCertificateFile_Works()
    {
        using var original = CertificateSource.CreateSelfSigned("localhost");
        string certPath = Path.Combine(_directory, "c.pem");
        string keyPath = Path.Combine(_directory, "k.pem");
        original.SavePem(certPath, keyPath);
        string combined = Path.Combine(_directory, "combined.pem");
        File.WriteAllText(combined, File.ReadAllText(certPath) + File.ReadAllText(keyPath));

        using var loaded = CertificateSource.LoadPem(combined);
        Assert.True(loaded.Leaf.HasPrivateKey);
        Assert.Equal(original.Leaf.RawData, loaded.Leaf.RawData);
    }

    [Fact(Timeout = 10_000)]
    public void PemChainFile_LeafFirst_KeepsIntermediatesToSend()
    {
        var (_, chain) = TestCertificates.Chain;
        string certPath = Path.Combine(_directory, "fullchain.pem");
        string keyPath = Path.Combine(_directory, "privkey.pem");
        chain.SavePem(certPath, keyPath);

        using var loaded = CertificateSource.LoadPem(certPath, keyPath);
        Assert.Equal(chain.Leaf.RawData, loaded.Leaf.RawData);
        var intermediate = Assert.Single(loaded.Intermediates);
        Assert.Equal(chain.Intermediates[0].RawData, intermediate.RawData);
        Assert.Equal("CN=sstp test intermediate", intermediate.Subject);
    }

    [Fact(Timeout = 10_000)]
    public void LoadPem_KeyOfAnotherCertificate_Throws()
    {
        using var a = CertificateSource.CreateSelfSigned("localhost");
        using var b = CertificateSource.CreateSelfSigned("localhost");
        a.SavePem(Path.Combine(_directory, "a.crt"), Path.Combine(_directory, "a.key"));
        b.SavePem(Path.Combine(_directory, "b.crt"), Path.Combine(_directory, "b.key"));
        Assert.ThrowsAny<CryptographicException>(
            () => CertificateSource.LoadPem(Path.Combine(_directory, "a.crt"), Path.Combine(_directory, "b.key")));
    }

    [Fact(Timeout = 10_000)]
    public void Pfx_WithChain_LoadsLeafWithKeyAndIntermediates()
    {
        var (_, chain) = TestCertificates.Chain;
        var collection = new X509Certificate2Collection { chain.Leaf, chain.Intermediates[0] };
        string path = Path.Combine(_directory, "server.pfx");
        File.WriteAllBytes(path, collection.Export(X509ContentType.Pkcs12, "secret")!);

        using var loaded = CertificateSource.LoadPfx(path, "secret");
        Assert.True(loaded.Leaf.HasPrivateKey);
        Assert.Equal(chain.Leaf.RawData, loaded.Leaf.RawData);
        Assert.Equal(chain.Intermediates[0].RawData, Assert.Single(loaded.Intermediates).RawData);
        Assert.Equal(chain.LeafSha256.ToArray(), loaded.LeafSha256.ToArray());
    }

    [Fact(Timeout = 10_000)]
    public void Pfx_WithoutPrivateKey_Throws()
    {
        using var publicOnly = X509CertificateLoader.LoadCertificate(TestCertificates.Localhost.Leaf.RawData);
        string path = Path.Combine(_directory, "nokey.pfx");
        File.WriteAllBytes(path, publicOnly.Export(X509ContentType.Pkcs12, "pw")!);
        Assert.ThrowsAny<CryptographicException>(() => CertificateSource.LoadPfx(path, "pw"));
    }

    [Fact(Timeout = 10_000)]
    public void FromCertificate_WithoutPrivateKey_Throws()
    {
        var publicOnly = X509CertificateLoader.LoadCertificate(TestCertificates.Localhost.Leaf.RawData);
        Assert.Throws<ArgumentException>(() => CertificateSource.FromCertificate(publicOnly));
        publicOnly.Dispose();
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
