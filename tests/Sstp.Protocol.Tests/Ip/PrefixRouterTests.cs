using System.Net;
using CsCheck;
using Sstp.Protocol.Ip;
using static Sstp.Protocol.Tests.Ip.IpTestPackets;

namespace Sstp.Protocol.Tests.Ip;

public class PrefixRouterTests
{
    /// <summary>A value type with value equality, to prove removal compares by reference.</summary>
    private sealed record Session(string Name);

    private static IPNetwork N(string text) => IPNetwork.Parse(text);

    private static uint V4(string text) => System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(IPAddress.Parse(text).GetAddressBytes());

    private static UInt128 V6(string text) => System.Buffers.Binary.BinaryPrimitives.ReadUInt128BigEndian(IPAddress.Parse(text).GetAddressBytes());

    [Fact]
    public void Lookup_LongestPrefixWins()
    {
        var router = new PrefixRouter<Session>();
        var a = new Session("a");
        Assert.True(router.TryAdd(N("10.0.0.0/8"), a));
        Assert.True(router.TryAdd(N("10.1.0.0/16"), a));   // same value: overlap allowed
        Assert.True(router.TryAdd(N("10.1.2.3/32"), a));

        Assert.True(router.TryLookupIPv4(V4("10.9.9.9"), out var found));
        Assert.Same(a, found);
        Assert.True(router.TryLookupIPv4(V4("10.1.2.3"), out _));
        Assert.False(router.TryLookupIPv4(V4("11.0.0.1"), out found));
        Assert.Null(found);
        Assert.Equal(3, router.Count);

        // Removing the /8 leaves the /16: 10.1.x still routes, 10.9.x no longer.
        Assert.True(router.Remove(N("10.0.0.0/8"), a));
        Assert.False(router.TryLookupIPv4(V4("10.9.9.9"), out _));
        Assert.True(router.TryLookupIPv4(V4("10.1.200.1"), out _));
    }

    [Fact]
    public void Lookup_IPv6_LongestPrefixWins_AcrossValues()
    {
        var router = new PrefixRouter<Session>();
        var a = new Session("a");
        var b = new Session("b");
        Assert.True(router.TryAdd(N("2001:db8:1::/48"), a));
        Assert.True(router.TryAdd(N("2001:db8:2::/48"), b));
        Assert.True(router.TryAdd(N("2001:db8:3:4::/64"), b));

        Assert.True(router.TryLookupIPv6(V6("2001:db8:1:ffff::1"), out var found));
        Assert.Same(a, found);
        Assert.True(router.TryLookupIPv6(V6("2001:db8:3:4::99"), out found));
        Assert.Same(b, found);
        Assert.False(router.TryLookupIPv6(V6("2001:db8:3:5::1"), out _));
        Assert.False(router.TryLookupIPv4(V4("32.1.13.184"), out _));   // the families are apart
    }

    [Theory]
    [InlineData("192.0.2.0/24", "192.0.2.0/24")]    // the same prefix
    [InlineData("192.0.2.0/24", "192.0.2.128/25")]  // inside another's
    [InlineData("192.0.2.0/24", "192.0.0.0/16")]    // covering another's
    [InlineData("2001:db8::/48", "2001:db8:0:7::/64")]
    public void TryAdd_OverlapWithAnotherValue_RefusedAndFirstKept(string first, string second)
    {
        var router = new PrefixRouter<Session>();
        var a = new Session("a");
        var b = new Session("b");
        Assert.True(router.TryAdd(N(first), a));

        Assert.False(router.TryAdd(N(second), b));

        Assert.Equal(1, router.Count);
        var probe = N(first).BaseAddress;
        bool v4 = probe.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork;
        Assert.True(v4 ? router.TryLookupIPv4(V4(probe.ToString()), out var found) : router.TryLookupIPv6(V6(probe.ToString()), out found));
        Assert.Same(a, found);
    }

    [Fact]
    public void TryAdd_SamePrefixTwiceSameValue_Refused()
    {
        var router = new PrefixRouter<Session>();
        var a = new Session("a");
        Assert.True(router.TryAdd(N("198.51.100.0/24"), a));
        Assert.False(router.TryAdd(N("198.51.100.0/24"), a));
    }

    [Fact]
    public void Remove_OnlyByTheSameReference()
    {
        var router = new PrefixRouter<Session>();
        var old = new Session("s");
        Assert.True(router.TryAdd(N("198.51.100.0/24"), old));

        Assert.False(router.Remove(N("198.51.100.0/24"), new Session("s")));   // equal, not the same
        Assert.False(router.Remove(N("198.51.0.0/16"), old));                  // not that prefix
        Assert.True(router.Remove(N("198.51.100.0/24"), old));
        Assert.False(router.Remove(N("198.51.100.0/24"), old));
        Assert.Equal(0, router.Count);
    }

    [Fact]
    public void TryRoute_ByDestination_BothFamilies()
    {
        var router = new PrefixRouter<Session>();
        var a = new Session("a");
        router.TryAdd(N("192.168.10.0/24"), a);   // ClientV4 of the test packets is 192.168.10.2
        router.TryAdd(new IPNetwork(new IPAddress(ToBytes(ClientV6)), 64), a);

        Assert.True(router.TryRoute(IPv4(6, new byte[20], source: ServerV4, destination: ClientV4), out var found));
        Assert.Same(a, found);
        Assert.True(router.TryRoute(IPv6(17, [], new byte[8], ServerV6, ClientV6), out found));
        Assert.Same(a, found);
        Assert.False(router.TryRoute(IPv4(6, new byte[20], source: ClientV4, destination: ServerV4 ^ 0xFF00_0000), out _));
        Assert.False(router.TryRoute([0x45, 0, 0, 20], out _));
        Assert.False(router.TryRoute([], out _));
    }

    [Fact]
    public void TryRoute_AllocatesNothing()
    {
        var router = new PrefixRouter<Session>();
        var a = new Session("a");
        router.TryAdd(N("192.168.10.0/24"), a);
        router.TryAdd(N("192.168.10.0/28"), a);
        router.TryAdd(N("2001:db8::/32"), a);
        var packet = IPv4(6, new byte[20], source: ServerV4, destination: ClientV4);
        var packet6 = IPv6(17, [], new byte[8], ServerV6, ClientV6);
        router.TryRoute(packet, out _);
        router.TryRoute(packet6, out _);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            router.TryRoute(packet, out _);
            router.TryRoute(packet6, out _);
            router.TryLookupIPv4((uint)i, out _);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Lookup_MatchesANaiveLongestPrefixScan()
    {
        // Random prefixes of one value each (overlaps refused), random addresses: same answer as a linear scan.
        var gen = Gen.Select(Gen.UInt.Array[1, 40], Gen.Int[0, 32].Array[40], Gen.UInt.Array[50]);
        gen.Sample((bases, lengths, probes) =>
        {
            var router = new PrefixRouter<Session>();
            var added = new List<(uint Net, int Len, Session S)>();
            for (int i = 0; i < bases.Length; i++)
            {
                int len = lengths[i];
                uint mask = len == 0 ? 0 : uint.MaxValue << (32 - len);
                var s = new Session(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                var network = new IPNetwork(new IPAddress(BitConverter.GetBytes(System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(bases[i] & mask))), len);
                if (router.TryAdd(network, s))
                {
                    added.Add((bases[i] & mask, len, s));
                }
            }

            foreach (uint probe in probes.Concat(added.Select(x => x.Net)))
            {
                var expected = added
                    .Where(x => (probe & (x.Len == 0 ? 0 : uint.MaxValue << (32 - x.Len))) == x.Net)
                    .OrderByDescending(x => x.Len)
                    .Select(x => x.S)
                    .FirstOrDefault();
                router.TryLookupIPv4(probe, out var found);
                Assert.Same(expected, found);
            }
        });
    }

    private static byte[] ToBytes(UInt128 address)
    {
        var bytes = new byte[16];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt128BigEndian(bytes, address);
        return bytes;
    }
}
