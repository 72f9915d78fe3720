using System.Buffers;
using System.Buffers.Binary;

namespace Sstp.Protocol.Ip;

/// <summary>
/// Recognises an IPv6 Router Solicitation from the client, which the server answers with a
/// <see cref="RouterAdvertisement"/> (RFC 4861 §6.2.6).
/// <code>
/// IPv6 header (hop limit 255) [extension headers] ICMPv6, RFC 4861 §4.1:
///  +--------+--------+-----------------+
///  | 133    | Code 0 | Checksum        |
///  | Reserved (4)                      |
///  | Options (type, length in 8-octet units, …) …
///  +-----------------------------------+
/// </code>
/// </summary>
public static class RouterSolicitation
{
    /// <summary>ICMPv6 type of a Router Solicitation (RFC 4861 §4.1).</summary>
    public const byte IcmpType = 133;

    /// <summary>Length of the packet <see cref="Write"/> produces: IPv6 header + 8 octets of ICMPv6.</summary>
    public const int EncodedLength = IpPacket.IPv6HeaderLength + MinLength;

    private const int MinLength = 8;

    /// <summary>
    /// True when <paramref name="ipv6Packet"/> is a valid Router Solicitation under RFC 4861 §6.1.1: hop limit
    /// 255, a correct ICMPv6 checksum, code 0, at least 8 octets of ICMP, and every option's length non-zero and
    /// inside the packet. Never throws.
    /// </summary>
    public static bool IsRouterSolicitation(ReadOnlySpan<byte> ipv6Packet)
    {
        if (IpPacket.TryReadHeader(ipv6Packet, out var ip, out _) != OperationStatus.Done
            || ip.Version != 6 || ip.Protocol != IpPacket.ProtocolIcmpV6 || ip.IsLaterFragment)
        {
            return false;
        }

        var icmp = ipv6Packet[ip.HeaderLength..ip.TotalLength];

        // RFC 4861 §6.1.1: "The IP Hop Limit field has a value of 255", "ICMP Code is 0", "ICMP length ... is 8 or more octets".
        if (ipv6Packet[7] != 255 || icmp.Length < MinLength || icmp[0] != IcmpType || icmp[1] != 0)
        {
            return false;
        }

        // "ICMP Checksum is valid": summing the pseudo-header and the message, checksum included, gives all ones.
        uint sum = InternetChecksum.IPv6PseudoHeader(ipv6Packet, icmp.Length, IpPacket.ProtocolIcmpV6);
        if (InternetChecksum.Fold(InternetChecksum.Add(sum, icmp)) != 0xFFFF)
        {
            return false;
        }

        // "All included options have a length that is greater than zero."
        var options = icmp[MinLength..];
        while (!options.IsEmpty)
        {
            if (options.Length < 2 || options[1] == 0 || options[1] * 8 > options.Length)
            {
                return false;
            }

            options = options[(options[1] * 8)..];
        }

        return true;
    }

    /// <summary>
    /// Writes a Router Solicitation as our client sends it after IPV6CP is Opened: source fe80::<paramref name="interfaceId"/>,
    /// destination ff02::2 (all routers), hop limit 255, no options (a PPP link has no link-layer address,
    /// RFC 4861 §4.1). Returns <see cref="EncodedLength"/>.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="EncodedLength"/>.</exception>
    public static int Write(Span<byte> destination, ulong interfaceId)
    {
        if (destination.Length < EncodedLength)
        {
            IpThrow.DestinationTooSmall(nameof(destination), EncodedLength);
        }

        var packet = destination[..EncodedLength];
        packet.Clear();
        packet[0] = 0x60;
        packet[5] = MinLength;
        packet[6] = IpPacket.ProtocolIcmpV6;
        packet[7] = 255;
        BinaryPrimitives.WriteUInt64BigEndian(packet[8..], 0xFE80_0000_0000_0000UL);
        BinaryPrimitives.WriteUInt64BigEndian(packet[16..], interfaceId);
        BinaryPrimitives.WriteUInt64BigEndian(packet[24..], 0xFF02_0000_0000_0000UL);
        packet[39] = 2;
        var icmp = packet[IpPacket.IPv6HeaderLength..];
        icmp[0] = IcmpType;
        uint sum = InternetChecksum.IPv6PseudoHeader(packet, MinLength, IpPacket.ProtocolIcmpV6);
        BinaryPrimitives.WriteUInt16BigEndian(icmp[2..], InternetChecksum.Finish(InternetChecksum.Add(sum, icmp)));
        return EncodedLength;
    }
}
