using Sstp.IO.Tun;
using Sstp.Server.Diagnostics;

namespace Sstp.Server.Hosting;

/// <summary>
/// TCP GRO on TUN writes: the packets of one transport read that continue one TCP flow are written as one GSO
/// super-packet. Every session's batch (SessionDriver.Consume, from the first packet to OnBatchEnd) runs on one
/// thread without awaiting, so a coalescer per thread serves all sessions without a buffer per session: it is
/// always empty between batches.
/// </summary>
public sealed partial class SstpServer
{
    [ThreadStatic]
    private static CoalescingTunWriter? t_tunWriter;

    /// <summary>Writes a checked packet to the TUN device, held back if it may join the next ones.</summary>
    private void WriteCoalesced(ReadOnlySpan<byte> packet)
    {
        var tun = _tun;
        if (tun is null)
        {
            return;
        }

        try
        {
            (t_tunWriter ??= new CoalescingTunWriter()).Write(tun, packet);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            CountTunWriteError(e);
        }
    }

    /// <summary>Writes out what this thread's writer holds (end of a session's batch).</summary>
    private void FlushCoalesced()
    {
        if (t_tunWriter is not { Held: > 0 } writer)
        {
            return;
        }

        try
        {
            writer.Flush(_tun);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            CountTunWriteError(e);
        }
    }

    private void CountTunWriteError(Exception e)
    {
        // ObjectDisposedException: the server is stopping and the device is gone.
        if (e is IOException && Interlocked.Increment(ref _tunWriteErrors) == 1)
        {
            ServerLog.TunFailed(_log, _options.Tunnel.Name, e.Message);
        }
    }
}
