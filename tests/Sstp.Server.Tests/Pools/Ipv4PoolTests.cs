using System.Collections.Concurrent;
using System.Net;
using Sstp.Server.Pools;

namespace Sstp.Server.Tests.Pools;

public class Ipv4PoolTests
{
    private static IPAddress A(string text) => IPAddress.Parse(text);

    private static Dictionary<string, IPAddress> Reserved(params (string User, string Address)[] r) =>
        r.ToDictionary(x => x.User, x => A(x.Address));

    [Fact]
    public void New_FirstHostIsTheGateway()
    {
        var pool = new Ipv4Pool(IPNetwork.Parse("10.88.0.0/16"));
        Assert.Equal(A("10.88.0.1"), pool.Gateway);
        Assert.Equal(65_533, pool.Capacity);
        Assert.Equal(0, pool.InUse);
    }

    [Fact]
    public void TryAllocate_HandsOutInOrderAfterTheGateway()
    {
        var pool = new Ipv4Pool(IPNetwork.Parse("10.88.0.0/24"));
        var got = Enumerable.Range(0, 3).Select(i => pool.TryAllocate("u" + i, out var a) ? a : null);
        Assert.Equal([A("10.88.0.2"), A("10.88.0.3"), A("10.88.0.4")], got);
        Assert.Equal(3, pool.InUse);
    }

    [Fact]
    public void TryAllocate_Exhaustion_NeverNetworkGatewayOrBroadcast()
    {
        var pool = new Ipv4Pool(IPNetwork.Parse("192.168.5.0/29")); // .0 network, .1 gateway, .7 broadcast
        var got = new List<IPAddress>();
        while (pool.TryAllocate("u", out var a))
        {
            got.Add(a);
        }

        Assert.Equal(["192.168.5.2", "192.168.5.3", "192.168.5.4", "192.168.5.5", "192.168.5.6"], got.Select(a => a.ToString()));
        Assert.Equal(5, pool.Capacity);
        Assert.Equal(0, pool.AvailableDynamic);
        Assert.False(pool.TryAllocate("late", out var none));
        Assert.Equal(IPAddress.None, none);
    }

    [Fact]
    public void Slash30_HasOneClient()
    {
        var pool = new Ipv4Pool(IPNetwork.Parse("10.0.0.0/30"));
        Assert.True(pool.TryAllocate("a", out var a));
        Assert.Equal(A("10.0.0.2"), a);
        Assert.False(pool.TryAllocate("b", out _));
    }

    [Fact]
    public void Release_ReusesOnlyWhenNoNeverUsedAddressIsLeft_OldestFirst()
    {
        var pool = new Ipv4Pool(IPNetwork.Parse("10.0.0.0/29")); // clients .2-.6
        pool.TryAllocate("a", out var a2);
        pool.TryAllocate("b", out var a3);
        pool.TryAllocate("c", out var a4);

        Assert.True(pool.Release(a3));
        Assert.True(pool.Release(a2));
        pool.TryAllocate("d", out var next1);
        pool.TryAllocate("e", out var next2);
        pool.TryAllocate("f", out var reused1);
        pool.TryAllocate("g", out var reused2);

        Assert.Equal(A("10.0.0.5"), next1); // never used before, although .3 and .2 are free
        Assert.Equal(A("10.0.0.6"), next2);
        Assert.Equal(a3, reused1); // released first
        Assert.Equal(a2, reused2);
        Assert.Equal(A("10.0.0.4"), a4);
        Assert.False(pool.TryAllocate("h", out _));
    }

    [Fact]
    public void Release_Twice_OrNeverAllocated_IsFalse()
    {
        var pool = new Ipv4Pool(IPNetwork.Parse("10.0.0.0/24"));
        pool.TryAllocate("a", out var a);

        Assert.True(pool.Release(a));
        Assert.False(pool.Release(a));
        Assert.False(pool.Release(A("10.0.0.99")));
        Assert.False(pool.Release(A("10.0.0.1"))); // gateway
        Assert.False(pool.Release(A("10.9.9.9"))); // outside
        Assert.False(pool.Release(A("fd00::1")));
        Assert.Equal(0, pool.InUse);
    }

    [Fact]
    public void StaticAddress_GoesOnlyToItsUser()
    {
        var pool = new Ipv4Pool(IPNetwork.Parse("10.0.0.0/29"), Reserved(("alice", "10.0.0.3")));
        var dynamic = new List<IPAddress>();
        while (pool.TryAllocate("someone", out var a))
        {
            dynamic.Add(a);
        }

        Assert.DoesNotContain(A("10.0.0.3"), dynamic);
        Assert.Equal(4, dynamic.Count);
        Assert.True(pool.TryAllocate("ALICE", out var alice));
        Assert.Equal(A("10.0.0.3"), alice);
    }

    [Fact]
    public void StaticAddress_SecondSessionOfTheUser_GetsNothing()
    {
        var pool = new Ipv4Pool(IPNetwork.Parse("10.0.0.0/24"), Reserved(("alice", "10.0.0.50")));
        Assert.True(pool.TryAllocate("alice", out _));
        Assert.False(pool.TryAllocate("alice", out _));

        Assert.True(pool.Release(A("10.0.0.50")));
        Assert.True(pool.TryAllocate("alice", out var again));
        Assert.Equal(A("10.0.0.50"), again);
    }

    [Fact]
    public void StaticAddress_Released_NeverGoesToSomeoneElse()
    {
        var pool = new Ipv4Pool(IPNetwork.Parse("10.0.0.0/30"), Reserved(("alice", "10.0.0.2")));
        Assert.True(pool.TryAllocate("alice", out var a));
        Assert.True(pool.Release(a));
        Assert.False(pool.TryAllocate("bob", out _)); // the only client address is alice's
        Assert.Equal(0, pool.AvailableDynamic);
    }

    [Theory]
    [InlineData("10.1.0.5", "static ipv4 10.1.0.5 of 'alice' is outside the pool 10.0.0.0/24")]
    [InlineData("10.0.0.0", "static ipv4 10.0.0.0 of 'alice' is the network, gateway or broadcast address of 10.0.0.0/24")]
    [InlineData("10.0.0.1", "static ipv4 10.0.0.1 of 'alice' is the network, gateway or broadcast address of 10.0.0.0/24")]
    [InlineData("10.0.0.255", "static ipv4 10.0.0.255 of 'alice' is the network, gateway or broadcast address of 10.0.0.0/24")]
    public void CheckReservations_UnusableAddress(string address, string problem)
    {
        var network = IPNetwork.Parse("10.0.0.0/24");
        Assert.Equal([problem], Ipv4Pool.CheckReservations(network, Reserved(("alice", address))));
        var e = Assert.Throws<ArgumentException>(() => new Ipv4Pool(network, Reserved(("alice", address))));
        Assert.StartsWith(problem, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckReservations_SameAddressForTwoUsers()
    {
        var problems = Ipv4Pool.CheckReservations(IPNetwork.Parse("10.0.0.0/24"), Reserved(("bob", "10.0.0.7"), ("alice", "10.0.0.7")));
        Assert.Equal(["static ipv4 10.0.0.7 is given to both 'alice' and 'bob'"], problems);
    }

    [Theory]
    [InlineData("10.0.0.0/31")]
    [InlineData("10.0.0.0/7")]
    [InlineData("fd00::/64")]
    public void New_UnusableNetwork_Throws(string network)
    {
        Assert.Throws<ArgumentException>(() => new Ipv4Pool(IPNetwork.Parse(network)));
    }

    [Fact]
    public void ConcurrentAllocateAndRelease_NeverHandsOutAnAddressTwice()
    {
        var pool = new Ipv4Pool(IPNetwork.Parse("10.0.0.0/26"), Reserved(("static", "10.0.0.10"))); // 61 client addresses
        var held = new ConcurrentDictionary<IPAddress, int>();
        int duplicates = 0;
        int allocations = 0;

        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, worker =>
        {
            var mine = new List<IPAddress>();
            var random = new Random(worker);
            for (int i = 0; i < 5_000; i++)
            {
                if (mine.Count > 0 && (random.Next(2) == 0 || mine.Count >= 10))
                {
                    var a = mine[^1];
                    mine.RemoveAt(mine.Count - 1);
                    Assert.True(held.TryRemove(a, out _));
                    Assert.True(pool.Release(a));
                }
                else if (pool.TryAllocate(worker == 0 && i % 7 == 0 ? "static" : "u" + worker, out var a))
                {
                    Interlocked.Increment(ref allocations);
                    if (!held.TryAdd(a, worker))
                    {
                        Interlocked.Increment(ref duplicates);
                    }

                    mine.Add(a);
                }
            }

            foreach (var a in mine)
            {
                held.TryRemove(a, out _);
                pool.Release(a);
            }
        });

        Assert.Equal(0, duplicates);
        Assert.True(allocations > 1000);
        Assert.Equal(0, pool.InUse);
        Assert.Equal(pool.Capacity - 1, pool.AvailableDynamic);
    }
}
