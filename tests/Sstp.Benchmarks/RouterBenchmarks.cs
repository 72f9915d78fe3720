using System.Net;
using BenchmarkDotNet.Attributes;
using Sstp.Protocol.Ip;

namespace Sstp.Benchmarks;

/// <summary>
/// Per-packet cost of finding a session on the TUN side: the exact /32 table every session is in, against the
/// longest-prefix table of RADIUS Framed-Routes (<see cref="PrefixRouter{T}"/>), which a packet reaches only when the
/// exact table has no entry. Both must allocate 0 bytes.
/// </summary>
[MemoryDiagnoser]
public class RouterBenchmarks
{
    private readonly AddressRouter<object> _exact = new();
    private readonly PrefixRouter<object> _prefixes = new();
    private byte[] _toHost = null!;
    private byte[] _toRoute = null!;
    private byte[] _toNowhere = null!;

    /// <summary>Framed-Routes in the table, spread over five prefix lengths.</summary>
    [Params(10, 1000)]
    public int Routes { get; set; }

    /// <summary>Fills both tables: 1000 /32s, and <see cref="Routes"/> prefixes of /20, /22, /24, /26 and /28.</summary>
    [GlobalSetup]
    public void Setup()
    {
        for (uint i = 0; i < 1000; i++)
        {
            _exact.TryAddIPv4(0x0A58_0000 + i, new object());
        }

        int[] lengths = [20, 22, 24, 26, 28];
        for (int i = 0; i < Routes; i++)
        {
            // 100.64.0.0/10 carved into disjoint blocks of 4096 addresses, one prefix each.
            uint network = 0x6440_0000u + ((uint)i << 12);
            var address = new IPAddress([(byte)(network >> 24), (byte)(network >> 16), (byte)(network >> 8), 0]);
            _prefixes.TryAdd(new IPNetwork(address, lengths[i % lengths.Length]), new object());
        }

        _toHost = Packet(0x0A58_0007);
        _toRoute = Packet(0x6440_0000u + ((uint)(Routes / 2) << 12) + 9);
        _toNowhere = Packet(0xC633_6401);
    }

    /// <summary>The exact table, a session's own address.</summary>
    [Benchmark(Baseline = true)]
    public bool ExactHit() => _exact.TryRoute(_toHost, out _);

    /// <summary>The prefix table, an address inside a Framed-Route.</summary>
    [Benchmark]
    public bool PrefixHit() => _prefixes.TryRoute(_toRoute, out _);

    /// <summary>The prefix table, an address in no route (every length probed).</summary>
    [Benchmark]
    public bool PrefixMiss() => _prefixes.TryRoute(_toNowhere, out _);

    private static byte[] Packet(uint destination)
    {
        var packet = new byte[40];
        packet[0] = 0x45;
        packet[16] = (byte)(destination >> 24);
        packet[17] = (byte)(destination >> 16);
        packet[18] = (byte)(destination >> 8);
        packet[19] = (byte)destination;
        return packet;
    }
}
