using System.Net;
using Sstp.Server.Pools;

namespace Sstp.Server.Tests.Pools;

/// <summary>Addresses RADIUS names (Framed-IP-Address, Framed-IPv6-Prefix) reserved in the pools.</summary>
public class PoolReserveTests
{
    private static IPAddress A(string text) => IPAddress.Parse(text);

    private static IPNetwork N(string text) => IPNetwork.Parse(text);

    [Fact]
    public void Ipv4_Reserved_IsNeverHandedOutByTheCursor()
    {
        var pool = new Ipv4Pool(N("10.88.0.0/29"));   // clients .2-.6
        Assert.True(pool.TryReserve(A("10.88.0.3"), out string? problem), problem);

        var got = new List<IPAddress>();
        while (pool.TryAllocate("u", out var a))
        {
            got.Add(a);
        }

        Assert.Equal([A("10.88.0.2"), A("10.88.0.4"), A("10.88.0.5"), A("10.88.0.6")], got);
        Assert.True(pool.IsAllocated(A("10.88.0.3")));
        Assert.Equal(5, pool.InUse);
    }

    [Fact]
    public void Ipv4_Reserved_IsNeverHandedOutFromTheReleasedQueue()
    {
        var pool = new Ipv4Pool(N("10.88.0.0/30"));   // one client address, .2
        Assert.True(pool.TryAllocate("u", out var only));
        Assert.True(pool.Release(only));             // .2 queued for reuse
        Assert.True(pool.TryReserve(only, out _));    // RADIUS takes it by name

        Assert.False(pool.TryAllocate("v", out _));   // the queue entry is stale, not a second lease
        Assert.True(pool.Release(only));
        Assert.True(pool.TryAllocate("v", out var again));
        Assert.Equal(only, again);
    }

    [Theory]
    [InlineData("10.88.0.2", "in use by another session")]
    [InlineData("10.88.0.9", "reserved for another user")]
    [InlineData("10.88.0.1", "the network, gateway or broadcast address of 10.88.0.0/24")]
    [InlineData("10.88.0.255", "the network, gateway or broadcast address of 10.88.0.0/24")]
    [InlineData("10.99.0.5", "outside the pool 10.88.0.0/24")]
    public void Ipv4_TryReserve_Refused_SaysWhy(string address, string expected)
    {
        var pool = new Ipv4Pool(N("10.88.0.0/24"), new Dictionary<string, IPAddress> { ["static"] = A("10.88.0.9") });
        Assert.True(pool.TryAllocate("u", out var first));
        Assert.Equal(A("10.88.0.2"), first);

        Assert.False(pool.TryReserve(A(address), out string? problem));
        Assert.Equal(expected, problem);
    }

    [Fact]
    public void Ipv4_ReservedTwice_SecondRefused_ReleaseFreesIt()
    {
        var pool = new Ipv4Pool(N("10.88.0.0/24"));
        Assert.True(pool.TryReserve(A("10.88.0.77"), out _));
        Assert.False(pool.TryReserve(A("10.88.0.77"), out string? problem));
        Assert.Equal("in use by another session", problem);
        Assert.True(pool.Release(A("10.88.0.77")));
        Assert.True(pool.TryReserve(A("10.88.0.77"), out _));
    }

    [Fact]
    public void Ipv6_Reserved_IsSkippedByAllocation()
    {
        var pool = new Ipv6PrefixPool(N("fd00:88::/48"));
        Assert.True(pool.TryReserve(N("fd00:88:0:1::/64"), out string? problem), problem);

        Assert.True(pool.TryAllocate("u", out var next));
        Assert.Equal(N("fd00:88:0:2::/64"), next);
        Assert.True(pool.IsAllocated(N("fd00:88:0:1::/64")));
    }

    [Theory]
    [InlineData("fd00:88:0:2::/64", "in use by another session")]
    [InlineData("fd00:88::/64", "the server's /64")]
    [InlineData("fd00:88:0:3::/64", "reserved for another user")]
    [InlineData("fd00:99::/64", "not a /64 inside the pool fd00:88::/48")]
    [InlineData("fd00:88:0:4::/62", "not a /64 inside the pool fd00:88::/48")]
    public void Ipv6_TryReserve_Refused_SaysWhy(string prefix, string expected)
    {
        var pool = new Ipv6PrefixPool(N("fd00:88::/48"), new Dictionary<string, IPNetwork> { ["static"] = N("fd00:88:0:3::/64") });
        Assert.True(pool.TryReserve(N("fd00:88:0:2::/64"), out _));

        Assert.False(pool.TryReserve(N(prefix), out string? problem));
        Assert.Equal(expected, problem);
    }
}
