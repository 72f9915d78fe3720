using Sstp.IO.Driving;

namespace Sstp.Client.Bench;

/// <summary>What <c>sstp bench tls</c> measures.</summary>
public enum TlsBenchMode
{
    /// <summary>Bulk throughput over one TLS connection, each direction in turn.</summary>
    Stream,

    /// <summary>Full TLS handshakes per second (connect, handshake, close), several in flight.</summary>
    Handshakes,
}

/// <summary>Settings of one <see cref="TlsBench"/> run.</summary>
public sealed record TlsBenchOptions
{
    /// <summary>Stream throughput or handshake rate.</summary>
    public TlsBenchMode Mode { get; init; } = TlsBenchMode.Stream;

    /// <summary>How long each measured phase lasts (stream: per direction).</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long to run before the measured phase starts (JIT, TCP window growth, TLS session cache).</summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>stream: bytes per write; default the session driver's merged write size (<see cref="SessionDriverOptions.WriteMergeSize"/>).</summary>
    public int WriteSize { get; init; } = new SessionDriverOptions().WriteMergeSize;

    /// <summary>stream: bytes per read; default the session driver's receive buffer (<see cref="SessionDriverOptions.ReceiveBufferSize"/>).</summary>
    public int ReadSize { get; init; } = new SessionDriverOptions().ReceiveBufferSize;

    /// <summary>handshakes: handshakes in flight at once.</summary>
    public int Concurrency { get; init; } = 32;
}
