using System.Buffers;
using CsCheck;
using Sstp.Protocol.Ip;
using Sstp.TestKit;
using static Sstp.Protocol.Tests.Ip.IpTestPackets;

namespace Sstp.Protocol.Tests.Ip;

public class IpPacketTests
{
    [Fact]
    public void TryReadHeader_HandWrittenIPv4Udp_FieldsRead()
    {
        // RFC 791 §3.1 layout: 45 = version 4, IHL 5; total length 0x0073; DF; TTL 64; protocol 17 (UDP);
        // header checksum B861; 192.168.0.1 → 192.168.0.199. The 95 payload octets are zero.
        var packet = new byte[0x73];
        Hex.Parse("45 00 00 73 00 00 40 00 40 11 B8 61 C0 A8 00 01 C0 A8 00 C7").CopyTo(packet, 0);

        Assert.Equal(OperationStatus.Done, IpPacket.TryReadHeader(packet, out var info, out var error));
        Assert.Equal(IpPacketError.None, error);
        Assert.Equal(4, info.Version);
        Assert.Equal(20, info.HeaderLength);
        Assert.Equal(0x73, info.TotalLength);
        Assert.Equal(IpPacket.ProtocolUdp, info.Protocol);
        Assert.False(info.IsLaterFragment);
        Assert.Equal(0xFFFF, OnesSum(packet.AsSpan(0, 20))); // the hand-written header checksum is right

        Assert.True(IpPacket.TryGetIPv4Source(packet, out uint source));
        Assert.True(IpPacket.TryGetIPv4Destination(packet, out uint destination));
        Assert.Equal(0xC0A80001u, source);
        Assert.Equal(0xC0A800C7u, destination);
        Assert.False(IpPacket.TryGetIPv6Source(packet, out _));
    }

    [Fact]
    public void TryReadHeader_HandWrittenIPv6Icmp_FieldsRead()
    {
        // RFC 8200 §3: 6, traffic class 0, flow 0; payload 8; next header 58; hop limit 255; fe80::1 → ff02::2.
        var packet = Hex.Parse(
            "60 00 00 00 00 08 3A FF | FE 80 00 00 00 00 00 00 00 00 00 00 00 00 00 01 |"
            + " FF 02 00 00 00 00 00 00 00 00 00 00 00 00 00 02 | 85 00 00 00 00 00 00 00");

        Assert.Equal(OperationStatus.Done, IpPacket.TryReadHeader(packet, out var info, out _));
        Assert.Equal((6, 40, 48, IpPacket.ProtocolIcmpV6), (info.Version, info.HeaderLength, info.TotalLength, info.Protocol));
        Assert.True(IpPacket.TryGetIPv6Source(packet, out var source));
        Assert.True(IpPacket.TryGetIPv6Destination(packet, out var destination));
        Assert.Equal(new UInt128(0xFE80_0000_0000_0000, 1), source);
        Assert.Equal(new UInt128(0xFF02_0000_0000_0000, 2), destination);
        Assert.False(IpPacket.TryGetIPv4Destination(packet, out _));
    }

    public static TheoryData<string, byte[], int, byte, bool> ExtensionChains => new()
    {
        // RFC 8200 §4: each chain ends at TCP (6) unless a later fragment stops the walk.
        { "none", [], 40, 6, false },
        { "hop-by-hop", Extension(6), 48, 6, false },
        { "hop-by-hop 16 octets", Extension(6, 1), 56, 6, false },
        { "routing", Extension(6), 48, 6, false },
        { "hop, routing, dest", Concat(Extension(43), Extension(60), Extension(6, 2)), 80, 6, false },
        { "first fragment", FragmentHeader(6, 0, more: true), 48, 6, false },
        { "later fragment", FragmentHeader(6, 185, more: false), 48, 6, true },
        { "dest then later fragment", Concat(Extension(44), FragmentHeader(6, 1, more: true)), 56, 6, true },
        { "AH (RFC 4302 len 4 → 24 octets)", Concat([6, 4], new byte[22]), 64, 6, false },
    };

    [Theory]
    [MemberData(nameof(ExtensionChains))]
    public void TryReadHeader_IPv6ExtensionChain_FindsUpperLayer(string name, byte[] chain, int headerLength, byte protocol, bool later)
    {
        byte first = name switch
        {
            "none" => 6,
            "routing" => 43,
            "first fragment" or "later fragment" => 44,
            "dest then later fragment" => 60,
            "AH (RFC 4302 len 4 → 24 octets)" => 51,
            _ => 0,
        };
        var packet = IPv6(first, chain, Tcp(Syn, []));

        Assert.Equal(OperationStatus.Done, IpPacket.TryReadHeader(packet, out var info, out _));
        Assert.Equal(headerLength, info.HeaderLength);
        Assert.Equal(protocol, info.Protocol);
        Assert.Equal(later, info.IsLaterFragment);
    }

    [Theory]
    [InlineData(0x4000, false)] // DF, offset 0
    [InlineData(0x2000, false)] // MF, offset 0: the first fragment carries the TCP header
    [InlineData(0x2001, true)]  // MF, offset 8 octets
    [InlineData(0x00B9, true)]  // last fragment, offset 185
    public void TryReadHeader_IPv4FragmentOffset_LaterFragmentFlag(int fragmentWord, bool later)
    {
        var packet = IPv4(6, Tcp(Syn, []), (ushort)fragmentWord);
        Assert.Equal(OperationStatus.Done, IpPacket.TryReadHeader(packet, out var info, out _));
        Assert.Equal(later, info.IsLaterFragment);
    }

    [Fact]
    public void TryReadHeader_IPv4WithOptionsAndPadding_HeaderAndTotalFromFields()
    {
        // IHL 6 (a 4-octet NOP/EOL option block); two octets of link padding after Total Length.
        var packet = Concat(IPv4(17, new byte[8], ipOptions: [1, 1, 1, 0]), [0xEE, 0xEE]);
        Assert.Equal(OperationStatus.Done, IpPacket.TryReadHeader(packet, out var info, out _));
        Assert.Equal((24, 32, (byte)17), (info.HeaderLength, info.TotalLength, info.Protocol));
    }

    public static TheoryData<string, IpPacketError> Malformed => new()
    {
        { "", IpPacketError.UnknownVersion },
        { "00", IpPacketError.UnknownVersion },
        { "55 00 00 14", IpPacketError.UnknownVersion },
        { "45 00 00 14 00 00 00 00 40 06 00 00 0A 00 00 01 0A 00", IpPacketError.TruncatedHeader }, // 18 < 20
        { "44 00 00 14 00 00 00 00 40 06 00 00 0A 00 00 01 0A 00 00 02", IpPacketError.InvalidHeaderLength }, // IHL 4
        { "46 00 00 14 00 00 00 00 40 06 00 00 0A 00 00 01 0A 00 00 02 00 00 00 00", IpPacketError.InvalidTotalLength }, // total 20 < IHL 24
        { "45 00 00 15 00 00 00 00 40 06 00 00 0A 00 00 01 0A 00 00 02", IpPacketError.InvalidTotalLength }, // total 21 > 20 bytes
        { "60 00 00 00 00 00 3B 40" + Zeros(31), IpPacketError.TruncatedHeader }, // 39 < 40
        { "60 00 00 00 00 01 3B 40" + Zeros(32), IpPacketError.InvalidTotalLength }, // payload 1, none present
        { "60 00 00 00 00 01 00 40" + Zeros(32) + " 06", IpPacketError.TruncatedExtensionHeader }, // hop-by-hop cut at 1 octet
        { "60 00 00 00 00 08 00 40" + Zeros(32) + " 06 01 00 00 00 00 00 00", IpPacketError.TruncatedExtensionHeader }, // says 16, has 8
        { "60 00 00 00 00 04 2C 40" + Zeros(32) + " 06 00 00 00", IpPacketError.TruncatedExtensionHeader }, // fragment needs 8
        { "60 00 00 00 00 04 33 40" + Zeros(32) + " 06 00 00 00", IpPacketError.TruncatedExtensionHeader }, // AH needs 8
        { "60 00 00 00 00 10 3C 40" + Zeros(32) + " 00 00 01 04 00 00 00 00 | 06 00 01 04 00 00 00 00", IpPacketError.MisplacedHopByHop },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void TryReadHeader_Malformed_InvalidDataWithRule(string hex, IpPacketError expected)
    {
        Assert.Equal(OperationStatus.InvalidData, IpPacket.TryReadHeader(Hex.Parse(hex), out _, out var error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void TryReadHeader_EveryTruncation_InvalidNeverNeedMoreData()
    {
        // An IP packet arrives whole; each shorter prefix of a valid packet is refused outright.
        foreach (var packet in new[] { IPv4Tcp(Syn, [2, 4, 5, 0xB4]), IPv6Tcp(Syn, [2, 4, 5, 0xA0], 0, Concat(Extension(44), FragmentHeader(6, 0, true))) })
        {
            Assert.Equal(OperationStatus.Done, IpPacket.TryReadHeader(packet, out _, out _));
            for (int length = 0; length < packet.Length; length++)
            {
                Assert.Equal(OperationStatus.InvalidData, IpPacket.TryReadHeader(packet.AsSpan(0, length), out _, out var error));
                Assert.NotEqual(IpPacketError.None, error);
            }
        }
    }

    [Fact]
    public void TryReadHeader_GeneratedIPv4_RoundTripsFields()
    {
        Gen.Select(Gen.Byte, Gen.Int[0, 10], Gen.Int[0, 200], Gen.UShort, Gen.UInt, Gen.UInt)
            .Sample((protocol, optionWords, payload, fragment, source, destination) =>
            {
                var packet = IPv4(protocol, new byte[payload], fragment, source, destination, new byte[optionWords * 4]);
                Assert.Equal(OperationStatus.Done, IpPacket.TryReadHeader(packet, out var info, out _));
                Assert.Equal((4, 20 + (optionWords * 4), packet.Length, protocol), (info.Version, info.HeaderLength, info.TotalLength, info.Protocol));
                Assert.Equal((fragment & 0x1FFF) != 0, info.IsLaterFragment);
                Assert.True(IpPacket.TryGetIPv4Source(packet, out uint s) && s == source);
                Assert.True(IpPacket.TryGetIPv4Destination(packet, out uint d) && d == destination);
            });
    }

    [Fact]
    public void TryReadHeader_GeneratedIPv6Chain_RoundTripsFields()
    {
        // A random chain of Hop-by-Hop (first only), Routing, Destination Options and first Fragment headers.
        var kinds = Gen.OneOfConst((byte)43, (byte)60, (byte)44).Array[0, 6];
        Gen.Select(kinds, Gen.Bool, Gen.Int[0, 3], Gen.Byte, Gen.Int[0, 100], Gen.ULong, Gen.ULong)
            .Sample((chain, hopByHop, units, upper, payload, high, low) =>
            {
                var types = (hopByHop ? new byte[] { 0 } : []).Concat(chain).ToList();
                var extensions = new List<byte>();
                for (int i = 0; i < types.Count; i++)
                {
                    byte next = i + 1 < types.Count ? types[i + 1] : upper;
                    extensions.AddRange(types[i] == 44 ? FragmentHeader(next, 0, more: true) : Extension(next, units));
                }

                bool upperIsExtension = upper is 0 or 43 or 44 or 51 or 60;
                if (upperIsExtension)
                {
                    return; // the payload bytes would be read as one more header; covered by the table above
                }

                var destination = new UInt128(high, low);
                var packet = IPv6(types.Count > 0 ? types[0] : upper, [.. extensions], new byte[payload], destination: destination);
                Assert.Equal(OperationStatus.Done, IpPacket.TryReadHeader(packet, out var info, out _));
                Assert.Equal((6, 40 + extensions.Count, packet.Length, upper, false), (info.Version, info.HeaderLength, info.TotalLength, info.Protocol, info.IsLaterFragment));
                Assert.True(IpPacket.TryGetIPv6Destination(packet, out var d) && d == destination);
                Assert.True(IpPacket.TryGetIPv6Source(packet, out var s) && s == ClientV6);
            });
    }

    [Fact]
    public void TryReadHeader_RandomBytes_NeverThrowsAndStaysInside()
    {
        Gen.Byte.Array[0, 600].Sample(bytes =>
        {
            if (bytes.Length > 0 && bytes.Length % 2 == 0)
            {
                bytes[0] = (byte)((bytes[0] & 0x0F) | (bytes.Length % 4 == 0 ? 0x60 : 0x40)); // reach both walkers often
            }

            var status = IpPacket.TryReadHeader(bytes, out var info, out var error);
            if (status == OperationStatus.Done)
            {
                Assert.Equal(IpPacketError.None, error);
                Assert.InRange(info.HeaderLength, 20, info.TotalLength);
                Assert.InRange(info.TotalLength, 20, bytes.Length);
            }
            else
            {
                Assert.Equal(OperationStatus.InvalidData, status);
                Assert.NotEqual(IpPacketError.None, error);
            }
        });
    }

    [Fact]
    public void GetVersion_EmptyAndNibble()
    {
        Assert.Equal(0, IpPacket.GetVersion([]));
        Assert.Equal(4, IpPacket.GetVersion([0x45]));
        Assert.Equal(6, IpPacket.GetVersion([0x60]));
        Assert.False(IpPacket.TryGetIPv4Source(new byte[19], out _));
        Assert.False(IpPacket.TryGetIPv6Destination(Hex.Parse("60" + Zeros(38)), out _));
    }

    private static string Zeros(int count) => string.Concat(Enumerable.Repeat(" 00", count));
}
