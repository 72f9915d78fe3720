namespace Sstp.IO.Driving;

/// <summary>Limits of one session driver.</summary>
public sealed record SessionDriverOptions
{
    /// <summary>Size of the receive buffer; SSTP packets are at most 4095 bytes, reads are merged up to this.</summary>
    public int ReceiveBufferSize { get; init; } = 16 * 1024;

    /// <summary>
    /// Data packets that may wait for the TLS writer; beyond this, packets from the TUN device are dropped and
    /// counted, so a client that stops reading cannot hold memory or stall the TUN reader.
    /// </summary>
    public int MaxQueuedDataPackets { get; init; } = 512;

    /// <summary>
    /// Bytes of data packets that may wait for the TLS writer; a packet that would pass this bound is dropped (tail
    /// drop). With the default MTU the packet bound comes first (512 × 1408 B); this one matters for large MTUs.
    /// In our runs 256 KiB dropped ~5 % of bulk packets and cost throughput for no gain in delay, which
    /// <see cref="MaxQueueDelay"/> and the socket's unsent-bytes bound already keep low.
    /// </summary>
    public int MaxQueuedDataBytes { get; init; } = 1024 * 1024;

    /// <summary>
    /// The longest a data packet may wait for the TLS writer; an older packet is dropped when the writer reaches it
    /// (head drop), so a slow peer link shows up to the sender as loss instead of an ever longer queue. Zero or
    /// less turns the check off.
    /// </summary>
    public TimeSpan MaxQueueDelay { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// Merge queued data packets into one TLS write (fewer records and system calls, much faster bulk data); control
    /// packets are always written alone. Off by default because sstpc 1.0.18 handles only the first SSTP packet of
    /// a TLS record until the socket becomes readable again: the host turns it on for peers that read a stream
    /// (<see cref="SessionDriver.MergeWrites"/>).
    /// </summary>
    public bool MergeWrites { get; init; }

    /// <summary>
    /// Control bytes (echo replies, rejects, handshake answers) that may wait for the TLS writer; a peer that makes
    /// us queue more without reading is disconnected.
    /// </summary>
    public long MaxQueuedControlBytes { get; init; } = 256 * 1024;

    /// <summary>Bytes merged into one TLS write when merging is on (TLS splits a write into records of up to 16 KiB).</summary>
    public int WriteMergeSize { get; init; } = 32 * 1024;

    /// <summary>
    /// Optional: a byte budget shared with other sessions for queued data packets (the server's cap on buffered
    /// memory); a packet that does not fit is dropped and counted. Null = only this session's own bounds.
    /// </summary>
    public BufferBudget? SharedBudget { get; init; }

    /// <summary>How long the final packets (Call Disconnect/Abort) may take to flush when the session ends.</summary>
    public TimeSpan FinalFlushTimeout { get; init; } = TimeSpan.FromSeconds(2);
}
