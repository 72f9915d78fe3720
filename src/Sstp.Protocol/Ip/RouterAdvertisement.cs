using System.Buffers.Binary;
using System.Net;

namespace Sstp.Protocol.Ip;

/// <summary>
/// Writes the IPv6 Router Advertisement the server sends over the PPP link once IPV6CP is Opened: IPV6CP only
/// gives both ends link-local addresses, so the client learns its global /64 (SLAAC), the link MTU and the DNS
/// servers from this packet (PPP.md §8).
/// <code>
/// IPv6 header (RFC 8200 §3): 60 00 00 00 | payload len | 3A (ICMPv6) | FF (hop limit 255, RFC 4861 §6.1.2)
///   source fe80::routerIID, destination ff02::1 (all nodes) or fe80::clientIID when solicited
/// Router Advertisement, RFC 4861 §4.2:
///  +--------+--------+-----------------+
///  | 134    | Code 0 | Checksum        |   checksum over the RFC 8200 §8.1 pseudo-header + ICMPv6 message
///  | CurHop | M O 0… | Router Lifetime |   CurHop 0 = unspecified; M = O = 0 (no DHCPv6); lifetime in s
///  | Reachable Time (ms), 0          |   0 = unspecified
///  | Retrans Timer (ms), 0           |   0 = unspecified
///  +---------------------------------+
/// Prefix Information, RFC 4861 §4.6.2 (32 octets):
///  | 3 | 4 | 64 | L A 0… | Valid Lifetime | Preferred Lifetime | Reserved2 | Prefix (16) |
/// MTU, RFC 4861 §4.6.4 (8 octets):
///  | 5 | 1 | Reserved (2) | MTU (4) |
/// Recursive DNS Server, RFC 8106 §5.1 (8 + 16 × n octets, only when DNS servers are given):
///  | 25 | 1 + 2n | Reserved (2) | Lifetime (4) | Addresses (16 each) |
/// </code>
/// </summary>
public static class RouterAdvertisement
{
    /// <summary>ICMPv6 type of a Router Advertisement (RFC 4861 §4.2).</summary>
    public const byte IcmpType = 134;

    /// <summary>RFC 4861 §6.2.1: AdvDefaultLifetime MUST be 0 or between MaxRtrAdvInterval and 9000 seconds.</summary>
    public static readonly TimeSpan MaxRouterLifetime = TimeSpan.FromSeconds(9000);

    /// <summary>The smallest IPv6 link MTU (RFC 8200 §5).</summary>
    public const int MinMtu = 1280;

    private const int HeaderLength = 16;
    private const int PrefixOptionLength = 32;
    private const int MtuOptionLength = 8;
    private const int RdnssHeaderLength = 8;
    private const int AddressLength = 16;
    private const byte OptionPrefixInformation = 3;
    private const byte OptionMtu = 5;
    private const byte OptionRdnss = 25;
    private const byte OnLinkAndAutonomous = 0xC0;
    private const byte PrefixLength = 64;
    private const byte NeighborDiscoveryHopLimit = 255;
    private const ulong LinkLocalPrefix = 0xFE80_0000_0000_0000UL;
    private const ulong AllNodesHigh = 0xFF02_0000_0000_0000UL;
    private const ulong AllNodesLow = 1;

    /// <summary>RFC 8106 §5.1: the option's Length is 1 + 2n in an 8-bit field, so at most 127 addresses.</summary>
    private const int MaxDnsServers = 127;

    /// <summary>The size of the whole IPv6 packet <see cref="Write"/> produces.</summary>
    /// <param name="dnsServerCount">Number of DNS servers; 0 leaves out the RDNSS option.</param>
    public static int GetEncodedLength(int dnsServerCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(dnsServerCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(dnsServerCount, MaxDnsServers);
        int rdnss = dnsServerCount == 0 ? 0 : RdnssHeaderLength + (AddressLength * dnsServerCount);
        return IpPacket.IPv6HeaderLength + HeaderLength + PrefixOptionLength + MtuOptionLength + rdnss;
    }

    /// <summary>Writes a complete IPv6 packet carrying a Router Advertisement and returns its length.</summary>
    /// <param name="destination">Where the packet goes; at least <see cref="GetEncodedLength(int)"/> bytes.</param>
    /// <param name="routerInterfaceId">Our IPV6CP interface identifier; the source is fe80::<paramref name="routerInterfaceId"/>.</param>
    /// <param name="clientInterfaceId">The client's IPV6CP interface identifier (used when <paramref name="solicited"/>).</param>
    /// <param name="prefix">The client's /64; the lower 64 bits are written as zero (RFC 4861 §4.6.2).</param>
    /// <param name="mtu">The link MTU to announce, at least 1280 (RFC 8200 §5).</param>
    /// <param name="dnsServers">IPv6 DNS servers for an RDNSS option (RFC 8106); empty for none.</param>
    /// <param name="routerLifetime">Default-router lifetime, 0 to 9000 s; also the RDNSS lifetime (these servers are reached through us).</param>
    /// <param name="validLifetime">Prefix valid lifetime; ≥ 2³² − 1 s (or <see cref="TimeSpan.MaxValue"/>) means infinity.</param>
    /// <param name="preferredLifetime">Prefix preferred lifetime, not longer than <paramref name="validLifetime"/> (RFC 4862 §5.5.3 c).</param>
    /// <param name="solicited">True to answer a Router Solicitation: sent to fe80::<paramref name="clientInterfaceId"/> instead of ff02::1 (RFC 4861 §6.2.6 allows either).</param>
    /// <returns>The number of bytes written.</returns>
    /// <exception cref="ArgumentException">A parameter is out of its range, a DNS server is not IPv6, or the destination is too small.</exception>
    public static int Write(
        Span<byte> destination,
        ulong routerInterfaceId,
        ulong clientInterfaceId,
        UInt128 prefix,
        int mtu,
        IReadOnlyList<IPAddress> dnsServers,
        TimeSpan routerLifetime,
        TimeSpan validLifetime,
        TimeSpan preferredLifetime,
        bool solicited = false)
    {
        ArgumentNullException.ThrowIfNull(dnsServers);
        ArgumentOutOfRangeException.ThrowIfLessThan(mtu, MinMtu);
        ArgumentOutOfRangeException.ThrowIfLessThan(routerLifetime, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(routerLifetime, MaxRouterLifetime);
        ArgumentOutOfRangeException.ThrowIfLessThan(preferredLifetime, TimeSpan.Zero);
        if (preferredLifetime > validLifetime)
        {
            IpThrow.Argument(nameof(preferredLifetime), "The preferred lifetime must not exceed the valid lifetime.");
        }

        int length = GetEncodedLength(dnsServers.Count);
        if (destination.Length < length)
        {
            IpThrow.DestinationTooSmall(nameof(destination), length);
        }

        var packet = destination[..length];
        packet.Clear();

        // IPv6 header: version 6, traffic class 0, flow label 0.
        packet[0] = 0x60;
        BinaryPrimitives.WriteUInt16BigEndian(packet[4..], (ushort)(length - IpPacket.IPv6HeaderLength));
        packet[6] = IpPacket.ProtocolIcmpV6;

        // RFC 4861 §6.1.2: a receiver drops an RA whose Hop Limit is not 255.
        packet[7] = NeighborDiscoveryHopLimit;
        BinaryPrimitives.WriteUInt64BigEndian(packet[8..], LinkLocalPrefix);
        BinaryPrimitives.WriteUInt64BigEndian(packet[16..], routerInterfaceId);
        BinaryPrimitives.WriteUInt64BigEndian(packet[24..], solicited ? LinkLocalPrefix : AllNodesHigh);
        BinaryPrimitives.WriteUInt64BigEndian(packet[32..], solicited ? clientInterfaceId : AllNodesLow);

        var icmp = packet[IpPacket.IPv6HeaderLength..];
        icmp[0] = IcmpType;
        BinaryPrimitives.WriteUInt16BigEndian(icmp[6..], (ushort)routerLifetime.TotalSeconds);

        var option = icmp[HeaderLength..];
        option[0] = OptionPrefixInformation;
        option[1] = PrefixOptionLength / 8;
        option[2] = PrefixLength;
        option[3] = OnLinkAndAutonomous;
        BinaryPrimitives.WriteUInt32BigEndian(option[4..], ToSeconds(validLifetime));
        BinaryPrimitives.WriteUInt32BigEndian(option[8..], ToSeconds(preferredLifetime));
        BinaryPrimitives.WriteUInt64BigEndian(option[16..], (ulong)(prefix >> 64));

        option = option[PrefixOptionLength..];
        option[0] = OptionMtu;
        option[1] = MtuOptionLength / 8;
        BinaryPrimitives.WriteUInt32BigEndian(option[4..], (uint)mtu);

        if (dnsServers.Count > 0)
        {
            option = option[MtuOptionLength..];
            option[0] = OptionRdnss;
            option[1] = (byte)(1 + (2 * dnsServers.Count));
            BinaryPrimitives.WriteUInt32BigEndian(option[4..], ToSeconds(routerLifetime));
            for (int i = 0; i < dnsServers.Count; i++)
            {
                var slot = option.Slice(RdnssHeaderLength + (i * AddressLength), AddressLength);
                if (dnsServers[i] is not { } server || !server.TryWriteBytes(slot, out int written) || written != AddressLength)
                {
                    IpThrow.Argument(nameof(dnsServers), "Every RDNSS server must be an IPv6 address.");
                }
            }
        }

        uint sum = InternetChecksum.IPv6PseudoHeader(packet, icmp.Length, IpPacket.ProtocolIcmpV6);
        BinaryPrimitives.WriteUInt16BigEndian(icmp[2..], InternetChecksum.Finish(InternetChecksum.Add(sum, icmp)));
        return length;
    }

    /// <summary>A lifetime in whole seconds; 0xFFFFFFFF (infinity, RFC 4861 §4.6.2) when it does not fit.</summary>
    private static uint ToSeconds(TimeSpan lifetime)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(lifetime, TimeSpan.Zero);
        double seconds = Math.Floor(lifetime.TotalSeconds);
        return seconds >= uint.MaxValue ? uint.MaxValue : (uint)seconds;
    }
}
