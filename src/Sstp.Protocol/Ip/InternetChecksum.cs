using System.Buffers.Binary;

namespace Sstp.Protocol.Ip;

/// <summary>
/// The Internet checksum (RFC 1071): the 16-bit one's complement of the one's complement sum of the data taken
/// as big-endian 16-bit words, an odd last octet padded with zero. Sums are kept in a 32-bit accumulator and
/// folded at the end; callers chain <see cref="Add(uint, ReadOnlySpan{byte})"/> over pseudo-header and data.
/// </summary>
internal static class InternetChecksum
{
    /// <summary>Adds <paramref name="data"/> (starting at an even offset of the checksummed whole) to <paramref name="sum"/>.</summary>
    public static uint Add(uint sum, ReadOnlySpan<byte> data)
    {
        ulong wide = sum;
        int i = 0;
        for (; i + 4 <= data.Length; i += 4)
        {
            wide += BinaryPrimitives.ReadUInt32BigEndian(data[i..]);
        }

        for (; i + 2 <= data.Length; i += 2)
        {
            wide += BinaryPrimitives.ReadUInt16BigEndian(data[i..]);
        }

        if (i < data.Length)
        {
            wide += (uint)data[i] << 8;
        }

        // Folding 32-bit words into 16 bits keeps the one's complement sum (RFC 1071 §2(B), byte-order independence).
        while (wide > 0xFFFF)
        {
            wide = (wide & 0xFFFF) + (wide >> 16);
        }

        return (uint)wide;
    }

    /// <summary>Adds a 16-bit word to <paramref name="sum"/>.</summary>
    public static uint Add(uint sum, ushort word) => Fold(sum + word);

    /// <summary>Folds carries into 16 bits (end-around carry).</summary>
    public static uint Fold(uint sum)
    {
        while (sum > 0xFFFF)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }

        return sum;
    }

    /// <summary>The checksum field value for a folded <paramref name="sum"/>: its one's complement.</summary>
    public static ushort Finish(uint sum) => (ushort)~Fold(sum);

    /// <summary>
    /// The IPv6 upper-layer pseudo-header sum (RFC 8200 §8.1): source, destination, 32-bit upper-layer length and
    /// the Next Header value, read from the IPv6 header at the start of <paramref name="ipv6Packet"/>.
    /// </summary>
    public static uint IPv6PseudoHeader(ReadOnlySpan<byte> ipv6Packet, int upperLayerLength, byte nextHeader)
    {
        uint sum = Add(0, ipv6Packet.Slice(8, 32));
        sum = Add(sum, (ushort)(upperLayerLength >> 16));
        sum = Add(sum, (ushort)upperLayerLength);
        return Add(sum, nextHeader);
    }
}
