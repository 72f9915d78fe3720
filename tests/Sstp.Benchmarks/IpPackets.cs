using System.Buffers.Binary;

namespace Sstp.Benchmarks;

/// <summary>
/// Well-formed IPv4 packets of an exact size for the data-path benchmarks, with correct header and transport
/// checksums (the core's checksum helper is internal, so this keeps its own small RFC 1071 sum).
/// <code>
/// UDP datagram:  IPv4 header (20, RFC 791 §3.1) | UDP header (8, RFC 768) | payload 0x00, 0x01, …
/// TCP SYN:       IPv4 header (20) | TCP header (24, RFC 9293 §3.1) with MSS option 02 04 MM MM | payload
/// </code>
/// A SYN with payload is unusual (TCP Fast Open) but lets the clamp benchmark run at every packet size; the
/// clamp patches the checksum incrementally, so its cost should not depend on the size.
/// </summary>
internal static class IpPackets
{
    /// <summary>Smallest packet <see cref="TcpSyn"/> can build: IPv4 header + TCP header with the MSS option.</summary>
    public const int MinSynLength = Ipv4HeaderLength + TcpHeaderLength;

    /// <summary>Offset of the MSS value inside a packet built by <see cref="TcpSyn"/>.</summary>
    public const int SynMssOffset = Ipv4HeaderLength + 22;

    /// <summary>Offset of the TCP checksum inside a packet built by <see cref="TcpSyn"/>.</summary>
    public const int SynChecksumOffset = Ipv4HeaderLength + 16;

    private const int Ipv4HeaderLength = 20;
    private const int UdpHeaderLength = 8;
    private const int TcpHeaderLength = 24;
    private const byte ProtocolTcp = 6;
    private const byte ProtocolUdp = 17;

    /// <summary>An IPv4/UDP datagram 10.88.0.2:5000 → 10.88.0.1:5001 of exactly <paramref name="totalLength"/> bytes.</summary>
    public static byte[] Udp(int totalLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(totalLength, Ipv4HeaderLength + UdpHeaderLength);
        var packet = new byte[totalLength];
        WriteIpv4Header(packet, ProtocolUdp);
        var udp = packet.AsSpan(Ipv4HeaderLength);
        BinaryPrimitives.WriteUInt16BigEndian(udp, 5000);
        BinaryPrimitives.WriteUInt16BigEndian(udp[2..], 5001);
        BinaryPrimitives.WriteUInt16BigEndian(udp[4..], (ushort)udp.Length);
        FillPayload(udp[UdpHeaderLength..]);
        BinaryPrimitives.WriteUInt16BigEndian(udp[6..], TransportChecksum(packet, ProtocolUdp));
        return packet;
    }

    /// <summary>An IPv4 TCP SYN announcing MSS <paramref name="mss"/>, of exactly <paramref name="totalLength"/> bytes.</summary>
    public static byte[] TcpSyn(int totalLength, ushort mss)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(totalLength, MinSynLength);
        var packet = new byte[totalLength];
        WriteIpv4Header(packet, ProtocolTcp);
        var tcp = packet.AsSpan(Ipv4HeaderLength);
        BinaryPrimitives.WriteUInt16BigEndian(tcp, 40000);
        BinaryPrimitives.WriteUInt16BigEndian(tcp[2..], 443);
        BinaryPrimitives.WriteUInt32BigEndian(tcp[4..], 0x12345678);
        tcp[12] = (TcpHeaderLength / 4) << 4;
        tcp[13] = 0x02; // SYN
        BinaryPrimitives.WriteUInt16BigEndian(tcp[14..], 64240);
        tcp[20] = 2; // MSS option: kind 2, length 4
        tcp[21] = 4;
        BinaryPrimitives.WriteUInt16BigEndian(tcp[22..], mss);
        FillPayload(tcp[TcpHeaderLength..]);
        BinaryPrimitives.WriteUInt16BigEndian(tcp[16..], TransportChecksum(packet, ProtocolTcp));
        return packet;
    }

    private static void WriteIpv4Header(Span<byte> packet, byte protocol)
    {
        packet[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(packet[2..], (ushort)packet.Length);
        BinaryPrimitives.WriteUInt16BigEndian(packet[4..], 0x1C46);
        packet[6] = 0x40; // DF
        packet[8] = 64;
        packet[9] = protocol;
        packet[12] = 10;
        packet[13] = 88;
        packet[15] = 2;
        packet[16] = 10;
        packet[17] = 88;
        packet[19] = 1;
        BinaryPrimitives.WriteUInt16BigEndian(packet[10..], Finish(Sum(0, packet[..Ipv4HeaderLength])));
    }

    private static ushort TransportChecksum(ReadOnlySpan<byte> packet, byte protocol)
    {
        // RFC 768 / RFC 9293 §3.1 pseudo-header: source, destination, zero, protocol, transport length.
        var segment = packet[Ipv4HeaderLength..];
        ulong sum = Sum(0, packet[12..20]);
        sum += protocol;
        sum += (uint)segment.Length;
        sum = Sum(sum, segment);
        ushort checksum = Finish(sum);
        return protocol == ProtocolUdp && checksum == 0 ? (ushort)0xFFFF : checksum;
    }

    private static void FillPayload(Span<byte> payload)
    {
        for (int i = 0; i < payload.Length; i++)
        {
            payload[i] = (byte)i;
        }
    }

    private static ulong Sum(ulong sum, ReadOnlySpan<byte> data)
    {
        int i = 0;
        for (; i + 2 <= data.Length; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(data[i..]);
        }

        if (i < data.Length)
        {
            sum += (uint)data[i] << 8;
        }

        return sum;
    }

    private static ushort Finish(ulong sum)
    {
        while (sum > 0xFFFF)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }

        return (ushort)~sum;
    }
}
