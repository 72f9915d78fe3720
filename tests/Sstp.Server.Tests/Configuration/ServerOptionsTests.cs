using System.Net;
using Microsoft.Extensions.Logging;
using Sstp.Protocol.Ppp.Lcp;
using Sstp.Protocol.Sstp;
using Sstp.Server.Configuration;

namespace Sstp.Server.Tests.Configuration;

public class ServerOptionsTests
{
    [Fact]
    public void Default_HasTheEmbeddedDefaultsOfTheIssue()
    {
        var o = ServerOptions.Default;
        Assert.Equal([IPEndPoint.Parse("[::]:443"), IPEndPoint.Parse("0.0.0.0:443")], o.Listen);
        Assert.Null(o.Tls.CertificatePath);
        Assert.Null(o.Tls.KeyPath);
        Assert.True(o.Tls.UsesSelfSigned);
        Assert.Equal("/var/lib/sstp", o.StateDirectory);
        Assert.Equal("/etc/sstp/users", o.UsersFile);
        Assert.Equal([AuthMethod.MsChapV2, AuthMethod.EapMsChapV2], o.Auth);
        Assert.Equal(CryptoBindingPolicy.Enforce, o.CryptoBinding);
        Assert.Equal(TimeSpan.FromSeconds(60), o.HelloInterval);
        Assert.Equal(LogLevel.Information, o.LogLevel);
        Assert.Equal(IPNetwork.Parse("10.88.0.0/16"), o.Pool.Ipv4);
        Assert.Equal(IPNetwork.Parse("fd00:88::/48"), o.Pool.Ipv6);
        Assert.Empty(o.Pool.Dns);
        Assert.Equal("sstp0", o.Tunnel.Name);
        Assert.Equal(1400, o.Tunnel.Mtu);
        Assert.False(o.Tunnel.Nat);
        Assert.Equal(WriteMerging.Auto, o.Tunnel.WriteMerging);
        Assert.True(o.Tunnel.Offload);
        Assert.Equal(10_000, o.Limits.MaxSessions);
        Assert.Equal(0, o.Limits.MaxSessionsPerUser);
        Assert.Equal(TimeSpan.FromSeconds(30), o.Limits.PreAuthTimeout);
        Assert.Equal(256, o.Limits.MaxConcurrentHandshakes);
    }

    [Fact]
    public void Default_IsValid()
    {
        Assert.Empty(ServerOptionsValidator.Validate(ServerOptions.Default));
    }

    [Fact]
    public void Default_Pool4HoldsMoreClientsThanMaxSessions()
    {
        long clients = (1L << (32 - ServerOptions.Default.Pool.Ipv4.PrefixLength)) - 3;
        Assert.True(clients >= ServerOptions.Default.Limits.MaxSessions);
    }

    [Fact]
    public void With_ChangesOnlyTheCopy()
    {
        var changed = ServerOptions.Default with { Tunnel = ServerOptions.Default.Tunnel with { Mtu = 1300 } };
        Assert.Equal(1300, changed.Tunnel.Mtu);
        Assert.Equal(1400, ServerOptions.Default.Tunnel.Mtu);
    }

    [Theory]
    [InlineData(AuthMethod.Pap, "pap")]
    [InlineData(AuthMethod.Chap, "chap")]
    [InlineData(AuthMethod.MsChapV2, "mschapv2")]
    [InlineData(AuthMethod.EapMsChapV2, "eap-mschapv2")]
    public void AuthMethod_NameRoundTrips(AuthMethod method, string name)
    {
        Assert.Equal(name, method.ToConfigName());
        Assert.True(AuthMethodExtensions.TryParse(name.ToUpperInvariant(), out var parsed));
        Assert.Equal(method, parsed);
    }

    [Fact]
    public void AuthMethod_MapsToTheLcpOption()
    {
        Assert.Equal(AuthProtocolOption.Pap, AuthMethod.Pap.ToAuthProtocolOption());
        Assert.Equal(AuthProtocolOption.ChapMd5, AuthMethod.Chap.ToAuthProtocolOption());
        Assert.Equal(AuthProtocolOption.MsChapV2, AuthMethod.MsChapV2.ToAuthProtocolOption());
        Assert.Equal(AuthProtocolOption.Eap, AuthMethod.EapMsChapV2.ToAuthProtocolOption());
    }

    [Fact]
    public void ConfigError_FormatsKeyThenMessage()
    {
        Assert.Equal("pool.ipv4: bad", new ConfigError("pool.ipv4", "bad").ToString());
    }
}
