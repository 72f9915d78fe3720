using System.Net;
using Sstp.Server.Configuration;
using Sstp.Server.Hosting;

namespace Sstp.Server.Tests.Configuration;

/// <summary>The listener marks of <c>server.listen</c>, <c>server.trusted-proxies</c> and <c>server.offload-cert</c>.</summary>
public sealed class LoadBalancerConfigTests
{
    [Theory]
    [InlineData("0.0.0.0:443", "0.0.0.0:443", ListenerMarks.None)]
    [InlineData("127.0.0.1:8443 offload", "127.0.0.1:8443", ListenerMarks.Offload)]
    [InlineData("0.0.0.0:4443 proxy", "0.0.0.0:4443", ListenerMarks.Proxy)]
    [InlineData("10.0.0.5:8080 offload proxy", "10.0.0.5:8080", ListenerMarks.Offload | ListenerMarks.Proxy)]
    [InlineData("10.0.0.5:8080  PROXY   Offload", "10.0.0.5:8080", ListenerMarks.Offload | ListenerMarks.Proxy)]
    [InlineData("[::1]:443 proxy", "[::1]:443", ListenerMarks.Proxy)]
    public void ListenSpec_ParsesEndpointAndMarks(string item, string endpoint, ListenerMarks marks)
    {
        Assert.True(ListenSpec.TryParse(item, out var ep, out var parsed, out var error), error);
        Assert.Equal(IPEndPoint.Parse(endpoint), ep);
        Assert.Equal(marks, parsed);
    }

    [Fact]
    public void Validate_BindsMarksTrustedProxiesAndOffloadCert()
    {
        var errors = ServerOptionsValidator.Validate(
            Settings.Of(
                ("server.listen", "0.0.0.0:443, 127.0.0.1:8443 offload, 0.0.0.0:4443 proxy"),
                ("server.trusted-proxies", "10.77.77.1/32, fd00:1::/64"),
                ("server.offload-cert", "/etc/haproxy/sstp.pem")),
            out var o);

        Assert.Empty(errors);
        Assert.NotNull(o);
        Assert.Equal(3, o.Listen.Count);
        Assert.Equal(ListenerMarks.Offload, o.ListenerMarks[IPEndPoint.Parse("127.0.0.1:8443")]);
        Assert.Equal(ListenerMarks.Proxy, o.ListenerMarks[IPEndPoint.Parse("0.0.0.0:4443")]);
        Assert.False(o.ListenerMarks.ContainsKey(IPEndPoint.Parse("0.0.0.0:443")));
        Assert.Equal([IPNetwork.Parse("10.77.77.1/32"), IPNetwork.Parse("fd00:1::/64")], o.TrustedProxies);
        Assert.Equal("/etc/haproxy/sstp.pem", o.OffloadCertificatePath);
    }

    [Fact]
    public void Validate_OffloadListenerWithoutCert_NamesOffloadCert()
    {
        var errors = ServerOptionsValidator.Validate(Settings.Of(("server.listen", "127.0.0.1:8443 offload")), out var o);

        Assert.Null(o);
        var error = Assert.Single(errors);
        Assert.Equal("server.offload-cert", error.Key);
        Assert.Contains("offload listener", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ProxyListenerWithoutTrustedProxies_NamesTrustedProxies()
    {
        // Never trust by default: a proxy listener nobody may use is a mistake, said at start.
        var errors = ServerOptionsValidator.Validate(Settings.Of(("server.listen", "0.0.0.0:4443 proxy")), out var o);

        Assert.Null(o);
        var error = Assert.Single(errors);
        Assert.Equal("server.trusted-proxies", error.Key);
    }

    [Fact]
    public void Validate_TypedSnapshot_MarksOfAnEndpointNotListenedOn_IsAnError()
    {
        var options = ServerOptions.Default with
        {
            ListenerMarks = new Dictionary<IPEndPoint, ListenerMarks> { [IPEndPoint.Parse("127.0.0.1:9")] = ListenerMarks.Proxy },
            TrustedProxies = [IPNetwork.Parse("127.0.0.1/32")],
        };

        var error = Assert.Single(ServerOptionsValidator.Validate(options));
        Assert.Equal("server.listen", error.Key);
    }

    [Fact]
    public void Defaults_TrustNobody_AndMarkNothing()
    {
        Assert.Empty(ServerOptions.Default.TrustedProxies);
        Assert.Empty(ServerOptions.Default.ListenerMarks);
        Assert.Null(ServerOptions.Default.OffloadCertificatePath);
    }

    [Fact]
    public void ReloadDiff_ChangedMarksTrustOrOffloadCert_NeedARestart_AndKeepTheRunningValues()
    {
        var running = ServerOptions.Default;
        var loaded = running with
        {
            ListenerMarks = new Dictionary<IPEndPoint, ListenerMarks> { [running.Listen[1]] = ListenerMarks.Proxy },
            TrustedProxies = [IPNetwork.Parse("10.0.0.0/8")],
            OffloadCertificatePath = "/etc/haproxy/sstp.pem",
        };

        var diff = ReloadDiff.Compare(running, loaded);

        Assert.Contains("server.listen", diff.NeedsRestart);
        Assert.Contains("server.trusted-proxies", diff.NeedsRestart);
        Assert.Contains("server.offload-cert", diff.NeedsRestart);
        Assert.Empty(diff.Applied.ListenerMarks);
        Assert.Empty(diff.Applied.TrustedProxies);
        Assert.Null(diff.Applied.OffloadCertificatePath);
    }

    [Theory]
    [InlineData(ListenerMarks.None, "tls")]
    [InlineData(ListenerMarks.Offload, "offload")]
    [InlineData(ListenerMarks.Proxy, "proxy")]
    [InlineData(ListenerMarks.Offload | ListenerMarks.Proxy, "offload proxy")]
    public void Describe_WritesTheMarksAsConfigured(ListenerMarks marks, string text) => Assert.Equal(text, ListenSpec.Describe(marks));
}
