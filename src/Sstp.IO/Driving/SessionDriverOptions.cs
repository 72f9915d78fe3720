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

    /// <summary>Bytes merged into one TLS write (fewer records, fewer system calls).</summary>
    public int WriteMergeSize { get; init; } = 32 * 1024;

    /// <summary>How long the final packets (Call Disconnect/Abort) may take to flush when the session ends.</summary>
    public TimeSpan FinalFlushTimeout { get; init; } = TimeSpan.FromSeconds(2);
}
