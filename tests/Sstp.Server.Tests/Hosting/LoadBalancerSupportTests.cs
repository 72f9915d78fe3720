using System.Buffers;
using System.Net;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Sstp.IO.Tls;
using Sstp.Protocol.Http;
using Sstp.Server.Hosting;

namespace Sstp.Server.Tests.Hosting;

/// <summary>Trusted proxies, reading exactly one PROXY header, and the offload certificate's hashes.</summary>
public sealed class LoadBalancerSupportTests
{
    private static readonly byte[] V2Signature = [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A];

    /// <summary>What follows the header on a proxy listener: the start of a TLS ClientHello.</summary>
    private static readonly byte[] After = [0x16, 0x03, 0x01, 0x02, 0x00, 0x01];

    [Theory]
    [InlineData("10.77.77.1", true)]
    [InlineData("10.77.77.2", false)]
    [InlineData("::ffff:10.77.77.1", true)]
    [InlineData("fd00:1::5", true)]
    [InlineData("fd00:2::5", false)]
    public void IsTrustedProxy_OnlyTheListedNetworks(string address, bool trusted)
    {
        IPNetwork[] networks = [IPNetwork.Parse("10.77.77.1/32"), IPNetwork.Parse("fd00:1::/64")];
        Assert.Equal(trusted, LoadBalancerSupport.IsTrustedProxy(networks, IPAddress.Parse(address)));
    }

    [Fact]
    public void IsTrustedProxy_EmptyList_TrustsNobody() =>
        Assert.False(LoadBalancerSupport.IsTrustedProxy([], IPAddress.Loopback));

    public static TheoryData<string, byte[]> Headers => new()
    {
        { "v1 TCP4", Encoding.ASCII.GetBytes("PROXY TCP4 10.77.77.2 10.77.77.1 51234 443\r\n") },
        { "v1 UNKNOWN", Encoding.ASCII.GetBytes("PROXY UNKNOWN\r\n") },
        { "v2 PROXY TCP4", V2(0x21, 0x11, [10, 77, 77, 2, 10, 77, 77, 1, 0xC8, 0x22, 0x01, 0xBB]) },
        { "v2 LOCAL", V2(0x20, 0x00, []) },
        { "v2 TCP4 with a TLV", V2(0x21, 0x11, [10, 77, 77, 2, 10, 77, 77, 1, 0xC8, 0x22, 0x01, 0xBB, 0x04, 0x00, 0x03, 0x61, 0x62, 0x63]) },
    };

    [Theory]
    [MemberData(nameof(Headers))]
    public void ProxyHeaderBytesWanted_ReadsTheWholeHeader_AndNotOneByteMore(string name, byte[] header)
    {
        byte[] wire = [.. header, .. After];
        int have = 0;
        while (true)
        {
            var status = ProxyProtocolParser.TryParse(wire.AsSpan(0, have), out _, out int consumed, out var error);
            Assert.NotEqual(OperationStatus.InvalidData, status);
            if (status == OperationStatus.Done)
            {
                Assert.Equal(header.Length, consumed);
                Assert.Equal(header.Length, have);
                return;
            }

            int want = LoadBalancerSupport.ProxyHeaderBytesWanted(wire.AsSpan(0, have));
            Assert.True(want >= 1, name);
            Assert.True(have + want <= header.Length, $"{name}: asked for {want} at {have}, past the header");
            have += want;
        }
    }

    [Fact]
    public void ProxyHeaderBytesWanted_V2_AsksForTheRestInOneRead()
    {
        var header = V2(0x21, 0x11, new byte[12]);
        Assert.Equal(1, LoadBalancerSupport.ProxyHeaderBytesWanted([]));
        Assert.Equal(15, LoadBalancerSupport.ProxyHeaderBytesWanted(header.AsSpan(0, 1)));
        Assert.Equal(12, LoadBalancerSupport.ProxyHeaderBytesWanted(header.AsSpan(0, 16)));
    }

    [Fact]
    public void OffloadHashes_AreTheCertificatesFingerprints_FromAPemWithKeyFirst()
    {
        using var source = CertificateSource.CreateSelfSigned("lb.test", TimeSpan.FromDays(30), new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero)));
        // HAProxy's crt file: key and certificate in one PEM, in either order.
        string pem = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n" + source.Leaf.ExportCertificatePem() + "\n";

        var hashes = LoadBalancerSupport.OffloadHashesOf(pem);

        Assert.NotNull(hashes);
        Assert.Equal(source.LeafSha1.ToArray(), hashes.Value.Sha1);
        Assert.Equal(source.LeafSha256.ToArray(), hashes.Value.Sha256);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")]
    [InlineData("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")]
    public void OffloadHashes_NoUsableCertificate_IsNull(string pem) => Assert.Null(LoadBalancerSupport.OffloadHashesOf(pem));

    [Fact]
    public void LoadOffloadHashes_MissingFile_NamesTheKey()
    {
        var e = Assert.Throws<IOException>(() => LoadBalancerSupport.LoadOffloadHashes(Path.Combine(Path.GetTempPath(), "sstp-no-such-" + Guid.NewGuid().ToString("N"))));
        Assert.StartsWith("server.offload-cert:", e.Message, StringComparison.Ordinal);
    }

    private static byte[] V2(byte versionCommand, byte family, byte[] body) =>
        [.. V2Signature, versionCommand, family, (byte)(body.Length >> 8), (byte)body.Length, .. body];
}
