using System.Buffers;
using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using Sstp.Protocol.Ip;
using Sstp.Protocol.Ppp;
using Sstp.Protocol.Ppp.Lcp;
using Sstp.Protocol.Session;
using Sstp.Protocol.Sstp;
using Sstp.TestKit;

namespace Sstp.Benchmarks;

/// <summary>
/// Per-packet cost of the data path (ARCHITECTURE.md C4): every benchmark here must allocate 0 bytes.
/// The baseline copies the IP packet once, so the Ratio column reads "this step costs N packet copies".
/// A ServerSession/ClientSession pair is brought up with MS-CHAPv2 in <see cref="Setup"/>, so
/// <see cref="ServerReceive"/> runs the real session gate (SSTP state, PPP frame, IPCP opened, counters).
/// </summary>
[MemoryDiagnoser]
public class DataPathBenchmarks
{
    private ServerSession _server = null!;
    private DataPathState _serverState = null!;
    private TimeSpan _now;
    private byte[] _ip = null!;
    private byte[] _copy = null!;
    private byte[] _outbound = null!;
    private byte[] _inbound = null!;
    private byte[] _syn = null!;
    private ushort _synChecksum;
    private ushort _maxMss;

    /// <summary>Size of the IP packet in bytes (the SSTP packet is 8 bytes longer).</summary>
    [Params(64, 576, 1400)]
    public int Size { get; set; }

    /// <summary>Brings a session pair up and prepares one packet of <see cref="Size"/> bytes for each benchmark.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var pair = new SessionPair(
            SessionPair.ServerSettings(AuthProtocolOption.MsChapV2),
            SessionPair.ClientSettings("alice", "correct horse"),
            new Dictionary<string, string> { ["alice"] = "correct horse" });
        pair.RunUntilUp();
        Check(pair.BothUp, "the session pair did not come up");
        _server = pair.Server;
        _serverState = pair.Server.CurrentDataPath;
        _now = pair.Now;

        _ip = IpPackets.Udp(Size);
        _copy = new byte[Size];

        // Outbound: the packet sits at the headroom offset, as a TUN read would leave it.
        _outbound = new byte[DataPath.Headroom + Size];
        _ip.CopyTo(_outbound, DataPath.Headroom);
        Check(DataPath.Encapsulate(_outbound, Size, _serverState) == DataPath.Headroom + Size, "server cannot send");

        // Inbound: the same packet as the client puts it on the wire.
        _inbound = new byte[DataPath.Headroom + Size];
        _ip.CopyTo(_inbound, DataPath.Headroom);
        Check(DataPath.Encapsulate(_inbound, Size, pair.Client.CurrentDataPath) == _inbound.Length, "client cannot send");
        var received = _server.Receive(_inbound, _now);
        Check(received.Status == ReceiveStatus.Packet && received.PacketLength == Size, "server did not deliver the packet");
        Check(Decode() == Size + (int)PppProtocol.IPv4, "raw decode failed");

        _maxMss = MssClamp.MaxMssFor(1400, ipv6: false);
        _syn = IpPackets.TcpSyn(Math.Max(Size, IpPackets.MinSynLength), mss: 1460);
        _synChecksum = BinaryPrimitives.ReadUInt16BigEndian(_syn.AsSpan(IpPackets.SynChecksumOffset));
        Check(ClampMss(), "the SYN was not clamped");
    }

    /// <summary>Baseline: touch the packet's bytes once (a plain span copy).</summary>
    [Benchmark(Baseline = true)]
    public void CopyPacket() => _ip.AsSpan().CopyTo(_copy);

    /// <summary>Outbound: <see cref="DataPath.Encapsulate"/> writes the SSTP and PPP headers in place.</summary>
    [Benchmark]
    public int Encapsulate() => DataPath.Encapsulate(_outbound, Size, _serverState);

    /// <summary>Inbound: one SSTP data packet through <see cref="SstpSession.Receive"/> of an up ServerSession.</summary>
    [Benchmark]
    public int ServerReceive() => _server.Receive(_inbound, _now).PacketLength;

    /// <summary>Raw decode: <see cref="SstpPacket.TryRead"/> then <see cref="PppFrame.TryRead(ReadOnlySpan{byte}, out ushort, out ReadOnlySpan{byte})"/>.</summary>
    [Benchmark]
    public int Decode()
    {
        if (SstpPacket.TryRead(_inbound, out var packet, out _, out _) != OperationStatus.Done
            || PppFrame.TryRead(packet.Payload, out ushort protocol, out var information) != OperationStatus.Done)
        {
            return -1;
        }

        return information.Length + protocol;
    }

    /// <summary>
    /// <see cref="MssClamp.ClampTcpMss"/> lowering MSS 1460 to 1360 on a SYN. The MSS and checksum are put back
    /// first (two 16-bit stores) so every call does the full rewrite rather than the "already small" early exit.
    /// </summary>
    [Benchmark]
    public bool ClampMss()
    {
        var syn = _syn.AsSpan();
        BinaryPrimitives.WriteUInt16BigEndian(syn[IpPackets.SynMssOffset..], 1460);
        BinaryPrimitives.WriteUInt16BigEndian(syn[IpPackets.SynChecksumOffset..], _synChecksum);
        return MssClamp.ClampTcpMss(syn, _maxMss);
    }

    private static void Check(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"Benchmark setup failed: {what}.");
        }
    }
}
