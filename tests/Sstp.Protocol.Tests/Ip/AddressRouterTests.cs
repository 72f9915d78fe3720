using Sstp.Protocol.Ip;
using static Sstp.Protocol.Tests.Ip.IpTestPackets;

namespace Sstp.Protocol.Tests.Ip;

public class AddressRouterTests
{
    /// <summary>A value type with value equality, to prove removal compares by reference.</summary>
    private sealed record Session(string Name);

    [Fact]
    public void TryRoute_IPv4Destination_FindsSession()
    {
        var router = new AddressRouter<Session>();
        var alice = new Session("alice");
        Assert.True(router.TryAddIPv4(ClientV4, alice));

        var toAlice = IPv4(6, new byte[20], source: ServerV4, destination: ClientV4);
        Assert.True(router.TryRoute(toAlice, out var found));
        Assert.Same(alice, found);

        var fromAlice = IPv4(6, new byte[20]); // destination ServerV4: no route
        Assert.False(router.TryRoute(fromAlice, out found));
        Assert.Null(found);
    }

    [Fact]
    public void TryRoute_IPv6DestinationInPrefix_FindsSession()
    {
        var router = new AddressRouter<Session>();
        var bob = new Session("bob");
        Assert.True(router.TryAddIPv6Prefix(0x2001_0DB8_0000_0001, bob));

        // Any interface identifier inside the /64 routes to the session.
        foreach (ulong iid in new ulong[] { 1, 0x0211_2233_4455_6677, ulong.MaxValue })
        {
            var packet = IPv6(17, [], new byte[8], ServerV6, new UInt128(0x2001_0DB8_0000_0001, iid));
            Assert.True(router.TryRoute(packet, out var found));
            Assert.Same(bob, found);
        }

        Assert.False(router.TryRoute(IPv6(17, [], new byte[8], ServerV6, new UInt128(0x2001_0DB8_0000_0002, 1)), out _));
        Assert.True(router.TryGetIPv6Prefix(0x2001_0DB8_0000_0001, out var direct));
        Assert.Same(bob, direct);
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0x45, 0, 0, 20 })]
    [InlineData(new byte[] { 0x55, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 })]
    public void TryRoute_ShortOrUnknownPacket_False(byte[] packet)
    {
        var router = new AddressRouter<Session>();
        router.TryAddIPv4(0, new Session("zero"));
        router.TryAddIPv6Prefix(0, new Session("zero6"));
        Assert.False(router.TryRoute(packet, out _));
    }

    [Fact]
    public void TryAdd_Duplicate_FalseAndFirstKept()
    {
        var router = new AddressRouter<Session>();
        var first = new Session("a");
        Assert.True(router.TryAddIPv4(ClientV4, first));
        Assert.False(router.TryAddIPv4(ClientV4, new Session("b")));
        Assert.True(router.TryAddIPv6Prefix(7, first));
        Assert.False(router.TryAddIPv6Prefix(7, new Session("b")));
        Assert.True(router.TryGetIPv4(ClientV4, out var found));
        Assert.Same(first, found);
        Assert.Equal((1, 1), (router.IPv4Count, router.IPv6Count));
    }

    [Fact]
    public void Remove_OtherSessionEvenIfEqual_KeepsRoute()
    {
        var router = new AddressRouter<Session>();
        var owner = new Session("same");
        var lookalike = new Session("same");
        Assert.Equal(owner, lookalike);
        router.TryAddIPv4(ClientV4, owner);
        router.TryAddIPv6Prefix(9, owner);

        Assert.False(router.RemoveIPv4(ClientV4, lookalike));
        Assert.False(router.RemoveIPv6Prefix(9, lookalike));
        Assert.True(router.TryGetIPv4(ClientV4, out _));
        Assert.True(router.TryGetIPv6Prefix(9, out _));

        Assert.True(router.RemoveIPv4(ClientV4, owner));
        Assert.True(router.RemoveIPv6Prefix(9, owner));
        Assert.False(router.TryGetIPv4(ClientV4, out _));
        Assert.False(router.TryGetIPv6Prefix(9, out _));
        Assert.False(router.RemoveIPv4(ClientV4, owner));
    }

    [Fact]
    public void Remove_LateTeardownAfterReassignment_KeepsNewSession()
    {
        // Session A ends, the pool hands its address to B, then A's teardown runs: B must keep the route.
        var router = new AddressRouter<Session>();
        var a = new Session("a");
        var b = new Session("b");
        router.TryAddIPv4(ClientV4, a);
        Assert.True(router.RemoveIPv4(ClientV4, a));
        Assert.True(router.TryAddIPv4(ClientV4, b));

        Assert.False(router.RemoveIPv4(ClientV4, a));
        Assert.True(router.TryGetIPv4(ClientV4, out var found));
        Assert.Same(b, found);
    }

    [Fact]
    public void TryRoute_TenThousandPackets_AllocatesNothing()
    {
        var router = new AddressRouter<Session>();
        var session = new Session("s");
        router.TryAddIPv4(ClientV4, session);
        router.TryAddIPv6Prefix((ulong)(ClientV6 >> 64), session);
        var v4 = IPv4(17, new byte[8], source: ServerV4, destination: ClientV4);
        var v6 = IPv6(17, [], new byte[8], ServerV6, ClientV6);
        int hits = 0;

        void Run(int count)
        {
            for (int i = 0; i < count; i++)
            {
                hits += router.TryRoute(v4, out _) ? 1 : 0;
                hits += router.TryRoute(v6, out _) ? 1 : 0;
            }
        }

        Run(100);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Run(10_000);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(20_200, hits);
    }

    [Fact]
    public void TryRoute_WhileWritersAddAndRemove_OnlyEverSeesAnOwner()
    {
        // Four writer threads each own eight IPv4 addresses and eight /64s and keep adding and removing them with
        // fresh session objects; a reader routes packets to all addresses meanwhile. Every hit must be a session
        // of the owning writer for that address, and at the end every table is empty.
        const int writers = 4;
        const int perWriter = 8;
        const int rounds = 2_000;
        var router = new AddressRouter<Session>();
        var packets = new List<(byte[] Packet, string Owner)>();
        for (int w = 0; w < writers; w++)
        {
            for (int k = 0; k < perWriter; k++)
            {
                packets.Add((IPv4(17, new byte[8], destination: (uint)((10 << 24) | (w << 8) | k)), $"w{w}"));
                packets.Add((IPv6(17, [], new byte[8], destination: new UInt128(0x2001_0DB8_0000_0000UL | (uint)((w << 8) | k), 1)), $"w{w}"));
            }
        }

        using var start = new Barrier(writers + 1);
        int stop = 0;
        string? failure = null;
        var reader = new Thread(() =>
        {
            start.SignalAndWait();
            while (Volatile.Read(ref stop) == 0)
            {
                foreach (var (packet, owner) in packets)
                {
                    if (router.TryRoute(packet, out var s))
                    {
                        if (!s.Name.StartsWith(owner + ".", StringComparison.Ordinal))
                        {
                            failure ??= $"{owner} routed to {s.Name}";
                        }
                    }
                }
            }
        });
        var threads = Enumerable.Range(0, writers).Select(w => new Thread(() =>
        {
            start.SignalAndWait();
            for (int round = 0; round < rounds; round++)
            {
                var session = new Session($"w{w}.{round}");
                for (int k = 0; k < perWriter; k++)
                {
                    uint v4 = (uint)((10 << 24) | (w << 8) | k);
                    ulong v6 = 0x2001_0DB8_0000_0000UL | (uint)((w << 8) | k);
                    if (!router.TryAddIPv4(v4, session) || !router.TryAddIPv6Prefix(v6, session))
                    {
                        failure ??= $"w{w} could not add {k}";
                    }
                }

                for (int k = 0; k < perWriter; k++)
                {
                    uint v4 = (uint)((10 << 24) | (w << 8) | k);
                    ulong v6 = 0x2001_0DB8_0000_0000UL | (uint)((w << 8) | k);
                    if (!router.RemoveIPv4(v4, session) || !router.RemoveIPv6Prefix(v6, session))
                    {
                        failure ??= $"w{w} could not remove {k}";
                    }
                }
            }
        })).ToList();

        reader.Start();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Volatile.Write(ref stop, 1);
        reader.Join();

        Assert.Null(failure);
        Assert.Equal((0, 0), (router.IPv4Count, router.IPv6Count));
    }
}
