// Theory of operation.
//
// TCP segments of one flow that arrive back to back are joined into one super-packet that a TUN device opened
// with IFF_VNET_HDR takes in a single write, with a virtio_net_hdr asking for GSO (the kernel cuts it again
// only if it has to forward it; a local receiver takes it whole). The super-packet is the first segment's
// headers followed by every segment's payload. A segment extends it when, compared with the first segment:
//   - IPv4 without options, not fragmented (only DF may be set), same TOS, TTL, DF, addresses; or IPv6 with
//     TCP as the next header (no extension headers), same version/class/flow label, hop limit, addresses;
//   - TCP, same ports, ACK number, window, header length and option bytes (timestamps included: segments
//     sent in one burst usually carry the same ones; different options just end the super-packet);
//   - flags exactly ACK, or ACK|PSH (a PSH segment is the last one);
//   - its sequence number continues the payload so far and its payload is no larger than the first's (a
//     smaller one is the last); at most 64 segments and 65535 bytes in all.
// A segment must carry a valid IPv4 header checksum and a valid TCP checksum, or it is not coalesced (the
// kernel then drops it when it is written plainly; a super-packet's checksum is filled in by the kernel and
// would otherwise launder a corrupted segment). Packets that are not such segments are left to the caller.
// Finish() fixes the length fields and checksums of the pending super-packet and says what header to write.

using System.Buffers.Binary;

namespace Sstp.Protocol.Ip;

/// <summary>Joins consecutive TCP segments of one flow into one GSO super-packet (TCP GRO for TUN writes).</summary>
public sealed class TcpCoalescer
{
    /// <summary>The largest super-packet, in bytes (the IPv4 total length limit).</summary>
    public const int MaxLength = 65535;

    /// <summary>The most segments joined into one super-packet.</summary>
    public const int MaxSegments = 64;

    private const byte FlagAck = 0x10;
    private const byte FlagPush = 0x08;

    private readonly byte[] _buffer = new byte[MaxLength];
    private int _length;
    private int _ipHeaderLength;
    private int _headerLength;
    private int _segmentSize;
    private uint _nextSequence;
    private bool _ipv6;
    private bool _closed;

    /// <summary>Segments in the pending super-packet (0 = nothing pending).</summary>
    public int Count { get; private set; }

    /// <summary>
    /// The pending bytes: with one segment, that segment unchanged (write it plainly); after
    /// <see cref="Finish"/>, the super-packet.
    /// </summary>
    public ReadOnlySpan<byte> Pending => _buffer.AsSpan(0, _length);

    /// <summary>
    /// Adds <paramref name="packet"/> to the pending super-packet, or starts one with it if none is pending. Returns
    /// false if it cannot be added: then write out what is pending (<see cref="Finish"/>, <see cref="Reset"/>) and
    /// try again; if it is still refused the packet is no candidate and is written plainly.
    /// </summary>
    /// <param name="packet">An IP packet; it is copied, not kept.</param>
    /// <returns>True if the packet is now part of the pending bytes.</returns>
    public bool TryAppend(ReadOnlySpan<byte> packet)
    {
        if (!TryParse(packet, out bool ipv6, out int ipHeaderLength, out int headerLength, out bool push))
        {
            return false;
        }

        int payload = packet.Length - headerLength;
        var tcp = packet[ipHeaderLength..];
        if (Count == 0)
        {
            packet.CopyTo(_buffer);
            _length = packet.Length;
            _ipv6 = ipv6;
            _ipHeaderLength = ipHeaderLength;
            _headerLength = headerLength;
            _segmentSize = payload;
            _nextSequence = BinaryPrimitives.ReadUInt32BigEndian(tcp[4..]) + (uint)payload;
            _closed = push;
            Count = 1;
            return true;
        }

        if (_closed || Count >= MaxSegments || ipv6 != _ipv6 || headerLength != _headerLength
            || payload > _segmentSize || _length + payload > MaxLength || !SameFlow(packet, tcp))
        {
            return false;
        }

        packet[headerLength..].CopyTo(_buffer.AsSpan(_length));
        _length += payload;
        _nextSequence += (uint)payload;
        Count++;
        if (push)
        {
            _buffer[_ipHeaderLength + 13] |= FlagPush;
        }

        _closed = push || payload < _segmentSize;
        return true;
    }

    /// <summary>
    /// Completes the pending super-packet (two segments or more): IP length fields, IPv4 header checksum, and the
    /// TCP checksum field set to the pseudo-header sum for the kernel to complete.
    /// </summary>
    /// <returns>The virtio_net_hdr to write in front of <see cref="Pending"/>.</returns>
    /// <exception cref="InvalidOperationException">Fewer than two segments are pending.</exception>
    public VirtioNetHeader Finish()
    {
        if (Count < 2)
        {
            throw new InvalidOperationException("A super-packet needs two segments or more; write a single one plainly.");
        }

        var packet = _buffer.AsSpan(0, _length);
        int tcpLength = _length - _ipHeaderLength;
        uint pseudo;
        if (_ipv6)
        {
            BinaryPrimitives.WriteUInt16BigEndian(packet[4..], (ushort)tcpLength);
            pseudo = InternetChecksum.IPv6PseudoHeader(packet, tcpLength, 6);
        }
        else
        {
            BinaryPrimitives.WriteUInt16BigEndian(packet[2..], (ushort)_length);
            packet[10] = 0;
            packet[11] = 0;
            BinaryPrimitives.WriteUInt16BigEndian(packet[10..], InternetChecksum.Finish(InternetChecksum.Add(0, packet[..20])));
            pseudo = InternetChecksum.Add(InternetChecksum.Add(0, packet.Slice(12, 8)), 6);
            pseudo = InternetChecksum.Add(pseudo, (ushort)tcpLength);
        }

        // Not complemented: with NEEDS_CSUM the kernel adds the TCP header and data and stores the complement.
        BinaryPrimitives.WriteUInt16BigEndian(packet[(_ipHeaderLength + 16)..], (ushort)InternetChecksum.Fold(pseudo));
        _closed = true;
        return new VirtioNetHeader(
            VirtioNetHeader.NeedsChecksum,
            _ipv6 ? VirtioNetHeader.GsoTcpV6 : VirtioNetHeader.GsoTcpV4,
            (ushort)_headerLength,
            (ushort)_segmentSize,
            (ushort)_ipHeaderLength,
            16);
    }

    /// <summary>Forgets the pending bytes (after they were written).</summary>
    public void Reset()
    {
        _length = 0;
        Count = 0;
        _closed = false;
    }

    private bool SameFlow(ReadOnlySpan<byte> packet, ReadOnlySpan<byte> tcp)
    {
        ReadOnlySpan<byte> first = _buffer.AsSpan(0, _headerLength);
        if (_ipv6)
        {
            // Version, traffic class and flow label; hop limit; source and destination.
            if (!packet[..4].SequenceEqual(first[..4]) || packet[7] != first[7] || !packet.Slice(8, 32).SequenceEqual(first.Slice(8, 32)))
            {
                return false;
            }
        }
        else if (packet[1] != first[1] || packet[6] != first[6] || packet[8] != first[8] || !packet.Slice(12, 8).SequenceEqual(first.Slice(12, 8)))
        {
            // TOS (with ECN), DF, TTL, source and destination.
            return false;
        }

        var firstTcp = first[_ipHeaderLength..];
        return BinaryPrimitives.ReadUInt32BigEndian(tcp[4..]) == _nextSequence
            && tcp[..4].SequenceEqual(firstTcp[..4])            // ports
            && tcp.Slice(8, 4).SequenceEqual(firstTcp.Slice(8, 4))   // acknowledgement number
            && tcp.Slice(14, 2).SequenceEqual(firstTcp.Slice(14, 2)) // window
            && tcp[20..(_headerLength - _ipHeaderLength)].SequenceEqual(firstTcp[20..]); // options
    }

    /// <summary>Whether <paramref name="packet"/> is a TCP data segment that may be coalesced at all.</summary>
    private static bool TryParse(ReadOnlySpan<byte> packet, out bool ipv6, out int ipHeaderLength, out int headerLength, out bool push)
    {
        ipv6 = false;
        ipHeaderLength = headerLength = 0;
        push = false;
        if (packet.Length < 40)
        {
            return false;
        }

        uint pseudo;
        switch (packet[0] >> 4)
        {
            case 4:
                // No options; total length exact; no fragment (only DF); TCP; header checksum valid.
                if (packet[0] != 0x45 || BinaryPrimitives.ReadUInt16BigEndian(packet[2..]) != packet.Length
                    || (packet[6] & 0xBF) != 0 || packet[7] != 0 || packet[9] != 6
                    || InternetChecksum.Add(0, packet[..20]) != 0xFFFF)
                {
                    return false;
                }

                ipHeaderLength = 20;
                pseudo = InternetChecksum.Add(InternetChecksum.Add(0, packet.Slice(12, 8)), 6);
                pseudo = InternetChecksum.Add(pseudo, (ushort)(packet.Length - 20));
                break;
            case 6:
                if (packet.Length < 60 || BinaryPrimitives.ReadUInt16BigEndian(packet[4..]) != packet.Length - 40 || packet[6] != 6)
                {
                    return false;
                }

                ipv6 = true;
                ipHeaderLength = 40;
                pseudo = InternetChecksum.IPv6PseudoHeader(packet, packet.Length - 40, 6);
                break;
            default:
                return false;
        }

        var tcp = packet[ipHeaderLength..];
        int tcpHeaderLength = (tcp[12] >> 4) * 4;
        byte flags = tcp[13];
        headerLength = ipHeaderLength + tcpHeaderLength;
        if (tcpHeaderLength < 20 || headerLength >= packet.Length || (tcp[12] & 0x0F) != 0
            || (flags != FlagAck && flags != (FlagAck | FlagPush)))
        {
            return false;
        }

        push = flags != FlagAck;
        // The segment's own checksum must hold (see the theory of operation).
        return InternetChecksum.Add(pseudo, tcp) == 0xFFFF;
    }
}
