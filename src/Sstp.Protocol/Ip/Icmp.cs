using System.Buffers;
using System.Buffers.Binary;

namespace Sstp.Protocol.Ip;

/// <summary>
/// Path-MTU errors for packets too big for a session's link, for when packets are routed in user space and the
/// kernel cannot send them itself (PPP.md §10.4, "PMTUD").
/// <code>
/// IPv4: IPv4 header (proto 1) + ICMP, RFC 792 / RFC 1191 §4:
///  +--------+--------+-----------------+
///  | 3      | 4      | Checksum        |   Destination Unreachable, Fragmentation Needed and DF set
///  | unused (0)      | Next-Hop MTU    |
///  | original IP header + leading data …   (RFC 1812 §4.3.2.3: as much as fits in 576 octets)
/// IPv6: IPv6 header (next header 58) + ICMPv6, RFC 4443 §3.2:
///  +--------+--------+-----------------+
///  | 2      | 0      | Checksum        |   Packet Too Big; checksum over the RFC 8200 §8.1 pseudo-header
///  | MTU (32 bits)                     |
///  | as much of the invoking packet as fits in 1280 octets (RFC 4443 §2.4 c)
/// </code>
/// Both writers return 0 instead of a packet where the RFCs forbid an error message: about an ICMP error, a
/// later fragment (IPv4), a multicast or broadcast destination (IPv4), or a source that names no single node
/// (RFC 1812 §4.3.2.7, RFC 4443 §2.4 e).
/// </summary>
public static class Icmp
{
    /// <summary>RFC 1812 §4.3.2.3: an ICMPv4 error SHOULD NOT exceed 576 octets. A destination this large always suffices.</summary>
    public const int MaxIPv4ErrorLength = 576;

    /// <summary>RFC 4443 §2.4 (c): an ICMPv6 error MUST NOT exceed the minimum IPv6 MTU. A destination this large always suffices.</summary>
    public const int MaxIPv6ErrorLength = 1280;

    private const int IcmpHeaderLength = 8;
    private const byte DestinationUnreachable = 3;
    private const byte FragmentationNeeded = 4;
    private const byte PacketTooBig = 2;
    private const byte DefaultTtl = 64;

    /// <summary>
    /// Writes an IPv4 packet from <paramref name="sourceAddress"/> to the sender of <paramref name="originalPacket"/>
    /// carrying ICMP "Fragmentation Needed and DF set" with <paramref name="nextHopMtu"/>.
    /// </summary>
    /// <param name="destination">At least 28 + the quoted length; <see cref="MaxIPv4ErrorLength"/> always suffices.</param>
    /// <param name="originalPacket">The IPv4 packet that did not fit.</param>
    /// <param name="sourceAddress">Our address as the error's source (big-endian number).</param>
    /// <param name="nextHopMtu">The link MTU to report, 68–65535.</param>
    /// <returns>The bytes written, or 0 when no error may be sent or the original is not a valid IPv4 packet.</returns>
    public static int WriteFragmentationNeeded(Span<byte> destination, ReadOnlySpan<byte> originalPacket, uint sourceAddress, int nextHopMtu)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nextHopMtu, 68);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(nextHopMtu, ushort.MaxValue);
        if (IpPacket.TryReadHeader(originalPacket, out var ip, out _) != OperationStatus.Done || ip.Version != 4
            || !MayAnswerIPv4(originalPacket, ip))
        {
            return 0;
        }

        int header = IpPacket.IPv4MinHeaderLength;
        int quoted = Math.Min(ip.TotalLength, MaxIPv4ErrorLength - header - IcmpHeaderLength);
        int length = header + IcmpHeaderLength + quoted;
        if (destination.Length < length)
        {
            IpThrow.DestinationTooSmall(nameof(destination), length);
        }

        var packet = destination[..length];
        packet.Clear();
        packet[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(packet[2..], (ushort)length);
        packet[8] = DefaultTtl;
        packet[9] = IpPacket.ProtocolIcmp;
        BinaryPrimitives.WriteUInt32BigEndian(packet[12..], sourceAddress);
        originalPacket.Slice(12, 4).CopyTo(packet[16..]);
        BinaryPrimitives.WriteUInt16BigEndian(packet[10..], InternetChecksum.Finish(InternetChecksum.Add(0, packet[..header])));

        var icmp = packet[header..];
        icmp[0] = DestinationUnreachable;
        icmp[1] = FragmentationNeeded;
        BinaryPrimitives.WriteUInt16BigEndian(icmp[6..], (ushort)nextHopMtu);
        originalPacket[..quoted].CopyTo(icmp[IcmpHeaderLength..]);
        BinaryPrimitives.WriteUInt16BigEndian(icmp[2..], InternetChecksum.Finish(InternetChecksum.Add(0, icmp)));
        return length;
    }

    /// <summary>
    /// Writes an IPv6 packet from <paramref name="sourceAddress"/> to the sender of <paramref name="originalPacket"/>
    /// carrying ICMPv6 Packet Too Big with <paramref name="mtu"/>.
    /// </summary>
    /// <param name="destination">At least 48 + the quoted length; <see cref="MaxIPv6ErrorLength"/> always suffices.</param>
    /// <param name="originalPacket">The IPv6 packet that did not fit.</param>
    /// <param name="sourceAddress">Our address as the error's source.</param>
    /// <param name="mtu">The link MTU to report, at least 1280 (RFC 8200 §5).</param>
    /// <returns>The bytes written, or 0 when no error may be sent or the original is not a valid IPv6 packet.</returns>
    public static int WritePacketTooBig(Span<byte> destination, ReadOnlySpan<byte> originalPacket, UInt128 sourceAddress, int mtu)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(mtu, RouterAdvertisement.MinMtu);
        if (IpPacket.TryReadHeader(originalPacket, out var ip, out _) != OperationStatus.Done || ip.Version != 6
            || !MayAnswerIPv6(originalPacket, ip))
        {
            return 0;
        }

        int header = IpPacket.IPv6HeaderLength;
        int quoted = Math.Min(ip.TotalLength, MaxIPv6ErrorLength - header - IcmpHeaderLength);
        int length = header + IcmpHeaderLength + quoted;
        if (destination.Length < length)
        {
            IpThrow.DestinationTooSmall(nameof(destination), length);
        }

        var packet = destination[..length];
        packet.Clear();
        packet[0] = 0x60;
        BinaryPrimitives.WriteUInt16BigEndian(packet[4..], (ushort)(length - header));
        packet[6] = IpPacket.ProtocolIcmpV6;
        packet[7] = DefaultTtl;
        BinaryPrimitives.WriteUInt128BigEndian(packet[8..], sourceAddress);
        originalPacket.Slice(8, 16).CopyTo(packet[24..]);

        var icmp = packet[header..];
        icmp[0] = PacketTooBig;
        BinaryPrimitives.WriteUInt32BigEndian(icmp[4..], (uint)mtu);
        originalPacket[..quoted].CopyTo(icmp[IcmpHeaderLength..]);
        uint sum = InternetChecksum.IPv6PseudoHeader(packet, icmp.Length, IpPacket.ProtocolIcmpV6);
        BinaryPrimitives.WriteUInt16BigEndian(icmp[2..], InternetChecksum.Finish(InternetChecksum.Add(sum, icmp)));
        return length;
    }

    /// <summary>RFC 1812 §4.3.2.7: the cases in which a router MUST NOT send an ICMP error.</summary>
    private static bool MayAnswerIPv4(ReadOnlySpan<byte> packet, IpHeaderInfo ip)
    {
        // "a datagram whose source address does not define a single host": 0/8, 127/8, 224/4 multicast and 240/4 (incl. broadcast).
        uint source = BinaryPrimitives.ReadUInt32BigEndian(packet[12..]);
        uint destination = BinaryPrimitives.ReadUInt32BigEndian(packet[16..]);
        byte first = (byte)(source >> 24);
        if (first == 0 || first == 127 || first >= 224)
        {
            return false;
        }

        // "a datagram destined to an IP broadcast or IP multicast address"; "a non-initial fragment".
        if (destination >> 28 >= 0xE || ip.IsLaterFragment)
        {
            return false;
        }

        // "an ICMP error message": types 3, 4, 5, 11, 12 (RFC 792), as opposed to queries (0, 8, 13, …).
        if (ip.Protocol == IpPacket.ProtocolIcmp)
        {
            if (ip.TotalLength - ip.HeaderLength < 1)
            {
                return false;
            }

            byte type = packet[ip.HeaderLength];
            return type is not (3 or 4 or 5 or 11 or 12);
        }

        return true;
    }

    /// <summary>RFC 4443 §2.4 (e): never about an ICMPv6 error, nor to an unspecified or multicast source.</summary>
    private static bool MayAnswerIPv6(ReadOnlySpan<byte> packet, IpHeaderInfo ip)
    {
        // (e.6): the source must identify a single node; :: and ff00::/8 do not. Multicast destinations are allowed
        // for Packet Too Big by (e.3), exception 2.
        if (packet[8] == 0xFF || BinaryPrimitives.ReadUInt128BigEndian(packet[8..]) == UInt128.Zero)
        {
            return false;
        }

        // (e.1): ICMPv6 error messages have types 0–127 (RFC 4443 §2.1).
        if (ip.Protocol == IpPacket.ProtocolIcmpV6 && !ip.IsLaterFragment)
        {
            return ip.HeaderLength < ip.TotalLength && packet[ip.HeaderLength] >= 128;
        }

        return true;
    }
}
