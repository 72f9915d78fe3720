namespace Sstp.Protocol.Ip;

/// <summary>
/// Why <see cref="IpPacket.TryReadHeader(ReadOnlySpan{byte}, out IpHeaderInfo, out IpPacketError)"/> refused a
/// packet. An IP packet arrives whole (one TUN read, one PPP frame), so a short packet is invalid, never "need more".
/// </summary>
public enum IpPacketError
{
    /// <summary>The header was read.</summary>
    None = 0,

    /// <summary>The version nibble is neither 4 nor 6 (or the packet is empty).</summary>
    UnknownVersion = 1,

    /// <summary>Fewer bytes than the fixed header: 20 for IPv4 (RFC 791 §3.1), 40 for IPv6 (RFC 8200 §3).</summary>
    TruncatedHeader = 2,

    /// <summary>IPv4 IHL below 5 words (RFC 791 §3.1: the minimum header is 20 octets).</summary>
    InvalidHeaderLength = 3,

    /// <summary>
    /// IPv4 Total Length smaller than the header or larger than the bytes at hand, or IPv6 Payload Length
    /// larger than the bytes at hand (RFC 791 §3.1, RFC 8200 §3).
    /// </summary>
    InvalidTotalLength = 4,

    /// <summary>An IPv6 extension header runs past the end of the payload (RFC 8200 §4).</summary>
    TruncatedExtensionHeader = 5,

    /// <summary>A Hop-by-Hop Options header that does not follow the IPv6 header directly (RFC 8200 §4.1: it MUST).</summary>
    MisplacedHopByHop = 6,
}
