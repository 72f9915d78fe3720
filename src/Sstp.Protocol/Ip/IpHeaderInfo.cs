namespace Sstp.Protocol.Ip;

/// <summary>
/// What <see cref="IpPacket.TryReadHeader(ReadOnlySpan{byte}, out IpHeaderInfo, out IpPacketError)"/> learned from an
/// IPv4 or IPv6 header: where the upper-layer header starts and which protocol it is.
/// </summary>
public readonly struct IpHeaderInfo
{
    /// <summary>Creates a header description.</summary>
    /// <param name="version">4 or 6.</param>
    /// <param name="headerLength">Offset of the upper-layer header (IPv4 IHL × 4; IPv6 40 + extension headers).</param>
    /// <param name="totalLength">Bytes of the packet proper (IPv4 Total Length; IPv6 40 + Payload Length).</param>
    /// <param name="protocol">IPv4 Protocol, or the last IPv6 Next Header after the extension headers.</param>
    /// <param name="isLaterFragment">True when the fragment offset is not zero.</param>
    public IpHeaderInfo(int version, int headerLength, int totalLength, byte protocol, bool isLaterFragment)
    {
        Version = version;
        HeaderLength = headerLength;
        TotalLength = totalLength;
        Protocol = protocol;
        IsLaterFragment = isLaterFragment;
    }

    /// <summary>4 or 6.</summary>
    public int Version { get; }

    /// <summary>
    /// Offset from the start of the packet to the upper-layer header: IPv4 IHL × 4, IPv6 40 plus every extension
    /// header walked (Hop-by-Hop, Routing, Fragment, Destination Options, Authentication).
    /// </summary>
    public int HeaderLength { get; }

    /// <summary>
    /// Length of the packet as its header states it (IPv4 Total Length, IPv6 40 + Payload Length); bytes after it
    /// in the span are padding and not part of the packet.
    /// </summary>
    public int TotalLength { get; }

    /// <summary>
    /// The upper-layer protocol number (IANA "Assigned Internet Protocol Numbers"): 6 TCP, 17 UDP, 1 ICMP,
    /// 58 ICMPv6, 59 No Next Header, 50 ESP, …
    /// </summary>
    public byte Protocol { get; }

    /// <summary>
    /// True for a fragment other than the first (fragment offset ≠ 0, RFC 791 §3.1, RFC 8200 §4.5): it carries no
    /// upper-layer header, so <see cref="HeaderLength"/> points at the middle of the original payload.
    /// </summary>
    public bool IsLaterFragment { get; }
}
