namespace Sstp.IO.Driving;

/// <summary>Traffic counters of one session, updated with interlocked operations (read from any thread).</summary>
public sealed class SessionTraffic
{
    private long _bytesIn;
    private long _bytesOut;
    private long _packetsIn;
    private long _packetsOut;
    private long _droppedOut;

    /// <summary>IP bytes received from the peer.</summary>
    public long BytesIn => Volatile.Read(ref _bytesIn);

    /// <summary>IP bytes sent to the peer.</summary>
    public long BytesOut => Volatile.Read(ref _bytesOut);

    /// <summary>IP packets received from the peer.</summary>
    public long PacketsIn => Volatile.Read(ref _packetsIn);

    /// <summary>IP packets sent to the peer.</summary>
    public long PacketsOut => Volatile.Read(ref _packetsOut);

    /// <summary>IP packets for the peer dropped because its queue was full or the data path was closed.</summary>
    public long DroppedOut => Volatile.Read(ref _droppedOut);

    internal void CountIn(int bytes)
    {
        Interlocked.Add(ref _bytesIn, bytes);
        Interlocked.Increment(ref _packetsIn);
    }

    internal void CountOut(int bytes)
    {
        Interlocked.Add(ref _bytesOut, bytes);
        Interlocked.Increment(ref _packetsOut);
    }

    internal void CountDroppedOut() => Interlocked.Increment(ref _droppedOut);
}
