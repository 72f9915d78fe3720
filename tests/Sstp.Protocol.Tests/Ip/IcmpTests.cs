using System.Buffers.Binary;
using CsCheck;
using Sstp.Protocol.Ip;
using Sstp.TestKit;
using static Sstp.Protocol.Tests.Ip.IpTestPackets;

namespace Sstp.Protocol.Tests.Ip;

public class IcmpTests
{
    private static readonly UInt128 RouterV6 = new(0x2001_0DB8_FFFF_0000, 0xFE);

    [Fact]
    public void WriteFragmentationNeeded_HandWrittenLayout_ExactBytes()
    {
        // RFC 792 Destination Unreachable / RFC 1191 §4: 10.0.0.1 → 192.168.10.2, type 3 code 4, MTU 1400,
        // quoting the whole 60-octet SYN. "HC HC" and "CC CC" are computed here by the test's own RFC 1071 sum.
        var original = IPv4Tcp(Syn, [2, 4, 0x05, 0xB4], payloadLength: 16);
        var expected = Hex.Parse("45 00 00 58 00 00 00 00 40 01 00 00 0A 00 00 01 C0 A8 0A 02 | 03 04 00 00 00 00 05 78")
            .Concat(original).ToArray();
        BinaryPrimitives.WriteUInt16BigEndian(expected.AsSpan(10), (ushort)~OnesSum(expected.AsSpan(0, 20)));
        BinaryPrimitives.WriteUInt16BigEndian(expected.AsSpan(22), (ushort)~OnesSum(expected.AsSpan(20)));

        var buffer = new byte[Icmp.MaxIPv4ErrorLength];
        int written = Icmp.WriteFragmentationNeeded(buffer, original, ServerV4, 1400);

        Assert.Equal(88, written);
        Assert.Equal(Hex.Format(expected), Hex.Format(buffer.AsSpan(0, written)));
    }

    [Fact]
    public void WriteFragmentationNeeded_LargeOriginal_QuotesUpTo576()
    {
        // RFC 1812 §4.3.2.3: as much of the original as fits in 576 octets.
        var original = IPv4Tcp(Ack, [], payloadLength: 1460);
        var buffer = new byte[Icmp.MaxIPv4ErrorLength];
        int written = Icmp.WriteFragmentationNeeded(buffer, original, ServerV4, 1400);

        Assert.Equal(576, written);
        Assert.Equal(original.AsSpan(0, 548).ToArray(), buffer.AsSpan(28, 548).ToArray());
        Assert.Equal(0xFFFF, OnesSum(buffer.AsSpan(0, 20)));
        Assert.Equal(0xFFFF, OnesSum(buffer.AsSpan(20, written - 20)));
        Assert.Equal(System.Buffers.OperationStatus.Done, IpPacket.TryReadHeader(buffer.AsSpan(0, written), out var info, out _));
        Assert.Equal((IpPacket.ProtocolIcmp, 576), (info.Protocol, info.TotalLength));
    }

    [Fact]
    public void WritePacketTooBig_LayoutAndChecksum()
    {
        // RFC 4443 §3.2: type 2, code 0, MTU; as much of the invoking packet as fits in 1280 octets (§2.4 c).
        var original = IPv6Tcp(Ack, [], payloadLength: 1400);
        var buffer = new byte[Icmp.MaxIPv6ErrorLength];
        int written = Icmp.WritePacketTooBig(buffer, original, RouterV6, 1400);

        Assert.Equal(1280, written);
        Assert.Equal(Hex.Parse("60 00 00 00 04 D8 3A 40"), buffer[..8]);
        Assert.True(IpPacket.TryGetIPv6Source(buffer, out var source) && source == RouterV6);
        Assert.True(IpPacket.TryGetIPv6Destination(buffer, out var destination) && destination == ClientV6);
        Assert.Equal((2, 0), (buffer[40], buffer[41]));
        Assert.Equal(1400u, BinaryPrimitives.ReadUInt32BigEndian(buffer.AsSpan(44)));
        Assert.Equal(original.AsSpan(0, 1232).ToArray(), buffer.AsSpan(48, 1232).ToArray());
        Assert.True(UpperChecksumValid(buffer, 40, written, 58));
    }

    [Fact]
    public void WritePacketTooBig_SmallOriginal_QuotedWhole()
    {
        var original = IPv6Tcp(Syn, [2, 4, 0x05, 0xA0]);
        var buffer = new byte[200];
        int written = Icmp.WritePacketTooBig(buffer, original, RouterV6, 1280);
        Assert.Equal(48 + original.Length, written);
        Assert.Equal(original, buffer.AsSpan(48, original.Length).ToArray());
        Assert.True(UpperChecksumValid(buffer, 40, written, 58));
    }

    public static TheoryData<string, byte[], bool> IPv4Cases => new()
    {
        // RFC 1812 §4.3.2.7 rows: (name, original, error allowed)
        { "TCP", IPv4Tcp(Ack, []), true },
        { "ICMP echo request", IPv4(1, Hex.Parse("08 00 00 00 00 01 00 01")), true },
        { "ICMP destination unreachable", IPv4(1, Hex.Parse("03 01 00 00 00 00 00 00")), false },
        { "ICMP time exceeded", IPv4(1, Hex.Parse("0B 00 00 00 00 00 00 00")), false },
        { "ICMP with no body", IPv4(1, []), false },
        { "later fragment", IPv4(17, new byte[16], fragmentWord: 0x2010), false },
        { "multicast destination", IPv4(17, new byte[16], destination: 0xE000_0001), false },
        { "limited broadcast", IPv4(17, new byte[16], destination: 0xFFFF_FFFF), false },
        { "source 0.0.0.0", IPv4(17, new byte[16], source: 0), false },
        { "source 127.0.0.1", IPv4(17, new byte[16], source: 0x7F00_0001), false },
        { "source multicast", IPv4(17, new byte[16], source: 0xE000_00FB), false },
        { "IPv6 packet", IPv6Tcp(Ack, []), false },
        { "malformed", Hex.Parse("45 00 00 FF"), false },
    };

    [Theory]
    [MemberData(nameof(IPv4Cases))]
    public void WriteFragmentationNeeded_RuleTable(string name, byte[] original, bool allowed)
    {
        int written = Icmp.WriteFragmentationNeeded(new byte[Icmp.MaxIPv4ErrorLength], original, ServerV4, 1400);
        Assert.True(allowed ? written > 0 : written == 0, name);
    }

    public static TheoryData<string, byte[], bool> IPv6Cases => new()
    {
        // RFC 4443 §2.4 (e) rows: (name, original, error allowed)
        { "TCP", IPv6Tcp(Ack, []), true },
        { "echo request 128", IPv6(58, [], Hex.Parse("80 00 00 00 00 01 00 01")), true },
        { "destination unreachable 1", IPv6(58, [], Hex.Parse("01 00 00 00 00 00 00 00")), false },
        { "packet too big 2 behind hop-by-hop", IPv6(0, Extension(58), Hex.Parse("02 00 00 00 00 00 05 78")), false },
        { "ICMPv6 with no body", IPv6(58, [], []), false },
        { "multicast destination (allowed for PTB, e.3)", IPv6(17, [], new byte[8], destination: new UInt128(0xFF0E_0000_0000_0000, 0x101)), true },
        { "unspecified source", IPv6(17, [], new byte[8], source: UInt128.Zero), false },
        { "multicast source", IPv6(17, [], new byte[8], source: new UInt128(0xFF02_0000_0000_0000, 1)), false },
        { "IPv4 packet", IPv4Tcp(Ack, []), false },
        { "malformed", Hex.Parse("60 00 00 00 00 FF 11 40"), false },
    };

    [Theory]
    [MemberData(nameof(IPv6Cases))]
    public void WritePacketTooBig_RuleTable(string name, byte[] original, bool allowed)
    {
        int written = Icmp.WritePacketTooBig(new byte[Icmp.MaxIPv6ErrorLength], original, RouterV6, 1400);
        Assert.True(allowed ? written > 0 : written == 0, name);
    }

    [Fact]
    public void Writers_Misuse_Throw()
    {
        var v4 = IPv4Tcp(Ack, [], payloadLength: 100);
        var v6 = IPv6Tcp(Ack, [], payloadLength: 100);
        Assert.Throws<ArgumentException>(() => Icmp.WriteFragmentationNeeded(new byte[27 + v4.Length], v4, ServerV4, 1400));
        Assert.Throws<ArgumentOutOfRangeException>(() => Icmp.WriteFragmentationNeeded(new byte[576], v4, ServerV4, 67));
        Assert.Throws<ArgumentException>(() => Icmp.WritePacketTooBig(new byte[47 + v6.Length], v6, RouterV6, 1400));
        Assert.Throws<ArgumentOutOfRangeException>(() => Icmp.WritePacketTooBig(new byte[1280], v6, RouterV6, 1279));
    }

    [Fact]
    public void Writers_RandomOriginals_NeverThrowAndChecksumsHold()
    {
        Gen.Byte.Array[0, 1600].Sample(bytes =>
        {
            var buffer = new byte[Icmp.MaxIPv6ErrorLength];
            int v4 = Icmp.WriteFragmentationNeeded(buffer, bytes, ServerV4, 1400);
            if (v4 > 0)
            {
                Assert.InRange(v4, 48, Icmp.MaxIPv4ErrorLength);
                Assert.Equal(0xFFFF, OnesSum(buffer.AsSpan(20, v4 - 20)));
            }

            int v6 = Icmp.WritePacketTooBig(buffer, bytes, RouterV6, 1400);
            if (v6 > 0)
            {
                Assert.InRange(v6, 88, Icmp.MaxIPv6ErrorLength);
                Assert.True(UpperChecksumValid(buffer, 40, v6, 58));
            }
        });
    }
}
