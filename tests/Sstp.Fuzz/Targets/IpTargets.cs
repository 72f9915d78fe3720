using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using Sstp.Protocol.Ip;

namespace Sstp.Fuzz.Targets;

/// <summary>
/// The IP-level code fed by a peer's packets: header reading, MSS clamping, routing lookups, ICMP errors that
/// quote the packet, Router Solicitation recognition, the virtio header, and the TCP coalescer.
/// </summary>
public static class IpTargets
{
    private static readonly PrefixRouter<string> Routes = CreateRoutes();

    /// <summary>Every target of this file.</summary>
    public static IEnumerable<FuzzTarget> All =>
    [
        new("ip-packet", "IpPacket.TryReadHeader, MssClamp, routers, ICMP errors, RouterSolicitation, VirtioNetHeader", Packet, FuzzTarget.DecoderBound),
        new("tcp-coalescer", "TcpCoalescer fed records of IP packets (a flush when one is refused)", Coalescer, FuzzTarget.MachineBound),
    ];

    private static PrefixRouter<string> CreateRoutes()
    {
        var routes = new PrefixRouter<string>();
        routes.TryAdd(IPNetwork.Parse("10.0.0.0/8"), "r1");
        routes.TryAdd(IPNetwork.Parse("10.88.0.0/16"), "r2");
        routes.TryAdd(IPNetwork.Parse("fd00:88::/48"), "r3");
        routes.TryAdd(IPNetwork.Parse("0.0.0.0/0"), "r4");
        return routes;
    }

    private static void Packet(ReadOnlySpan<byte> input)
    {
        var status = IpPacket.TryReadHeader(input, out var info, out var error);
        Invariant.Require((status == OperationStatus.Done) == (error == IpPacketError.None), $"ip-packet: {status} with error {error}");
        if (status == OperationStatus.Done)
        {
            Invariant.Require(info.Version is 4 or 6, $"ip-packet: version {info.Version}");
            Invariant.Require(info.HeaderLength <= info.TotalLength && info.TotalLength <= input.Length, $"ip-packet: header {info.HeaderLength}, total {info.TotalLength}, input {input.Length}");
        }

        _ = IpPacket.TryGetIPv4Source(input, out _);
        _ = IpPacket.TryGetIPv6Destination(input, out _);
        _ = Routes.TryRoute(input, out _);
        _ = RouterSolicitation.IsRouterSolicitation(input);

        Span<byte> copy = stackalloc byte[Math.Min(input.Length, 2048)];
        input[..copy.Length].CopyTo(copy);
        if (MssClamp.ClampTcpMss(copy, 1360))
        {
            Invariant.Require(!MssClamp.ClampTcpMss(copy, 1360), "ip-packet: clamping twice changed the packet twice");
        }

        Span<byte> error4 = stackalloc byte[Icmp.MaxIPv4ErrorLength];
        int written = Icmp.WriteFragmentationNeeded(error4, input, 0x0A580001, 1400);
        Invariant.Require(written >= 0 && written <= error4.Length, $"ip-packet: ICMP error of {written}");
        Span<byte> error6 = stackalloc byte[Icmp.MaxIPv6ErrorLength];
        written = Icmp.WritePacketTooBig(error6, input, UInt128.One, 1400);
        Invariant.Require(written >= 0 && written <= error6.Length, $"ip-packet: ICMPv6 error of {written}");

        if (input.Length >= VirtioNetHeader.Length)
        {
            var header = VirtioNetHeader.Read(input);
            Span<byte> encoded = stackalloc byte[VirtioNetHeader.Length];
            header.Write(encoded);
            Invariant.Require(encoded.SequenceEqual(input[..VirtioNetHeader.Length]), "ip-packet: virtio header does not round-trip");
            _ = header.TryMakePlain(copy[Math.Min(copy.Length, VirtioNetHeader.Length)..]);
        }
    }

    private static void Coalescer(ReadOnlySpan<byte> input)
    {
        var coalescer = new TcpCoalescer();
        var records = new Records(input);
        while (records.MoveNext())
        {
            if (!coalescer.TryAppend(records.Current))
            {
                Flush(coalescer);
                _ = coalescer.TryAppend(records.Current);
            }

            Invariant.Require(coalescer.Count <= TcpCoalescer.MaxSegments, $"tcp-coalescer: {coalescer.Count} segments");
            Invariant.Require(coalescer.Pending.Length <= TcpCoalescer.MaxLength, $"tcp-coalescer: {coalescer.Pending.Length} bytes pending");
            Invariant.Require(coalescer.Count > 0 || coalescer.Pending.IsEmpty, "tcp-coalescer: bytes pending without a segment");
        }

        Flush(coalescer);
    }

    private static void Flush(TcpCoalescer coalescer)
    {
        if (coalescer.Count >= 2)
        {
            var header = coalescer.Finish();
            var pending = coalescer.Pending;
            Invariant.Require(header.GsoType is VirtioNetHeader.GsoTcpV4 or VirtioNetHeader.GsoTcpV6, $"tcp-coalescer: GSO type {header.GsoType}");
            Invariant.Require(header.GsoSize > 0 && header.HeaderLength < pending.Length, $"tcp-coalescer: GSO size {header.GsoSize}, header {header.HeaderLength}");
            int total = header.GsoType == VirtioNetHeader.GsoTcpV4
                ? BinaryPrimitives.ReadUInt16BigEndian(pending[2..])
                : 40 + BinaryPrimitives.ReadUInt16BigEndian(pending[4..]);
            Invariant.Require(total == pending.Length, $"tcp-coalescer: IP length {total} for {pending.Length} bytes");
            Invariant.Require(IpPacket.TryReadHeader(pending, out _, out _) == OperationStatus.Done, "tcp-coalescer: the super-packet is not a valid IP packet");
        }

        coalescer.Reset();
        Invariant.Require(coalescer.Count == 0 && coalescer.Pending.IsEmpty, "tcp-coalescer: Reset left bytes");
    }
}
