using System.Buffers.Binary;

namespace Sstp.Protocol.Ip;

/// <summary>
/// struct virtio_net_hdr (virtio spec §5.1.6, <c>linux/virtio_net.h</c>), the 10-byte header a TUN device opened
/// with <c>IFF_VNET_HDR</c> puts in front of every packet: flags, gso_type, hdr_len, gso_size, csum_start,
/// csum_offset, the 16-bit fields little-endian (the kernel's default for TUN on little-endian hosts).
/// </summary>
/// <param name="Flags">1 (<see cref="NeedsChecksum"/>): the checksum at <paramref name="ChecksumStart"/> +
/// <paramref name="ChecksumOffset"/> holds only the pseudo-header sum and is to be completed.</param>
/// <param name="GsoType">0 for a plain packet, <see cref="GsoTcpV4"/> or <see cref="GsoTcpV6"/> for a TCP
/// super-packet the kernel cuts into segments of <paramref name="GsoSize"/> payload bytes.</param>
/// <param name="HeaderLength">IP plus TCP header length of a super-packet.</param>
/// <param name="GsoSize">Payload bytes per segment.</param>
/// <param name="ChecksumStart">Where checksumming starts (the TCP header).</param>
/// <param name="ChecksumOffset">Where, from <paramref name="ChecksumStart"/>, the checksum is stored (16 for TCP).</param>
public readonly record struct VirtioNetHeader(
    byte Flags, byte GsoType, ushort HeaderLength, ushort GsoSize, ushort ChecksumStart, ushort ChecksumOffset)
{
    /// <summary>The encoded size (no num_buffers field: TUN's default header size).</summary>
    public const int Length = 10;

    /// <summary>VIRTIO_NET_HDR_F_NEEDS_CSUM.</summary>
    public const byte NeedsChecksum = 1;

    /// <summary>VIRTIO_NET_HDR_GSO_TCPV4.</summary>
    public const byte GsoTcpV4 = 1;

    /// <summary>VIRTIO_NET_HDR_GSO_TCPV6.</summary>
    public const byte GsoTcpV6 = 4;

    /// <summary>Writes the header into the first <see cref="Length"/> bytes of <paramref name="destination"/>.</summary>
    /// <param name="destination">At least <see cref="Length"/> bytes.</param>
    public void Write(Span<byte> destination)
    {
        destination[0] = Flags;
        destination[1] = GsoType;
        BinaryPrimitives.WriteUInt16LittleEndian(destination[2..], HeaderLength);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[4..], GsoSize);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[6..], ChecksumStart);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[8..], ChecksumOffset);
    }

    /// <summary>Reads a header from the first <see cref="Length"/> bytes of <paramref name="source"/>.</summary>
    /// <param name="source">At least <see cref="Length"/> bytes.</param>
    /// <returns>The header.</returns>
    public static VirtioNetHeader Read(ReadOnlySpan<byte> source) => new(
        source[0],
        source[1],
        BinaryPrimitives.ReadUInt16LittleEndian(source[2..]),
        BinaryPrimitives.ReadUInt16LittleEndian(source[4..]),
        BinaryPrimitives.ReadUInt16LittleEndian(source[6..]),
        BinaryPrimitives.ReadUInt16LittleEndian(source[8..]));

    /// <summary>
    /// Makes a packet read from the device plain: completes a partial checksum if <see cref="NeedsChecksum"/> is
    /// set. Returns false for what cannot be made a plain packet (a GSO packet, or checksum offsets outside it).
    /// </summary>
    /// <param name="packet">The packet after the header, changed in place.</param>
    /// <returns>True if <paramref name="packet"/> is now a complete, plain packet.</returns>
    public bool TryMakePlain(Span<byte> packet)
    {
        if (GsoType != 0)
        {
            return false;
        }

        if ((Flags & NeedsChecksum) == 0)
        {
            return true;
        }

        int field = ChecksumStart + ChecksumOffset;
        if (field + 2 > packet.Length)
        {
            return false;
        }

        // The field holds the pseudo-header sum; the sum over everything from ChecksumStart completes it.
        ushort checksum = InternetChecksum.Finish(InternetChecksum.Add(0, packet[ChecksumStart..]));
        BinaryPrimitives.WriteUInt16BigEndian(packet[field..], checksum);
        return true;
    }
}
