using System.Net;
using Sstp.Server.Configuration;
using Sstp.Server.Hosting;

namespace Sstp.Server.Tests.Hosting;

/// <summary>
/// Nodes behind one balancer left at the default pools hand out the same addresses (found by the many-nodes E2E:
/// two nodes gave out the same IPv6 /64); the server warns at start.
/// </summary>
public sealed class DefaultPoolsBehindBalancerTests
{
    private static readonly Dictionary<IPEndPoint, ListenerMarks> Proxied = new() { [IPEndPoint.Parse("0.0.0.0:443")] = ListenerMarks.Proxy };

    [Fact]
    public void NoMarkedListener_NoWarning() =>
        Assert.Empty(LoadBalancerSupport.DefaultPoolsBehindBalancer(ServerOptions.Default));

    [Fact]
    public void MarkedListener_DefaultPools_NamesBothKeys() =>
        Assert.Equal(["pool.ipv4", "pool.ipv6"], LoadBalancerSupport.DefaultPoolsBehindBalancer(ServerOptions.Default with { ListenerMarks = Proxied }));

    [Fact]
    public void MarkedListener_OwnIpv4_IPv6Off_NoWarning()
    {
        var options = ServerOptions.Default with
        {
            ListenerMarks = new Dictionary<IPEndPoint, ListenerMarks> { [IPEndPoint.Parse("127.0.0.1:8443")] = ListenerMarks.Offload },
            Pool = new PoolOptions { Ipv4 = IPNetwork.Parse("10.88.1.0/24"), Ipv6 = null },
        };

        Assert.Empty(LoadBalancerSupport.DefaultPoolsBehindBalancer(options));
    }

    [Fact]
    public void MarkedListener_OwnIpv4_DefaultIpv6_NamesIpv6() =>
        Assert.Equal(
            ["pool.ipv6"],
            LoadBalancerSupport.DefaultPoolsBehindBalancer(ServerOptions.Default with { ListenerMarks = Proxied, Pool = new PoolOptions { Ipv4 = IPNetwork.Parse("10.88.2.0/24") } }));
}
