using System.Buffers.Binary;

namespace Sstp.Protocol.Tests.Ip;

/// <summary>
/// Builds IPv4/IPv6 packets for the Ip tests, with checksums computed here, independently of the core's
/// InternetChecksum: the naive RFC 1071 §1 sum, one 16-bit word at a time.
/// </summary>
internal static class IpTestPackets
{
    public const uint ClientV4 = 0xC0A8_0A02; // 192.168.10.2
    public const uint ServerV4 = 0x0A00_0001; // 10.0.0.1
    public static readonly UInt128 ClientV6 = new(0x2001_0DB8_0000_0001UL, 0x0000_0000_0000_0002UL);
    public static readonly UInt128 ServerV6 = new(0x2001_0DB8_FFFF_0000UL, 0x0000_0000_0000_0001UL);

    public const byte Syn = 0x02;
    public const byte SynAck = 0x12;
    public const byte Ack = 0x10;

    /// <summary>The plain one's complement sum of big-endian words (odd tail padded), folded to 16 bits.</summary>
    public static int OnesSum(ReadOnlySpan<byte> data, int start = 0)
    {
        int sum = start;
        for (int i = 0; i < data.Length; i += 2)
        {
            int word = data[i] << 8;
            if (i + 1 < data.Length)
            {
                word |= data[i + 1];
            }

            sum += word;
            sum = (sum & 0xFFFF) + (sum >> 16);
        }

        return sum;
    }

    /// <summary>Sum of the IPv4 or IPv6 pseudo-header (RFC 9293 §3.1, RFC 8200 §8.1) for the upper layer at <paramref name="offset"/>.</summary>
    public static int PseudoSum(ReadOnlySpan<byte> packet, int offset, int upperLength, byte protocol)
    {
        if (packet[0] >> 4 == 4)
        {
            int v4 = OnesSum(packet.Slice(12, 8));
            return OnesSum([0, protocol, (byte)(upperLength >> 8), (byte)upperLength], v4);
        }

        int v6 = OnesSum(packet.Slice(8, 32));
        return OnesSum([(byte)(upperLength >> 24), (byte)(upperLength >> 16), (byte)(upperLength >> 8), (byte)upperLength, 0, 0, 0, protocol], v6);
    }

    /// <summary>True when the upper-layer checksum of the segment at <paramref name="offset"/> verifies (sum is all ones).</summary>
    public static bool UpperChecksumValid(ReadOnlySpan<byte> packet, int offset, int totalLength, byte protocol)
    {
        var upper = packet[offset..totalLength];
        return OnesSum(upper, PseudoSum(packet, offset, upper.Length, protocol)) == 0xFFFF;
    }

    /// <summary>Computes and stores the upper-layer checksum at <paramref name="checksumAt"/> within the upper layer.</summary>
    public static void SetUpperChecksum(Span<byte> packet, int offset, int totalLength, byte protocol, int checksumAt)
    {
        var upper = packet[offset..totalLength];
        upper[checksumAt] = 0;
        upper[checksumAt + 1] = 0;
        int sum = OnesSum(upper, PseudoSum(packet, offset, upper.Length, protocol));
        BinaryPrimitives.WriteUInt16BigEndian(upper[checksumAt..], (ushort)~sum);
    }

    /// <summary>A TCP header with the given flags and options (padded with EOL to a 4-octet boundary), then a payload.</summary>
    public static byte[] Tcp(byte flags, byte[] options, int payloadLength = 0)
    {
        int optionsLength = (options.Length + 3) / 4 * 4;
        var tcp = new byte[20 + optionsLength + payloadLength];
        BinaryPrimitives.WriteUInt16BigEndian(tcp, 50123);
        BinaryPrimitives.WriteUInt16BigEndian(tcp.AsSpan(2), 443);
        BinaryPrimitives.WriteUInt32BigEndian(tcp.AsSpan(4), 0x1234_5678);
        BinaryPrimitives.WriteUInt32BigEndian(tcp.AsSpan(8), flags == Syn ? 0u : 0x9ABC_DEF0);
        tcp[12] = (byte)((20 + optionsLength) / 4 << 4);
        tcp[13] = flags;
        BinaryPrimitives.WriteUInt16BigEndian(tcp.AsSpan(14), 64240);
        options.CopyTo(tcp, 20);
        for (int i = 0; i < payloadLength; i++)
        {
            tcp[20 + optionsLength + i] = (byte)(i * 7);
        }

        return tcp;
    }

    /// <summary>An IPv4 packet (RFC 791 §3.1) with a valid header checksum; <paramref name="fragmentWord"/> holds flags and offset.</summary>
    public static byte[] IPv4(byte protocol, byte[] payload, ushort fragmentWord = 0x4000, uint source = ClientV4, uint destination = ServerV4, byte[]? ipOptions = null)
    {
        ipOptions ??= [];
        int headerLength = 20 + ipOptions.Length;
        var packet = new byte[headerLength + payload.Length];
        packet[0] = (byte)(0x40 | (headerLength / 4));
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)packet.Length);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(4), 0x1C46);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(6), fragmentWord);
        packet[8] = 64;
        packet[9] = protocol;
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(12), source);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(16), destination);
        ipOptions.CopyTo(packet, 20);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(10), (ushort)~OnesSum(packet.AsSpan(0, headerLength)));
        payload.CopyTo(packet, headerLength);
        return packet;
    }

    /// <summary>An IPv6 packet (RFC 8200 §3): header, <paramref name="extensions"/> (a chain whose last Next Header is already set), then <paramref name="upper"/>.</summary>
    public static byte[] IPv6(byte nextHeader, byte[] extensions, byte[] upper, UInt128? source = null, UInt128? destination = null, byte hopLimit = 64)
    {
        var packet = new byte[40 + extensions.Length + upper.Length];
        packet[0] = 0x60;
        packet[1] = 0x0A;
        packet[3] = 0x11;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(4), (ushort)(extensions.Length + upper.Length));
        packet[6] = nextHeader;
        packet[7] = hopLimit;
        BinaryPrimitives.WriteUInt128BigEndian(packet.AsSpan(8), source ?? ClientV6);
        BinaryPrimitives.WriteUInt128BigEndian(packet.AsSpan(24), destination ?? ServerV6);
        extensions.CopyTo(packet, 40);
        upper.CopyTo(packet, 40 + extensions.Length);
        return packet;
    }

    /// <summary>A TCP segment in IPv4 with a valid TCP checksum.</summary>
    public static byte[] IPv4Tcp(byte flags, byte[] options, int payloadLength = 0, ushort fragmentWord = 0x4000)
    {
        var packet = IPv4(6, Tcp(flags, options, payloadLength), fragmentWord);
        int ihl = (packet[0] & 0x0F) * 4;
        SetUpperChecksum(packet, ihl, packet.Length, 6, 16);
        return packet;
    }

    /// <summary>A TCP segment in IPv6 behind <paramref name="extensions"/> (first Next Header <paramref name="nextHeader"/>), valid TCP checksum.</summary>
    public static byte[] IPv6Tcp(byte flags, byte[] options, byte nextHeader = 6, byte[]? extensions = null, int payloadLength = 0)
    {
        extensions ??= [];
        var packet = IPv6(nextHeader, extensions, Tcp(flags, options, payloadLength));
        SetUpperChecksum(packet, 40 + extensions.Length, packet.Length, 6, 16);
        return packet;
    }

    /// <summary>An 8-octet extension header of the Hop-by-Hop / Routing / Destination Options shape (PadN filled).</summary>
    public static byte[] Extension(byte next, int lengthUnits = 0)
    {
        var header = new byte[(lengthUnits + 1) * 8];
        header[0] = next;
        header[1] = (byte)lengthUnits;
        header[2] = 1; // PadN option covering the rest
        header[3] = (byte)(header.Length - 4);
        return header;
    }

    /// <summary>A Fragment header (RFC 8200 §4.5) with the given 13-bit offset and M flag.</summary>
    public static byte[] FragmentHeader(byte next, int offsetUnits, bool more)
    {
        var header = new byte[8];
        header[0] = next;
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(2), (ushort)((offsetUnits << 3) | (more ? 1 : 0)));
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), 0xCAFEF00D);
        return header;
    }

    public static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();
}
