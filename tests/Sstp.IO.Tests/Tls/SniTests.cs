using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Sstp.IO.Tls;

namespace Sstp.IO.Tests.Tls;

/// <summary>
/// Several certificates on one acceptor: the name a client asks for picks the certificate, the server side
/// reports that certificate's fingerprints (the session's crypto binding input), and ALPN offers http/1.1.
/// </summary>
public sealed class SniTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("vpn.example.com", "vpn.example.com", true)]
    [InlineData("vpn.example.com", "VPN.Example.COM", true)]
    [InlineData("vpn.example.com", "vpn.example.com.", true)]
    [InlineData("vpn.example.com", "www.example.com", false)]
    [InlineData("*.example.com", "a.example.com", true)]
    [InlineData("*.example.com", "A.EXAMPLE.com", true)]
    [InlineData("*.example.com", "example.com", false)]
    [InlineData("*.example.com", "a.b.example.com", false)]
    [InlineData("*.example.com", ".example.com", false)]
    [InlineData("a*.example.com", "ab.example.com", false)]
    [InlineData("*.*.example.com", "a.b.example.com", false)]
    [InlineData("vpn.example.com", "", false)]
    public void NameMatching(string pattern, string host, bool expected) =>
        Assert.Equal(expected, ServerNameMatch.Matches(pattern, host));

    [Fact]
    public void Select_PrefersExactOverWildcard_AndFallsBackToTheDefault()
    {
        using var set = CertificateSource.WithAlternates(
            Make("default.example"), [Make("*.example.com"), Make("vpn.example.com"), Make("other.example")]);
        Assert.Same(set, set.Select(null));
        Assert.Same(set, set.Select("unknown.example.org"));
        Assert.Same(set.Alternates[0], set.Select("www.example.com"));
        Assert.Same(set.Alternates[1], set.Select("VPN.example.com"));
        Assert.Same(set.Alternates[2], set.Select("other.example."));
        Assert.Same(set, set.Select("example.com"));
    }

    [Fact]
    public void SameCertificatesAs_ComparesTheWholeSet()
    {
        var a = Make("a.example");
        var b = Make("b.example");
        using var one = CertificateSource.WithAlternates(FromLeaf(a), [FromLeaf(b)]);
        using var same = CertificateSource.WithAlternates(FromLeaf(a), [FromLeaf(b)]);
        using var fewer = FromLeaf(a);
        using var swapped = CertificateSource.WithAlternates(FromLeaf(b), [FromLeaf(a)]);
        Assert.True(one.SameCertificatesAs(same));
        Assert.False(one.SameCertificatesAs(fewer));
        Assert.False(one.SameCertificatesAs(swapped));
        a.Dispose();
        b.Dispose();
    }

    [Theory(Timeout = 20_000)]
    [InlineData("a.example", 0)]
    [InlineData("b.example", 1)]
    [InlineData("x.wild.example", 2)]
    [InlineData("nobody.example", -1)]
    [InlineData(null, -1)]
    public async Task TheHandshakeGetsTheCertificateForTheName(string? name, int alternate)
    {
        using var set = CertificateSource.WithAlternates(
            Make("default.example"), [Make("a.example"), Make("b.example"), Make("*.wild.example")]);
        var expected = alternate < 0 ? set : set.Alternates[alternate];
        var acceptor = new TlsAcceptor(set);

        var (server, clientCertificate, alpn) = await HandshakeAsync(acceptor, name, [SslApplicationProtocol.Http11]);
        await using (server)
        {
            Assert.Equal(expected.LeafSha256.ToArray(), CertificateHashes.Sha256(clientCertificate));
            Assert.Equal(expected.LeafSha256.ToArray(), server.ServerLeafSha256.ToArray());
            Assert.Equal(expected.LeafSha1.ToArray(), server.ServerLeafSha1.ToArray());
            Assert.Equal(SslApplicationProtocol.Http11, alpn);
        }
    }

    [Fact(Timeout = 20_000)]
    public async Task ReloadingTheSet_NewHandshakesSeeTheNewCertificates()
    {
        using var first = CertificateSource.WithAlternates(Make("default.example"), [Make("a.example")]);
        using var second = CertificateSource.WithAlternates(Make("default.example"), [Make("a.example")]);
        var acceptor = new TlsAcceptor(first);
        var (before, _, _) = await HandshakeAsync(acceptor, "a.example", null);
        await before.DisposeAsync();
        Assert.Equal(first.Alternates[0].LeafSha256.ToArray(), before.ServerLeafSha256.ToArray());

        acceptor.Certificate = second;
        var (after, _, _) = await HandshakeAsync(acceptor, "a.example", null);
        await after.DisposeAsync();
        Assert.Equal(second.Alternates[0].LeafSha256.ToArray(), after.ServerLeafSha256.ToArray());
    }

    [Fact(Timeout = 20_000)]
    public async Task AClientWithoutAlpn_LikeSstpClients_IsServedWithNoProtocol()
    {
        var acceptor = new TlsAcceptor(TestCertificates.Localhost);
        var (server, _, alpn) = await HandshakeAsync(acceptor, "localhost", null);
        await server.DisposeAsync();
        Assert.Equal(default, alpn);
    }

    [Fact(Timeout = 20_000)]
    public async Task AClientOfferingHttp2AndHttp11_GetsHttp11()
    {
        var acceptor = new TlsAcceptor(TestCertificates.Localhost);
        var (server, _, alpn) = await HandshakeAsync(acceptor, "localhost", [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11]);
        await server.DisposeAsync();
        Assert.Equal(SslApplicationProtocol.Http11, alpn);
    }

    [Fact(Timeout = 20_000)]
    public async Task AClientOfferingOnlyHttp2_IsRefusedCleanly()
    {
        var acceptor = new TlsAcceptor(TestCertificates.Localhost);
        var error = await Record.ExceptionAsync(() => HandshakeAsync(acceptor, "localhost", [SslApplicationProtocol.Http2]));
        Assert.True(error is System.Security.Authentication.AuthenticationException or IOException, error?.ToString());
    }

    private static CertificateSource Make(string name) => CertificateSource.CreateSelfSigned(name);

    private static CertificateSource FromLeaf(CertificateSource source) =>
        CertificateSource.FromCertificate(X509CertificateLoader.LoadPkcs12(source.Leaf.Export(X509ContentType.Pkcs12), null));

    private static async Task<(TlsConnection Server, X509Certificate2 Seen, SslApplicationProtocol Alpn)> HandshakeAsync(
        TlsAcceptor acceptor, string? name, List<SslApplicationProtocol>? protocols)
    {
        var (serverSide, clientSide) = DuplexPipeStream.CreatePair();
        var client = new SslStream(clientSide, leaveInnerStreamOpen: false, (_, certificate, _, _) => certificate is not null); // the test compares hashes itself
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = name ?? string.Empty,
            ApplicationProtocols = protocols,
        };
        var server = acceptor.AcceptAsync(serverSide, Ct);
        var connect = client.AuthenticateAsClientAsync(options, Ct);
        try
        {
            await Task.WhenAll(server, connect);
        }
        catch
        {
            await Task.WhenAny(Task.WhenAll(server, connect), Task.Delay(TimeSpan.FromSeconds(5), Ct));
            await client.DisposeAsync();
            throw;
        }

        var seen = X509CertificateLoader.LoadCertificate(client.RemoteCertificate!.GetRawCertData());
        var alpn = client.NegotiatedApplicationProtocol;
        await client.DisposeAsync();
        return (await server, seen, alpn);
    }
}
