using System.Collections.Concurrent;
using System.Net;
using Sstp.Server.Pools;

namespace Sstp.Server.Tests.Pools;

public class Ipv6PrefixPoolTests
{
    private static IPNetwork N(string text) => IPNetwork.Parse(text);

    [Fact]
    public void New_FirstSlash64IsTheServers()
    {
        var pool = new Ipv6PrefixPool(N("fd00:88::/48"));
        Assert.Equal(N("fd00:88::/64"), pool.ServerPrefix);
        Assert.Equal(65_535UL, pool.Capacity);
    }

    [Fact]
    public void TryAllocate_HandsOutSlash64sInOrder()
    {
        var pool = new Ipv6PrefixPool(N("fd00:88::/48"));
        var got = Enumerable.Range(0, 3).Select(_ => pool.TryAllocate("u", out var p) ? p.ToString() : "");
        Assert.Equal(["fd00:88:0:1::/64", "fd00:88:0:2::/64", "fd00:88:0:3::/64"], got);
    }

    [Fact]
    public void TryAllocate_Exhaustion()
    {
        var pool = new Ipv6PrefixPool(N("fd00:88:0:4::/62")); // four /64s, the first is the server's
        var got = new List<string>();
        while (pool.TryAllocate("u", out var p))
        {
            got.Add(p.ToString());
        }

        Assert.Equal(["fd00:88:0:5::/64", "fd00:88:0:6::/64", "fd00:88:0:7::/64"], got);
        Assert.Equal(0UL, pool.AvailableDynamic);
    }

    [Fact]
    public void HugePool_CostsNothingUpFront()
    {
        var pool = new Ipv6PrefixPool(N("2001:db8::/32"));
        Assert.Equal((1UL << 32) - 1, pool.Capacity);
        Assert.True(pool.TryAllocate("u", out var p));
        Assert.Equal(N("2001:db8:0:1::/64"), p);
    }

    [Fact]
    public void Release_ReusesOldestOnlyAfterTheNeverUsed()
    {
        var pool = new Ipv6PrefixPool(N("fd00::/62")); // clients :1, :2, :3
        pool.TryAllocate("a", out var p1);
        pool.TryAllocate("b", out var p2);
        Assert.True(pool.Release(p2));
        Assert.True(pool.Release(p1));

        pool.TryAllocate("c", out var fresh);
        pool.TryAllocate("d", out var reused);

        Assert.Equal(N("fd00:0:0:3::/64"), fresh);
        Assert.Equal(p2, reused);
    }

    [Fact]
    public void Release_UnknownOrServerPrefix_IsFalse()
    {
        var pool = new Ipv6PrefixPool(N("fd00::/48"));
        Assert.False(pool.Release(N("fd00::/64")));
        Assert.False(pool.Release(N("fd00:0:0:9::/64")));
        Assert.False(pool.Release(N("fd01::/64")));
        Assert.False(pool.Release(N("fd00::/56")));
    }

    [Fact]
    public void StaticPrefix_GoesOnlyToItsUser()
    {
        var reserved = new Dictionary<string, IPNetwork> { ["alice"] = N("fd00:0:0:2::/64") };
        var pool = new Ipv6PrefixPool(N("fd00::/62"), reserved);

        Assert.True(pool.TryAllocate("x", out var first));
        Assert.True(pool.TryAllocate("y", out var second));
        Assert.False(pool.TryAllocate("z", out _));
        Assert.True(pool.TryAllocate("Alice", out var alice));

        Assert.Equal(N("fd00:0:0:1::/64"), first);
        Assert.Equal(N("fd00:0:0:3::/64"), second);
        Assert.Equal(N("fd00:0:0:2::/64"), alice);
        Assert.True(pool.IsAllocated(alice));
        Assert.False(pool.TryAllocate("alice", out _));
    }

    [Theory]
    [InlineData("fd01:0:0:1::/64", "static ipv6 fd01:0:0:1::/64 of 'alice' is outside the pool fd00::/48")]
    [InlineData("fd00::/64", "static ipv6 fd00::/64 of 'alice' is the server's /64")]
    [InlineData("fd00::/56", "static ipv6 fd00::/56 of 'alice' is not a /64")]
    public void CheckReservations_UnusablePrefix(string prefix, string problem)
    {
        var reserved = new Dictionary<string, IPNetwork> { ["alice"] = N(prefix) };
        Assert.Equal([problem], Ipv6PrefixPool.CheckReservations(N("fd00::/48"), reserved));
        Assert.Throws<ArgumentException>(() => new Ipv6PrefixPool(N("fd00::/48"), reserved));
    }

    [Fact]
    public void CheckReservations_SamePrefixForTwoUsers()
    {
        var reserved = new Dictionary<string, IPNetwork> { ["b"] = N("fd00:0:0:5::/64"), ["a"] = N("fd00:0:0:5::/64") };
        Assert.Equal(["static ipv6 fd00:0:0:5::/64 is given to both 'a' and 'b'"], Ipv6PrefixPool.CheckReservations(N("fd00::/48"), reserved));
    }

    [Theory]
    [InlineData("fd00::/64")]
    [InlineData("fd00::/15")]
    [InlineData("10.0.0.0/8")]
    public void New_UnusablePrefix_Throws(string prefix)
    {
        Assert.Throws<ArgumentException>(() => new Ipv6PrefixPool(N(prefix)));
    }

    [Fact]
    public void ConcurrentAllocateAndRelease_NeverHandsOutAPrefixTwice()
    {
        var pool = new Ipv6PrefixPool(N("fd00::/58")); // 63 client /64s
        var held = new ConcurrentDictionary<IPNetwork, int>();
        int duplicates = 0;

        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, worker =>
        {
            var mine = new List<IPNetwork>();
            var random = new Random(worker);
            for (int i = 0; i < 5_000; i++)
            {
                if (mine.Count > 0 && (random.Next(2) == 0 || mine.Count >= 10))
                {
                    var p = mine[^1];
                    mine.RemoveAt(mine.Count - 1);
                    held.TryRemove(p, out _);
                    Assert.True(pool.Release(p));
                }
                else if (pool.TryAllocate("u", out var p))
                {
                    if (!held.TryAdd(p, worker))
                    {
                        Interlocked.Increment(ref duplicates);
                    }

                    mine.Add(p);
                }
            }

            foreach (var p in mine)
            {
                held.TryRemove(p, out _);
                pool.Release(p);
            }
        });

        Assert.Equal(0, duplicates);
        Assert.Equal(0, pool.InUse);
    }
}
