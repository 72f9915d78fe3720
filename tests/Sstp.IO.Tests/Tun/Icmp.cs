using System.Buffers.Binary;
using System.Net;

namespace Sstp.IO.Tests.Tun;

/// <summary>
/// Just enough IPv4/ICMP to play the far end of a tunnel: recognise an echo request [RFC 792] in an IPv4
/// packet [RFC 791 §3.1] and turn it into the echo reply in place.
///
///   IPv4: 0 ver|ihl  1 tos  2-3 total length  ...  8 ttl  9 protocol  10-11 checksum  12-15 src  16-19 dst
///   ICMP: 0 type (8 request, 0 reply)  1 code  2-3 checksum  4-5 identifier  6-7 sequence  8.. data
/// </summary>
internal static class Icmp
{
    public const byte EchoRequest = 8;
    public const byte EchoReply = 0;

    public static bool IsEchoRequestTo(ReadOnlySpan<byte> packet, IPAddress destination)
    {
        if (packet.Length < 28 || packet[0] >> 4 != 4 || packet[9] != 1)
        {
            return false;
        }

        int ihl = (packet[0] & 0x0F) * 4;
        return packet.Length >= ihl + 8
            && packet[ihl] == EchoRequest
            && packet.Slice(16, 4).SequenceEqual(destination.GetAddressBytes());
    }

    /// <summary>Turns an IPv4 echo request into the matching reply: swap addresses, type 0, fix checksums.</summary>
    public static void MakeReplyInPlace(Span<byte> packet)
    {
        int ihl = (packet[0] & 0x0F) * 4;
        Span<byte> tmp = stackalloc byte[4];
        packet.Slice(12, 4).CopyTo(tmp);
        packet.Slice(16, 4).CopyTo(packet.Slice(12, 4));
        tmp.CopyTo(packet.Slice(16, 4));
        packet[8] = 64;
        BinaryPrimitives.WriteUInt16BigEndian(packet.Slice(10), 0);
        BinaryPrimitives.WriteUInt16BigEndian(packet.Slice(10), Checksum(packet[..ihl]));
        var icmp = packet[ihl..BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(2))];
        icmp[0] = EchoReply;
        BinaryPrimitives.WriteUInt16BigEndian(icmp.Slice(2), 0);
        BinaryPrimitives.WriteUInt16BigEndian(icmp.Slice(2), Checksum(icmp));
    }

    /// <summary>An ICMP echo request message (no IP header, as a raw ICMP socket sends it).</summary>
    public static byte[] BuildEchoRequest(ushort identifier, ushort sequence, ReadOnlySpan<byte> data)
    {
        var message = new byte[8 + data.Length];
        message[0] = EchoRequest;
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(4), identifier);
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(6), sequence);
        data.CopyTo(message.AsSpan(8));
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(2), Checksum(message));
        return message;
    }

    /// <summary>RFC 1071 Internet checksum.</summary>
    public static ushort Checksum(ReadOnlySpan<byte> data)
    {
        uint sum = 0;
        int i = 0;
        for (; i + 1 < data.Length; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(data.Slice(i));
        }

        if (i < data.Length)
        {
            sum += (uint)data[i] << 8;
        }

        while (sum >> 16 != 0)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }

        return (ushort)~sum;
    }
}
