using System.Buffers;
using System.Buffers.Binary;

namespace Sstp.Protocol.Ip;

/// <summary>
/// TCP MSS clamping for packets crossing the PPP link (PPP.md §10.4; the same job as iptables
/// <c>TCPMSS --clamp-mss-to-pmtu</c>): a SYN or SYN-ACK announcing a Maximum Segment Size larger than the
/// tunnel can carry gets the smaller value, so neither end sends segments that would need fragmenting.
/// <code>
/// TCP header, RFC 9293 §3.1                    MSS option, RFC 9293 §3.2
///  0               16              31           +--------+--------+--------+--------+
/// +---------------+----------------+            | Kind=2 | Len=4  |  Maximum Seg Size|
/// | Source Port   | Dest Port      |            +--------+--------+--------+--------+
/// | Sequence Number                |            Kind 0 = End of Option List (1 octet)
/// | Acknowledgment Number          |            Kind 1 = No-Operation (1 octet)
/// |DOff|Rsv|Flags | Window         |  octet 13: CWR ECE URG ACK PSH RST SYN FIN
/// | Checksum      | Urgent Pointer |  offset 16
/// | Options (DOff × 4 − 20) …      |
/// +--------------------------------+
/// </code>
/// The TCP checksum is patched incrementally, HC' = ~(~HC + ~m + m') (RFC 1624 §3, eqn. 3). An MSS field that
/// sits at an odd offset of the segment spans two checksum words; its contribution is then the byte-swapped
/// value (RFC 1071 §2(B)), so the update uses swapped values. Packets that do not parse, or whose option list is
/// malformed anywhere, are left alone.
/// </summary>
public static class MssClamp
{
    /// <summary>IPv4 header (20) + TCP header (20) without options (PPP.md §10.4).</summary>
    public const int IPv4Overhead = 40;

    /// <summary>IPv6 header (40) + TCP header (20) without options (PPP.md §10.4).</summary>
    public const int IPv6Overhead = 60;

    private const int TcpMinHeaderLength = 20;
    private const byte SynFlag = 0x02;
    private const byte OptionEnd = 0;
    private const byte OptionNop = 1;
    private const byte OptionMss = 2;
    private const int MssOptionLength = 4;

    /// <summary>
    /// The largest MSS a TCP connection over a link with MTU <paramref name="mtu"/> may announce: MTU − 40 for
    /// IPv4, MTU − 60 for IPv6 (PPP.md §10.4).
    /// </summary>
    /// <param name="mtu">The link MTU, 68 (RFC 791's minimum) to 65535.</param>
    /// <param name="ipv6">True for IPv6 packets.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="mtu"/> is outside 68–65535.</exception>
    public static ushort MaxMssFor(int mtu, bool ipv6)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(mtu, 68);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(mtu, ushort.MaxValue);
        return (ushort)(mtu - (ipv6 ? IPv6Overhead : IPv4Overhead));
    }

    /// <summary>
    /// Lowers the MSS option of a TCP SYN (or SYN-ACK) in <paramref name="ipPacket"/> to <paramref name="maxMss"/>
    /// and fixes the TCP checksum. Anything else (not TCP, no SYN, no MSS option, MSS already small enough, a
    /// later fragment, a malformed header or option list) is left untouched.
    /// </summary>
    /// <param name="ipPacket">A whole IPv4 or IPv6 packet, changed in place.</param>
    /// <param name="maxMss">The largest MSS allowed, usually <see cref="MaxMssFor(int, bool)"/>.</param>
    /// <returns>True when the packet was changed.</returns>
    public static bool ClampTcpMss(Span<byte> ipPacket, ushort maxMss)
    {
        if (IpPacket.TryReadHeader(ipPacket, out var ip, out _) != OperationStatus.Done
            || ip.Protocol != IpPacket.ProtocolTcp || ip.IsLaterFragment)
        {
            return false;
        }

        var tcp = ipPacket[ip.HeaderLength..ip.TotalLength];
        if (tcp.Length < TcpMinHeaderLength || (tcp[13] & SynFlag) == 0)
        {
            return false;
        }

        int dataOffset = (tcp[12] >> 4) * 4;
        if (dataOffset < TcpMinHeaderLength || dataOffset > tcp.Length)
        {
            return false;
        }

        int mssAt = FindMssValue(tcp[..dataOffset]);
        if (mssAt < 0)
        {
            return false;
        }

        ushort old = BinaryPrimitives.ReadUInt16BigEndian(tcp[mssAt..]);
        if (old <= maxMss)
        {
            return false;
        }

        BinaryPrimitives.WriteUInt16BigEndian(tcp[mssAt..], maxMss);

        // RFC 1624 eqn. 3 on the checksum at TCP offset 16; odd placement contributes byte-swapped words.
        bool odd = (mssAt & 1) != 0;
        ushort oldWord = odd ? BinaryPrimitives.ReverseEndianness(old) : old;
        ushort newWord = odd ? BinaryPrimitives.ReverseEndianness(maxMss) : maxMss;
        ushort checksum = BinaryPrimitives.ReadUInt16BigEndian(tcp[16..]);
        uint sum = (ushort)~checksum + (uint)(ushort)~oldWord + newWord;
        BinaryPrimitives.WriteUInt16BigEndian(tcp[16..], InternetChecksum.Finish(sum));
        return true;
    }

    /// <summary>
    /// Offset in the TCP header of the MSS option's 16-bit value, or −1 when there is none or the option list is
    /// malformed anywhere (a bad length, or a second MSS option): such a segment is not ours to repair.
    /// </summary>
    private static int FindMssValue(ReadOnlySpan<byte> header)
    {
        int found = -1;
        int i = TcpMinHeaderLength;
        while (i < header.Length)
        {
            byte kind = header[i];
            if (kind == OptionEnd)
            {
                break;
            }

            if (kind == OptionNop)
            {
                i++;
                continue;
            }

            // RFC 9293 §3.1: every other option has a length octet that counts kind and length themselves.
            if (i + 1 >= header.Length)
            {
                return -1;
            }

            int length = header[i + 1];
            if (length < 2 || i + length > header.Length)
            {
                return -1;
            }

            if (kind == OptionMss)
            {
                if (length != MssOptionLength || found >= 0)
                {
                    return -1;
                }

                found = i + 2;
            }

            i += length;
        }

        return found;
    }
}
