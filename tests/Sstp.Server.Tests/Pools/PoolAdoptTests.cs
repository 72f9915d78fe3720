using System.Net;
using Sstp.Server.Pools;

namespace Sstp.Server.Tests.Pools;

/// <summary>A reload builds new pools and moves the leases of live sessions into them.</summary>
public class PoolAdoptTests
{
    private static IPAddress A(string text) => IPAddress.Parse(text);

    private static IPNetwork N(string text) => IPNetwork.Parse(text);

    [Fact]
    public void Ipv4_AdoptedLease_IsNotHandedOutAgain()
    {
        var old = new Ipv4Pool(N("10.88.0.0/29"));
        Assert.True(old.TryAllocate("alice", out var lease));      // 10.88.0.2

        var fresh = new Ipv4Pool(N("10.88.0.0/29"));
        Assert.True(fresh.TryAdopt("alice", lease));

        var handedOut = new List<IPAddress>();
        while (fresh.TryAllocate("bob", out var a))
        {
            handedOut.Add(a);
        }

        Assert.DoesNotContain(lease, handedOut);
        Assert.Equal(4, handedOut.Count);
        Assert.True(fresh.Release(lease));
        Assert.True(fresh.TryAllocate("carol", out var again));
        Assert.Equal(lease, again);
    }

    [Fact]
    public void Ipv4_LeaseOutsideTheNewRange_IsNotAdopted_AndItsReleaseTouchesNothing()
    {
        var fresh = new Ipv4Pool(N("10.99.0.0/29"));
        Assert.False(fresh.TryAdopt("alice", A("10.88.0.2")));
        Assert.Equal(0, fresh.InUse);

        // The session ends later: the server does not give it to the new pool, and a stray release is refused.
        Assert.False(fresh.Release(A("10.88.0.2")));
        Assert.Equal(0, fresh.InUse);
        Assert.Equal(5, fresh.AvailableDynamic);
    }

    [Fact]
    public void Ipv4_LeaseThatIsNowAnotherUsersStaticAddress_IsNotAdopted()
    {
        var reserved = new Dictionary<string, IPAddress> { ["bob"] = A("10.88.0.2") };
        var fresh = new Ipv4Pool(N("10.88.0.0/29"), reserved);
        Assert.False(fresh.TryAdopt("alice", A("10.88.0.2")));
        Assert.True(fresh.TryAdopt("bob", A("10.88.0.2")));
        Assert.False(fresh.TryAllocate("bob", out _));     // bob's static address is held by his live session
    }

    [Fact]
    public void Ipv4_SameLeaseTwice_IsAdoptedOnce()
    {
        var fresh = new Ipv4Pool(N("10.88.0.0/29"));
        Assert.True(fresh.TryAdopt("alice", A("10.88.0.4")));
        Assert.False(fresh.TryAdopt("bob", A("10.88.0.4")));
        Assert.Equal(1, fresh.InUse);
    }

    [Fact]
    public void Ipv6_AdoptedPrefix_IsNotHandedOutAgain_AndOutsideIsRefused()
    {
        var fresh = new Ipv6PrefixPool(N("fd00:88::/62"));      // client /64s :1, :2, :3
        Assert.True(fresh.TryAdopt("alice", N("fd00:88:0:1::/64")));
        Assert.False(fresh.TryAdopt("alice", N("fd00:99:0:1::/64")));
        Assert.True(fresh.TryAllocate("bob", out var next));
        Assert.Equal(N("fd00:88:0:2::/64"), next);
    }
}
