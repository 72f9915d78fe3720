using System.Security.Cryptography.X509Certificates;
using Sstp.IO.Tls;
using Sstp.Server.Diagnostics;

namespace Sstp.Server.Tests.Diagnostics;

/// <summary>Expiry classes at fixed dates, and detection of a certificate file that lacks an intermediate.</summary>
public class CertificateCheckTests
{
    private static readonly DateTimeOffset Now = new(2030, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(400, CertificateExpiry.Valid, 400)]
    [InlineData(31, CertificateExpiry.Valid, 31)]
    [InlineData(30, CertificateExpiry.Within30Days, 30)]
    [InlineData(8, CertificateExpiry.Within30Days, 8)]
    [InlineData(7, CertificateExpiry.Within7Days, 7)]
    [InlineData(1, CertificateExpiry.Within7Days, 1)]
    public void Classify_WholeDaysLeft(int days, CertificateExpiry expected, int expectedDays)
    {
        Assert.Equal(expected, CertificateCheck.Classify(Now.AddDays(days), Now, out int left));
        Assert.Equal(expectedDays, left);
    }

    [Fact]
    public void Classify_HoursLeft_IsUrgent_AndAfterNotAfter_IsExpired()
    {
        Assert.Equal(CertificateExpiry.Within7Days, CertificateCheck.Classify(Now.AddHours(5), Now, out int left));
        Assert.Equal(0, left);
        Assert.Equal(CertificateExpiry.Expired, CertificateCheck.Classify(Now, Now, out _));
        Assert.Equal(CertificateExpiry.Expired, CertificateCheck.Classify(Now.AddDays(-3), Now, out left));
        Assert.Equal(-3, left);
    }

    [Fact]
    public void LeafWithIntermediate_IsComplete()
    {
        using var chain = new TestCertificates(Now.AddDays(-10), Now.AddDays(90));
        using var source = CertificateSource.FromCertificate(
            X509CertificateLoader.LoadPkcs12(chain.Leaf.Export(X509ContentType.Pkcs12), null), [TestCertificates.PublicCopy(chain.Intermediate)]);

        var status = CertificateCheck.Check(source, Now, [chain.Root]);

        Assert.True(status.ChainComplete, string.Join("; ", status.Warnings));
        Assert.False(status.SelfSigned);
        Assert.Equal(CertificateExpiry.Valid, status.Expiry);
        Assert.Equal(90, status.DaysLeft);
        Assert.Empty(status.Warnings);
        Assert.Equal("CN=vpn.test", status.Subject);
    }

    [Fact]
    public void LeafAlone_IsIncomplete_AndTheWarningNamesTheMissingIssuer()
    {
        using var chain = new TestCertificates(Now.AddDays(-10), Now.AddDays(90));
        using var source = CertificateSource.FromCertificate(X509CertificateLoader.LoadPkcs12(chain.Leaf.Export(X509ContentType.Pkcs12), null));

        var status = CertificateCheck.Check(source, Now, [chain.Root]);

        Assert.False(status.ChainComplete);
        string warning = Assert.Single(status.Warnings);
        Assert.Contains("incomplete", warning, StringComparison.Ordinal);
        Assert.Contains("CN=Test Intermediate", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void IntermediateFoundOnlyOutsideTheFile_IsIncomplete()
    {
        using var chain = new TestCertificates(Now.AddDays(-10), Now.AddDays(90));
        using var source = CertificateSource.FromCertificate(X509CertificateLoader.LoadPkcs12(chain.Leaf.Export(X509ContentType.Pkcs12), null));

        // The machine knows the intermediate (as some trust stores do), but clients may not: still a warning.
        var status = CertificateCheck.Check(source, Now, [chain.Root, chain.Intermediate]);

        Assert.False(status.ChainComplete);
        Assert.Contains("not in the certificate file", Assert.Single(status.Warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void SelfSigned_IsComplete_AndSaysSo()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Now);
        using var source = CertificateSource.CreateSelfSigned("vpn.test", TimeSpan.FromDays(20), time);

        var status = CertificateCheck.Check(source, time.GetUtcNow());

        Assert.True(status.SelfSigned);
        Assert.True(status.ChainComplete);
        Assert.Equal(CertificateExpiry.Within30Days, status.Expiry);
        Assert.Contains("expires in 20 days", Assert.Single(status.Warnings), StringComparison.Ordinal);
    }
}
