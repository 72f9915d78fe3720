using System.Buffers.Binary;
using CsCheck;
using Sstp.Protocol.Ip;
using static Sstp.Protocol.Tests.Ip.IpTestPackets;

namespace Sstp.Protocol.Tests.Ip;

public sealed class TcpCoalescerTests
{
    private const byte Push = 0x08;
    private static readonly byte[] Timestamps = [1, 1, 8, 10, 0, 0, 0, 1, 0, 0, 0, 2];

    [Fact]
    public void Contiguous_segments_become_one_super_packet_that_splits_back_into_them()
    {
        var input = new[] { Segment(1000, 1400), Segment(2400, 1400), Segment(3800, 1400), Segment(5200, 500, Ack | Push) };
        var output = Run(input);

        var (header, packet) = Assert.Single(output);
        Assert.Equal(new VirtioNetHeader(1, VirtioNetHeader.GsoTcpV4, 52, 1400, 20, 16), header);
        Assert.Equal(52 + 4700, packet.Length);
        Assert.Equal(0xFFFF, OnesSum(packet.AsSpan(0, 20))); // IPv4 header checksum valid
        Assert.Equal(input, Resegment(header, packet));
    }

    [Fact]
    public void The_partial_checksum_completes_to_the_full_checksum_of_the_super_packet()
    {
        var (header, packet) = Assert.Single(Run([Segment(7, 1000), Segment(1007, 999)]));

        // What the kernel does with NEEDS_CSUM: sum from csum_start (the field holds the pseudo-header sum),
        // complement, store at csum_start + csum_offset.
        var completed = (byte[])packet.Clone();
        int sum = OnesSum(completed.AsSpan(header.ChecksumStart));
        BinaryPrimitives.WriteUInt16BigEndian(completed.AsSpan(header.ChecksumStart + header.ChecksumOffset), (ushort)~sum);
        Assert.True(UpperChecksumValid(completed, 20, completed.Length, 6));
    }

    [Fact]
    public void One_segment_is_left_unchanged_for_a_plain_write()
    {
        var coalescer = new TcpCoalescer();
        var segment = Segment(1, 100);
        Assert.True(coalescer.TryAppend(segment));
        Assert.Equal(1, coalescer.Count);
        Assert.Equal(segment, coalescer.Pending.ToArray());
        Assert.Throws<InvalidOperationException>(() => coalescer.Finish());
    }

    public static TheoryData<string> Mismatches => ["gap", "ack", "window", "options", "larger", "ports", "tos", "ttl", "ipv6"];

    [Theory]
    [MemberData(nameof(Mismatches))]
    public void A_segment_that_does_not_continue_the_first_is_refused(string mismatch)
    {
        var coalescer = new TcpCoalescer();
        Assert.True(coalescer.TryAppend(Segment(1000, 1000)));
        var next = mismatch switch
        {
            "gap" => Segment(2001, 1000),
            "ack" => Segment(2000, 1000, mutate: p => p[28 + 3]++),
            "window" => Segment(2000, 1000, mutate: p => p[34]++),
            "options" => Segment(2000, 1000, mutate: p => p[40 + 11]++),
            "larger" => Segment(2000, 1001),
            "ports" => Segment(2000, 1000, mutate: p => p[21]++),
            "tos" => Segment(2000, 1000, mutate: p => p[1] = 0x02),
            "ttl" => Segment(2000, 1000, mutate: p => p[8] = 63),
            _ => IPv6Tcp(Ack, Timestamps, payloadLength: 1000),
        };
        Assert.False(coalescer.TryAppend(next));
        Assert.Equal(1, coalescer.Count);
    }

    public static TheoryData<string> NotCandidates => ["syn", "fin", "rst", "urg", "ece", "cwr", "pure-ack", "fragment", "ip-options", "bad-tcp-checksum", "bad-ip-checksum", "udp", "short"];

    [Theory]
    [MemberData(nameof(NotCandidates))]
    public void Packets_that_are_no_plain_data_segments_are_never_coalesced(string kind)
    {
        byte[] packet = kind switch
        {
            "syn" => Segment(1, 100, 0x12),
            "fin" => Segment(1, 100, 0x11),
            "rst" => Segment(1, 100, 0x14),
            "urg" => Segment(1, 100, 0x30),
            "ece" => Segment(1, 100, 0x50),
            "cwr" => Segment(1, 100, 0x90),
            "pure-ack" => Segment(1, 0),
            "fragment" => Segment(1, 100, mutate: p => p[6] = 0x20),
            "ip-options" => IPv4(6, Tcp(Ack, Timestamps, 100), ipOptions: [1, 1, 1, 0]),
            "bad-tcp-checksum" => Corrupt(Segment(1, 100), 60),
            "bad-ip-checksum" => Corrupt(Segment(1, 100), 11),
            "udp" => IPv4(17, new byte[120]),
            _ => [0x45, 0, 0, 4],
        };
        var coalescer = new TcpCoalescer();
        Assert.False(coalescer.TryAppend(packet));
        Assert.True(coalescer.TryAppend(Segment(1, 100)));
        Assert.False(coalescer.TryAppend(packet));
    }

    [Fact]
    public void A_push_or_a_short_segment_ends_the_super_packet()
    {
        var coalescer = new TcpCoalescer();
        Assert.True(coalescer.TryAppend(Segment(0, 100)));
        Assert.True(coalescer.TryAppend(Segment(100, 100, Ack | Push)));
        Assert.False(coalescer.TryAppend(Segment(200, 100)));

        coalescer.Reset();
        Assert.True(coalescer.TryAppend(Segment(0, 100)));
        Assert.True(coalescer.TryAppend(Segment(100, 50)));
        Assert.False(coalescer.TryAppend(Segment(150, 50)));
    }

    [Fact]
    public void Super_packets_stay_within_65535_bytes_and_64_segments()
    {
        var big = Enumerable.Range(0, 50).Select(i => Segment((uint)(i * 1400), 1400)).ToArray();
        var output = Run(big);
        Assert.All(output, o => Assert.True(o.Packet.Length <= TcpCoalescer.MaxLength));
        Assert.Equal(big, output.SelectMany(o => Resegment(o.Header, o.Packet)));

        var many = Enumerable.Range(0, 130).Select(i => Segment((uint)(i * 10), 10)).ToArray();
        var small = Run(many);
        Assert.Equal(3, small.Count);
        Assert.Equal(many, small.SelectMany(o => Resegment(o.Header, o.Packet)));
    }

    [Fact]
    public void IPv6_segments_coalesce_with_a_tcpv6_header()
    {
        var input = new[] { Segment6(0, 1200), Segment6(1200, 1200), Segment6(2400, 10) };
        var (header, packet) = Assert.Single(Run(input));
        Assert.Equal(VirtioNetHeader.GsoTcpV6, header.GsoType);
        Assert.Equal(40, header.ChecksumStart);
        Assert.Equal(input, Resegment(header, packet));
    }

    [Fact]
    public void Any_packet_sequence_comes_back_out_unchanged_and_in_order()
    {
        var step = Gen.Select(Gen.Int[0, 1], Gen.Int[0, 19], Gen.Int[1, 300]);
        step.Array[0, 80].Sample(steps =>
        {
            var next = new uint[] { 100, 5_000_000 };
            var input = new List<byte[]>();
            foreach (var (flow, kind, size) in steps)
            {
                byte[] packet = kind switch
                {
                    0 => IPv4(17, new byte[size]),
                    1 => Segment(next[flow] + 3, size, port: flow),    // a gap
                    2 => Segment(next[flow], size, Ack | Push, port: flow),
                    3 => Segment(next[flow], 0, port: flow),            // pure ACK
                    4 => Segment(next[flow], size, port: flow),         // any size
                    _ => Segment(next[flow], 300, port: flow),          // full-sized
                };
                if (packet[9] == 6)
                {
                    next[flow] = BinaryPrimitives.ReadUInt32BigEndian(packet.AsSpan(24)) + (uint)(packet.Length - 52);
                }

                input.Add(packet);
            }

            var output = Run(input);
            Assert.Equal(input, output.SelectMany(o => Resegment(o.Header, o.Packet)));
        });
    }

    /// <summary>The host's loop: append, else flush and retry, else write plainly; flush at the end.</summary>
    private static List<(VirtioNetHeader Header, byte[] Packet)> Run(IEnumerable<byte[]> packets)
    {
        var coalescer = new TcpCoalescer();
        var written = new List<(VirtioNetHeader, byte[])>();
        void Flush()
        {
            var header = coalescer.Count > 1 ? coalescer.Finish() : default;
            written.Add((header, coalescer.Pending.ToArray()));
            coalescer.Reset();
        }

        foreach (var packet in packets)
        {
            if (coalescer.TryAppend(packet))
            {
                continue;
            }

            if (coalescer.Count > 0)
            {
                Flush();
                if (coalescer.TryAppend(packet))
                {
                    continue;
                }
            }

            written.Add((default, packet));
        }

        if (coalescer.Count > 0)
        {
            Flush();
        }

        return written;
    }

    /// <summary>What GSO does with a super-packet, written independently: cut, fix lengths, flags, checksums.</summary>
    private static List<byte[]> Resegment(VirtioNetHeader header, byte[] packet)
    {
        if (header.GsoType == 0)
        {
            Assert.Equal(0, header.Flags);
            return [packet];
        }

        Assert.Equal(VirtioNetHeader.NeedsChecksum, header.Flags);
        Assert.Equal(16, header.ChecksumOffset);
        int ip = header.ChecksumStart, hdr = header.HeaderLength, size = header.GsoSize;
        bool ipv6 = header.GsoType == VirtioNetHeader.GsoTcpV6;
        Assert.Equal(ipv6 ? 40 : 20, ip);
        uint seq = BinaryPrimitives.ReadUInt32BigEndian(packet.AsSpan(ip + 4));
        byte flags = packet[ip + 13];
        var segments = new List<byte[]>();
        for (int offset = hdr; offset < packet.Length; offset += size)
        {
            int payload = Math.Min(size, packet.Length - offset);
            bool last = offset + payload == packet.Length;
            var segment = new byte[hdr + payload];
            packet.AsSpan(0, hdr).CopyTo(segment);
            packet.AsSpan(offset, payload).CopyTo(segment.AsSpan(hdr));
            BinaryPrimitives.WriteUInt32BigEndian(segment.AsSpan(ip + 4), seq + (uint)(offset - hdr));
            segment[ip + 13] = last ? flags : (byte)(flags & ~Push);
            if (ipv6)
            {
                BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(4), (ushort)(segment.Length - 40));
            }
            else
            {
                BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), (ushort)segment.Length);
                segment[10] = segment[11] = 0;
                BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(10), (ushort)~OnesSum(segment.AsSpan(0, 20)));
            }

            SetUpperChecksum(segment, ip, segment.Length, 6, 16);
            segments.Add(segment);
        }

        return segments;
    }

    private static byte[] Segment(uint seq, int payload, byte flags = Ack, int port = 0, Action<byte[]>? mutate = null)
    {
        var packet = IPv4(6, Tcp(flags, Timestamps, payload));
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(24), seq);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(20), (ushort)(40000 + port));
        for (int i = 52; i < packet.Length; i++)
        {
            packet[i] = (byte)(seq + i);
        }

        mutate?.Invoke(packet);
        packet[10] = packet[11] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(10), (ushort)~OnesSum(packet.AsSpan(0, 20)));
        SetUpperChecksum(packet, 20, packet.Length, 6, 16);
        return packet;
    }

    private static byte[] Segment6(uint seq, int payload)
    {
        var packet = IPv6(6, [], Tcp(Ack, Timestamps, payload));
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(44), seq);
        SetUpperChecksum(packet, 40, packet.Length, 6, 16);
        return packet;
    }

    private static byte[] Corrupt(byte[] packet, int at)
    {
        packet[at] ^= 0x40;
        return packet;
    }
}
