using System.Buffers.Binary;
using Sstp.Protocol.Ppp;
using Sstp.Protocol.Sstp;

namespace Sstp.Protocol.Session;

/// <summary>
/// The outbound data path as a pure function: an IP packet read into a buffer at offset <see cref="Headroom"/>
/// gets its PPP and SSTP headers written in front of it, in place (ARCHITECTURE.md C4).
/// <code>
///  0    1    2    3    4    5    6    7    8
/// +----+----+---------+----+----+---------+-------------
/// | 10 | 00 | length  | FF | 03 | protocol|  IP packet …     SSTP.md §4.4 data packet, PPP.md §1.1
/// +----+----+---------+----+----+---------+-------------
/// </code>
/// </summary>
public static class DataPath
{
    /// <summary>Bytes in front of the IP packet: the SSTP header and the PPP header (<c>FF 03</c> + protocol).</summary>
    public const int Headroom = SstpPacket.HeaderLength + PppFrame.HeaderLength;

    /// <summary>The largest IP packet one SSTP data packet can carry (4095 − 8).</summary>
    public const int MaxIpPacket = SstpPacket.MaxPacketLength - Headroom;

    /// <summary>
    /// Writes the headers for the IP packet at <c>frame[Headroom..Headroom + ipLength]</c> and returns the
    /// length of the whole SSTP packet starting at <c>frame[0]</c>, or 0 when the packet cannot be sent
    /// (not IPv4/IPv6, longer than <see cref="MaxIpPacket"/> or than the peer's MTU, or the family is closed):
    /// the caller drops and counts it.
    /// </summary>
    public static int Encapsulate(Span<byte> frame, int ipLength, DataPathState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (ipLength <= 0 || ipLength > MaxIpPacket || ipLength > state.Mtu || frame.Length < Headroom + ipLength)
        {
            return 0;
        }

        PppProtocol protocol;
        switch (frame[Headroom] >> 4)
        {
            case 4 when state.Ipv4:
                protocol = PppProtocol.IPv4;
                break;
            case 6 when state.Ipv6:
                protocol = PppProtocol.IPv6;
                break;
            default:
                return 0;
        }

        // The PPP header always carries FF 03 and a 2-byte protocol: OSC and SoftEther require it (PPP.md §1.2).
        frame[SstpPacket.HeaderLength] = PppFrame.Address;
        frame[SstpPacket.HeaderLength + 1] = PppFrame.Control;
        BinaryPrimitives.WriteUInt16BigEndian(frame[(SstpPacket.HeaderLength + 2)..], (ushort)protocol);
        SstpPacket.WriteDataHeader(frame, PppFrame.HeaderLength + ipLength);
        return Headroom + ipLength;
    }
}
