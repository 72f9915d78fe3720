using System.Buffers.Binary;
using CsCheck;
using Sstp.Protocol.Ip;
using Sstp.TestKit;
using static Sstp.Protocol.Tests.Ip.IpTestPackets;

namespace Sstp.Protocol.Tests.Ip;

public class RouterSolicitationTests
{
    // RFC 4861 §4.1 over RFC 8200 §3: fe80::211:2233:4455:6677 → ff02::2, hop limit 255, type 133, code 0.
    private const string HandWritten =
        "60 00 00 00 00 08 3A FF | FE 80 00 00 00 00 00 00 02 11 22 33 44 55 66 77"
        + " | FF 02 00 00 00 00 00 00 00 00 00 00 00 00 00 02 | 85 00 CC CC 00 00 00 00";

    [Fact]
    public void IsRouterSolicitation_HandWrittenWithIndependentChecksum_True()
    {
        var packet = WithChecksum(Hex.Parse(HandWritten));
        Assert.True(RouterSolicitation.IsRouterSolicitation(packet));
    }

    [Fact]
    public void Write_HandWrittenLayout_ExactBytes()
    {
        var buffer = new byte[64];
        Assert.Equal(48, RouterSolicitation.Write(buffer, 0x0211_2233_4455_6677));
        Assert.Equal(Hex.Format(WithChecksum(Hex.Parse(HandWritten))), Hex.Format(buffer.AsSpan(0, 48)));
        Assert.True(RouterSolicitation.IsRouterSolicitation(buffer.AsSpan(0, 48)));
    }

    [Fact]
    public void Write_ShortDestination_Throws()
    {
        Assert.Throws<ArgumentException>(() => RouterSolicitation.Write(new byte[47], 1));
    }

    [Fact]
    public void IsRouterSolicitation_WithOptionAndPadding_True()
    {
        // An option of 8 octets (type 1 SLLAO shape) and two octets of link padding after the payload.
        var packet = Hex.Parse(HandWritten.Replace("00 08 3A FF", "00 10 3A FF", StringComparison.Ordinal) + " 01 01 00 11 22 33 44 55 | EE EE");
        Assert.True(RouterSolicitation.IsRouterSolicitation(WithChecksum(packet)));
    }

    [Fact]
    public void IsRouterSolicitation_BehindHopByHop_True()
    {
        var icmp = Hex.Parse("85 00 00 00 00 00 00 00");
        var packet = IPv6(0, Extension(58), icmp, new UInt128(0xFE80_0000_0000_0000, 5), new UInt128(0xFF02_0000_0000_0000, 2), 255);
        SetUpperChecksum(packet, 48, packet.Length, 58, 2);
        Assert.True(RouterSolicitation.IsRouterSolicitation(packet));
    }

    public static TheoryData<string, string, int, byte> Invalid => new()
    {
        // RFC 4861 §6.1.1 validity checks, one per row: (name, hex, byte index to change, new value); checksum refreshed afterwards.
        { "hop limit 64", HandWritten, 7, 64 },
        { "code 1", HandWritten, 41, 1 },
        { "type 134 (an advertisement)", HandWritten, 40, 134 },
        { "type 128 (echo request)", HandWritten, 40, 128 },
        { "next header UDP", HandWritten, 6, 17 },
        { "IPv4 version", HandWritten, 0, 0x45 },
        { "option length 0", HandWritten.Replace("00 08 3A", "00 10 3A", StringComparison.Ordinal) + " 01 00 00 00 00 00 00 00", 0, 0x60 },
        { "option past the end", HandWritten.Replace("00 08 3A", "00 10 3A", StringComparison.Ordinal) + " 01 02 00 00 00 00 00 00", 0, 0x60 },
        { "option header cut", HandWritten.Replace("00 08 3A", "00 09 3A", StringComparison.Ordinal) + " 01", 0, 0x60 },
        { "ICMP shorter than 8", HandWritten.Replace("00 08 3A", "00 04 3A", StringComparison.Ordinal)[..^12], 0, 0x60 },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void IsRouterSolicitation_BreaksOneRule_False(string name, string hex, int index, byte value)
    {
        var packet = Hex.Parse(hex);
        packet[index] = value;
        if (packet.Length >= 44 && packet[6] == 58)
        {
            packet = WithChecksum(packet);
        }

        Assert.False(RouterSolicitation.IsRouterSolicitation(packet), name);
    }

    [Fact]
    public void IsRouterSolicitation_BadChecksum_False()
    {
        var packet = WithChecksum(Hex.Parse(HandWritten));
        packet[43] ^= 1;
        Assert.False(RouterSolicitation.IsRouterSolicitation(packet));
    }

    [Fact]
    public void IsRouterSolicitation_RandomBytes_NeverThrows()
    {
        Gen.Byte.Array[0, 600].Sample(bytes =>
        {
            if (bytes.Length >= 48)
            {
                Hex.Parse(HandWritten).AsSpan(0, 42).CopyTo(bytes);
                BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(4), (ushort)(bytes.Length - 40 - (bytes[47] & 7)));
            }

            _ = RouterSolicitation.IsRouterSolicitation(bytes);
        });
    }

    /// <summary>Fills in the ICMPv6 checksum with the test's own RFC 1071 sum over the RFC 8200 §8.1 pseudo-header.</summary>
    private static byte[] WithChecksum(byte[] packet)
    {
        int length = BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(4));
        SetUpperChecksum(packet, 40, 40 + length, 58, 2);
        return packet;
    }
}
