using System.Buffers;
using System.Buffers.Binary;
using CsCheck;
using Sstp.Protocol.Ip;
using Sstp.TestKit;
using static Sstp.Protocol.Tests.Ip.IpTestPackets;

namespace Sstp.Protocol.Tests.Ip;

public class MssClampTests
{
    // A Linux-style SYN, 192.168.10.2:50123 → 10.0.0.1:443, options MSS 1460, SACK-permitted, Timestamps, NOP,
    // Window Scale 7 (RFC 9293 §3.1/§3.2 layout, RFC 7323, RFC 2018), checksums computed by hand (RFC 1071).
    private const string LinuxSyn1460 =
        "45 00 00 3C 1C 46 40 00 40 06 49 CB C0 A8 0A 02 0A 00 00 01 | C3 CB 01 BB 12 34 56 78 00 00 00 00"
        + " A0 02 FA F0 4A 31 00 00 | 02 04 05 B4 04 02 08 0A 00 00 00 00 00 00 00 00 01 03 03 07";

    // The same SYN as it must leave the clamp with MTU 1400: MSS 0x0550 = 1360, checksum 4A31 + 0x64 = 4A95.
    private const string LinuxSyn1360 =
        "45 00 00 3C 1C 46 40 00 40 06 49 CB C0 A8 0A 02 0A 00 00 01 | C3 CB 01 BB 12 34 56 78 00 00 00 00"
        + " A0 02 FA F0 4A 95 00 00 | 02 04 05 50 04 02 08 0A 00 00 00 00 00 00 00 00 01 03 03 07";

    [Fact]
    public void ClampTcpMss_HandWrittenLinuxSyn_ExactBytes()
    {
        var packet = Hex.Parse(LinuxSyn1460);
        Assert.True(UpperChecksumValid(packet, 20, packet.Length, 6));

        Assert.True(MssClamp.ClampTcpMss(packet, MssClamp.MaxMssFor(1400, ipv6: false)));

        Assert.Equal(Hex.Parse(LinuxSyn1360), packet);
    }

    [Theory]
    [InlineData(1400, false, 1360)] // PPP.md §10.4: MTU − 40 for IPv4
    [InlineData(1400, true, 1340)]  // MTU − 60 for IPv6
    [InlineData(1500, false, 1460)]
    [InlineData(1500, true, 1440)]
    [InlineData(1452, false, 1412)] // accel-ppp default MTU, PPP.md §10.2
    [InlineData(1280, true, 1220)]  // IPv6 minimum link MTU
    [InlineData(68, false, 28)]
    [InlineData(65535, false, 65495)]
    public void MaxMssFor_Mtu_MinusHeaders(int mtu, bool ipv6, int expected)
    {
        Assert.Equal(expected, MssClamp.MaxMssFor(mtu, ipv6));
    }

    [Theory]
    [InlineData(67)]
    [InlineData(0)]
    [InlineData(65536)]
    public void MaxMssFor_OutOfRange_Throws(int mtu)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MssClamp.MaxMssFor(mtu, false));
    }

    public static TheoryData<string, byte, byte[], int> Clamped => new()
    {
        // name, flags, options, offset of the MSS value within the TCP header
        { "MSS first", Syn, [2, 4, 0x05, 0xB4], 22 },
        { "SYN-ACK", SynAck, [2, 4, 0x05, 0xB4], 22 },
        { "NOP NOP MSS", Syn, [1, 1, 2, 4, 0x05, 0xB4], 24 },
        { "one NOP: MSS value at an odd offset", Syn, [1, 2, 4, 0x05, 0xB4], 23 },
        { "three NOPs: odd offset", Syn, [1, 1, 1, 2, 4, 0x23, 0x28], 25 },
        { "after window scale", Syn, [3, 3, 7, 2, 4, 0xFF, 0xFF], 25 },
        { "after SACK-permitted and timestamps", Syn, [4, 2, 8, 10, 1, 2, 3, 4, 5, 6, 7, 8, 2, 4, 0x20, 0x00], 34 },
    };

    [Theory]
    [MemberData(nameof(Clamped))]
    public void ClampTcpMss_IPv4MssAboveLimit_RewrittenAndChecksumValid(string name, byte flags, byte[] options, int mssAt)
    {
        var packet = IPv4Tcp(flags, options, payloadLength: 3);
        AssertClamped(packet, 20, mssAt, 1360, name);
    }

    [Theory]
    [MemberData(nameof(Clamped))]
    public void ClampTcpMss_IPv6MssAboveLimit_RewrittenAndChecksumValid(string name, byte flags, byte[] options, int mssAt)
    {
        var packet = IPv6Tcp(flags, options, payloadLength: 1);
        AssertClamped(packet, 40, mssAt, 1340, name);
    }

    [Fact]
    public void ClampTcpMss_EolThenGarbageAfterMss_Rewritten()
    {
        // RFC 9293 §3.2: End of Option List ends the list; what follows is padding and is not parsed.
        var packet = IPv4Tcp(Syn, [2, 4, 0x05, 0xB4, 0, 9, 0, 0]);
        AssertClamped(packet, 20, 22, 1360, "EOL");
    }

    [Fact]
    public void ClampTcpMss_IPv6BehindExtensionHeaders_Rewritten()
    {
        // RFC 8200 §4: Hop-by-Hop, Destination Options, first Fragment (offset 0, M=1), then TCP.
        var extensions = Concat(Extension(60), Extension(44, 1), FragmentHeader(6, 0, more: true));
        var packet = IPv6Tcp(Syn, [1, 2, 4, 0x05, 0xA0], nextHeader: 0, extensions: extensions);
        AssertClamped(packet, 40 + extensions.Length, 23, 1220, "extensions");
    }

    public static TheoryData<string, byte[]> Untouched => new()
    {
        { "ACK without SYN", IPv4Tcp(Ack, [2, 4, 0x05, 0xB4]) },
        { "no options", IPv4Tcp(Syn, []) },
        { "MSS equal to the limit", IPv4Tcp(Syn, [2, 4, 0x05, 0x50]) },
        { "MSS below the limit", IPv4Tcp(Syn, [2, 4, 0x02, 0x18]) },
        { "EOL before MSS", IPv4Tcp(Syn, [0, 0, 0, 0, 2, 4, 0x05, 0xB4]) },
        { "option length 0", IPv4Tcp(Syn, [3, 0, 2, 4, 0x05, 0xB4]) },
        { "option length 1", IPv4Tcp(Syn, [3, 1, 2, 4, 0x05, 0xB4]) },
        { "option runs past the header", IPv4Tcp(Syn, [1, 1, 2, 4, 0x05, 0xB4, 1, 8, 9, 9]) },
        { "kind without length octet at the end", IPv4Tcp(Syn, [1, 1, 1, 8]) },
        { "MSS with length 3", IPv4Tcp(Syn, [2, 3, 0x05, 1]) },
        { "MSS with length 6", IPv4Tcp(Syn, [2, 6, 0x05, 0xB4, 0, 0]) },
        { "two MSS options", IPv4Tcp(Syn, [2, 4, 0x05, 0xB4, 2, 4, 0x05, 0xB4]) },
        { "bad option after MSS", IPv4Tcp(Syn, [2, 4, 0x05, 0xB4, 8, 1]) },
        { "later IPv4 fragment", IPv4Tcp(Syn, [2, 4, 0x05, 0xB4], fragmentWord: 0x0001) },
        { "later IPv6 fragment", IPv6Tcp(Syn, [2, 4, 0x05, 0xB4], 44, FragmentHeader(6, 3, more: false)) },
        { "UDP", IPv4(17, Tcp(Syn, [2, 4, 0x05, 0xB4])) },
        { "IPv6 UDP", IPv6(17, [], Tcp(Syn, [2, 4, 0x05, 0xB4])) },
        { "TCP header cut short", IPv4(6, Tcp(Syn, [2, 4, 0x05, 0xB4])[..19]) },
        { "data offset 4", WithByte(IPv4Tcp(Syn, [2, 4, 0x05, 0xB4]), 32, 0x40) },
        { "data offset past the segment", WithByte(IPv4Tcp(Syn, [2, 4, 0x05, 0xB4]), 32, 0xF0) },
        { "bad IPv4 total length", WithByte(IPv4Tcp(Syn, [2, 4, 0x05, 0xB4]), 3, 0xFF) },
        { "not IP", WithByte(IPv4Tcp(Syn, [2, 4, 0x05, 0xB4]), 0, 0x55) },
    };

    [Theory]
    [MemberData(nameof(Untouched))]
    public void ClampTcpMss_NothingToClampOrMalformed_LeftUntouched(string name, byte[] packet)
    {
        var before = packet.ToArray();
        Assert.False(MssClamp.ClampTcpMss(packet, 1360), name);
        Assert.Equal(before, packet);
    }

    [Fact]
    public void ClampTcpMss_GeneratedSegments_MssIsMinAndChecksumStillValid()
    {
        // Random option lists (NOPs, window scale, timestamps in front of MSS), MSS values, limits, payloads, both families.
        var prefix = Gen.OneOf(Gen.Const(new byte[] { 1 }), Gen.Const(new byte[] { 3, 3, 7 }), Gen.Const(new byte[] { 4, 2 }),
            Gen.Const(new byte[] { 8, 10, 1, 2, 3, 4, 5, 6, 7, 8 })).Array[0, 3];
        Gen.Select(prefix, Gen.UShort, Gen.UShort, Gen.Int[0, 300], Gen.Bool, Gen.OneOfConst(Syn, SynAck))
            .Sample((front, mss, limit, payload, ipv6, flags) =>
            {
                var options = front.SelectMany(o => o).Concat(new byte[] { 2, 4, (byte)(mss >> 8), (byte)mss }).ToArray();
                var packet = ipv6 ? IPv6Tcp(flags, options, payloadLength: payload) : IPv4Tcp(flags, options, payloadLength: payload);
                int tcpAt = ipv6 ? 40 : 20;
                int mssAt = tcpAt + 20 + options.Length - 2;
                var before = packet.ToArray();

                bool changed = MssClamp.ClampTcpMss(packet, limit);

                Assert.Equal(mss > limit, changed);
                Assert.Equal(Math.Min(mss, limit), BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(mssAt)));
                Assert.True(UpperChecksumValid(packet, tcpAt, packet.Length, 6));
                for (int i = 0; i < packet.Length; i++)
                {
                    if (i != mssAt && i != mssAt + 1 && i != tcpAt + 16 && i != tcpAt + 17)
                    {
                        Assert.Equal(before[i], packet[i]);
                    }
                }
            });
    }

    [Fact]
    public void ClampTcpMss_RandomBytes_NeverThrowsAndFalseMeansUnchanged()
    {
        Gen.Byte.Array[0, 600].Sample(bytes =>
        {
            if (bytes.Length >= 40)
            {
                // Steer towards the TCP path: a plausible IPv4 header with protocol 6 and SYN.
                bytes[0] = 0x45;
                bytes[2] = (byte)(bytes.Length >> 8);
                bytes[3] = (byte)bytes.Length;
                bytes[6] &= 0xE0;
                bytes[7] = 0;
                bytes[9] = 6;
                bytes[33] |= 0x02;
            }

            var before = bytes.ToArray();
            if (!MssClamp.ClampTcpMss(bytes, 536))
            {
                Assert.Equal(before, bytes);
            }
            else
            {
                Assert.Equal(before.Length, bytes.Length);
            }
        });
    }

    [Fact]
    public void ClampTcpMss_TenThousandPackets_AllocatesNothing()
    {
        // ARCHITECTURE.md C4: per-packet work allocates nothing.
        var v4 = IPv4Tcp(Syn, [1, 2, 4, 0x05, 0xB4], payloadLength: 0);
        var v6 = IPv6Tcp(SynAck, [2, 4, 0x05, 0xA0], nextHeader: 0, extensions: Extension(6));
        var original4 = v4.ToArray();
        var original6 = v6.ToArray();
        int changed = 0;

        void Run(int count)
        {
            for (int i = 0; i < count; i++)
            {
                original4.CopyTo(v4, 0);
                original6.CopyTo(v6, 0);
                changed += MssClamp.ClampTcpMss(v4, 1360) ? 1 : 0;
                changed += MssClamp.ClampTcpMss(v6, 1340) ? 1 : 0;
            }
        }

        Run(100);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Run(10_000);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(20_200, changed);
    }

    private static void AssertClamped(byte[] packet, int tcpAt, int mssAt, ushort limit, string name)
    {
        Assert.Equal(OperationStatus.Done, IpPacket.TryReadHeader(packet, out _, out _));
        Assert.True(UpperChecksumValid(packet, tcpAt, packet.Length, 6));
        var before = packet.ToArray();

        Assert.True(MssClamp.ClampTcpMss(packet, limit), name);

        Assert.Equal(limit, BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(tcpAt + mssAt)));
        Assert.True(UpperChecksumValid(packet, tcpAt, packet.Length, 6), name);
        Assert.Equal(before.Length, packet.Length);
        Assert.Equal(before.AsSpan(0, tcpAt + 16).ToArray(), packet.AsSpan(0, tcpAt + 16).ToArray());

        // Running the clamp again finds nothing to do.
        Assert.False(MssClamp.ClampTcpMss(packet, limit));
    }

    private static byte[] WithByte(byte[] packet, int index, byte value)
    {
        packet[index] = value;
        return packet;
    }
}
