using System.Buffers;
using System.Buffers.Binary;

namespace Sstp.Protocol.Ip;

/// <summary>
/// Read-only helpers over a raw IPv4 or IPv6 packet (as read from the TUN device or carried in PPP protocol
/// 0x0021 / 0x0057). Nothing here allocates or throws on packet content.
/// <code>
/// IPv4, RFC 791 §3.1                         IPv6, RFC 8200 §3
///  0       4       8              16      31    0    4          12                      31
/// +-------+-------+--------------+--------+    +----+----------+------------------------+
/// |Ver=4  | IHL   | TOS          | Total Length|Ver=6| Traffic  |  Flow Label            |
/// +-------+-------+--------------+--------+    +----+----------+-------+--------+-------+
/// | Identification       |Flags| Frag Offset |  | Payload Length       |NextHdr |HopLimit|
/// +----------------------+-----+-------------+  +----------------------+--------+-------+
/// | TTL          | Protocol     | Checksum   |  | Source Address (16 octets), offset 8   |
/// +--------------+--------------+------------+  +----------------------------------------+
/// | Source Address, offset 12                |  | Destination Address (16), offset 24    |
/// | Destination Address, offset 16           |  +----------------------------------------+
/// | Options (IHL > 5) …                      |  | extension headers … upper layer        |
/// +------------------------------------------+  +----------------------------------------+
/// </code>
/// IPv6 extension headers walked (RFC 8200 §4): Hop-by-Hop 0, Routing 43, Fragment 44, Destination Options 60
/// (length in 8-octet units, not counting the first 8) and Authentication 51 (RFC 4302 §2.2: 4-octet units,
/// minus 2). Anything else ends the chain and is reported as the upper-layer protocol.
/// </summary>
public static class IpPacket
{
    /// <summary>Length of an IPv4 header without options (RFC 791 §3.1).</summary>
    public const int IPv4MinHeaderLength = 20;

    /// <summary>Length of the fixed IPv6 header (RFC 8200 §3).</summary>
    public const int IPv6HeaderLength = 40;

    /// <summary>Protocol number of ICMP (RFC 792).</summary>
    public const byte ProtocolIcmp = 1;

    /// <summary>Protocol number of TCP (RFC 9293).</summary>
    public const byte ProtocolTcp = 6;

    /// <summary>Protocol number of UDP (RFC 768).</summary>
    public const byte ProtocolUdp = 17;

    /// <summary>Next Header value of ICMPv6 (RFC 4443).</summary>
    public const byte ProtocolIcmpV6 = 58;

    private const byte HopByHop = 0;
    private const byte Routing = 43;
    private const byte Fragment = 44;
    private const byte AuthenticationHeader = 51;
    private const byte DestinationOptions = 60;

    /// <summary>The version nibble of the first octet (4 or 6 for valid packets), or 0 for an empty span.</summary>
    public static int GetVersion(ReadOnlySpan<byte> packet) => packet.IsEmpty ? 0 : packet[0] >> 4;

    /// <summary>Reads the IPv4 source address (offset 12) as a big-endian number, e.g. 10.0.0.1 = 0x0A000001.</summary>
    /// <returns>False when the packet is not IPv4 or shorter than 20 bytes.</returns>
    public static bool TryGetIPv4Source(ReadOnlySpan<byte> packet, out uint source) => TryReadIPv4Address(packet, 12, out source);

    /// <summary>Reads the IPv4 destination address (offset 16) as a big-endian number.</summary>
    /// <returns>False when the packet is not IPv4 or shorter than 20 bytes.</returns>
    public static bool TryGetIPv4Destination(ReadOnlySpan<byte> packet, out uint destination) => TryReadIPv4Address(packet, 16, out destination);

    /// <summary>Reads the IPv6 source address (offset 8); the upper 64 bits of the number are the prefix half.</summary>
    /// <returns>False when the packet is not IPv6 or shorter than 40 bytes.</returns>
    public static bool TryGetIPv6Source(ReadOnlySpan<byte> packet, out UInt128 source) => TryReadIPv6Address(packet, 8, out source);

    /// <summary>Reads the IPv6 destination address (offset 24); the upper 64 bits of the number are the prefix half.</summary>
    /// <returns>False when the packet is not IPv6 or shorter than 40 bytes.</returns>
    public static bool TryGetIPv6Destination(ReadOnlySpan<byte> packet, out UInt128 destination) => TryReadIPv6Address(packet, 24, out destination);

    /// <summary>
    /// Validates the IP header's lengths and finds the upper-layer header, skipping IPv6 extension headers.
    /// </summary>
    /// <param name="packet">The packet; it may be followed by padding, never cut short.</param>
    /// <param name="info">The header facts when <see cref="OperationStatus.Done"/>.</param>
    /// <param name="error">The rule broken when <see cref="OperationStatus.InvalidData"/>.</param>
    /// <returns>
    /// <see cref="OperationStatus.Done"/> or <see cref="OperationStatus.InvalidData"/>; never
    /// <see cref="OperationStatus.NeedMoreData"/>, because an IP packet is delivered whole.
    /// </returns>
    public static OperationStatus TryReadHeader(ReadOnlySpan<byte> packet, out IpHeaderInfo info, out IpPacketError error)
    {
        info = default;
        error = GetVersion(packet) switch
        {
            4 => ReadIPv4(packet, out info),
            6 => ReadIPv6(packet, out info),
            _ => IpPacketError.UnknownVersion,
        };
        return error == IpPacketError.None ? OperationStatus.Done : OperationStatus.InvalidData;
    }

    private static IpPacketError ReadIPv4(ReadOnlySpan<byte> packet, out IpHeaderInfo info)
    {
        info = default;
        if (packet.Length < IPv4MinHeaderLength)
        {
            return IpPacketError.TruncatedHeader;
        }

        int headerLength = (packet[0] & 0x0F) * 4;
        if (headerLength < IPv4MinHeaderLength)
        {
            return IpPacketError.InvalidHeaderLength;
        }

        int totalLength = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        if (totalLength < headerLength || totalLength > packet.Length)
        {
            return IpPacketError.InvalidTotalLength;
        }

        // Flags (3 bits) then the 13-bit Fragment Offset in 8-octet units.
        bool later = (BinaryPrimitives.ReadUInt16BigEndian(packet[6..]) & 0x1FFF) != 0;
        info = new IpHeaderInfo(4, headerLength, totalLength, packet[9], later);
        return IpPacketError.None;
    }

    private static IpPacketError ReadIPv6(ReadOnlySpan<byte> packet, out IpHeaderInfo info)
    {
        info = default;
        if (packet.Length < IPv6HeaderLength)
        {
            return IpPacketError.TruncatedHeader;
        }

        // Payload Length 0 with a Jumbo Payload option (RFC 2675) cannot occur under an SSTP MTU (≤ 4087); it
        // reads as an empty payload here, so the first extension header is reported truncated.
        int totalLength = IPv6HeaderLength + BinaryPrimitives.ReadUInt16BigEndian(packet[4..]);
        if (totalLength > packet.Length)
        {
            return IpPacketError.InvalidTotalLength;
        }

        byte next = packet[6];
        int offset = IPv6HeaderLength;
        bool later = false;

        // Every header walked is at least 8 octets long, so the loop ends within the packet.
        while (!later)
        {
            int length;
            switch (next)
            {
                case HopByHop when offset != IPv6HeaderLength:
                    // RFC 8200 §4.1: the Hop-by-Hop Options header, when present, MUST immediately follow the IPv6 header.
                    return IpPacketError.MisplacedHopByHop;
                case HopByHop or Routing or DestinationOptions:
                    if (offset + 2 > totalLength)
                    {
                        return IpPacketError.TruncatedExtensionHeader;
                    }

                    length = (packet[offset + 1] + 1) * 8;
                    break;
                case Fragment:
                    if (offset + 8 > totalLength)
                    {
                        return IpPacketError.TruncatedExtensionHeader;
                    }

                    // RFC 8200 §4.5: Fragment Offset is the upper 13 bits of octets 2-3; only offset 0 holds the upper-layer header.
                    later = (BinaryPrimitives.ReadUInt16BigEndian(packet[(offset + 2)..]) >> 3) != 0;
                    length = 8;
                    break;
                case AuthenticationHeader:
                    if (offset + 2 > totalLength)
                    {
                        return IpPacketError.TruncatedExtensionHeader;
                    }

                    length = (packet[offset + 1] + 2) * 4;
                    break;
                default:
                    info = new IpHeaderInfo(6, offset, totalLength, next, later);
                    return IpPacketError.None;
            }

            if (offset + length > totalLength)
            {
                return IpPacketError.TruncatedExtensionHeader;
            }

            next = packet[offset];
            offset += length;
        }

        info = new IpHeaderInfo(6, offset, totalLength, next, later);
        return IpPacketError.None;
    }

    private static bool TryReadIPv4Address(ReadOnlySpan<byte> packet, int offset, out uint address)
    {
        if (packet.Length < IPv4MinHeaderLength || packet[0] >> 4 != 4)
        {
            address = 0;
            return false;
        }

        address = BinaryPrimitives.ReadUInt32BigEndian(packet[offset..]);
        return true;
    }

    private static bool TryReadIPv6Address(ReadOnlySpan<byte> packet, int offset, out UInt128 address)
    {
        if (packet.Length < IPv6HeaderLength || packet[0] >> 4 != 6)
        {
            address = 0;
            return false;
        }

        address = BinaryPrimitives.ReadUInt128BigEndian(packet[offset..]);
        return true;
    }
}
