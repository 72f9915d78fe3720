using Sstp.IO.Tun;
using Sstp.Protocol.Ip;
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
    private static TcpCoalescer? t_coalescer;

    /// <summary>Writes a checked packet to the TUN device, held back if it may join the next ones.</summary>
    private void WriteCoalesced(ReadOnlySpan<byte> packet)
    {
        var tun = _tun;
        if (tun is null || !tun.VnetHeader)
        {
            WriteToTun(tun, default, packet);
            return;
        }

        var coalescer = t_coalescer ??= new TcpCoalescer();
        if (coalescer.TryAppend(packet))
        {
            return;
        }

        if (coalescer.Count > 0)
        {
            Flush(tun, coalescer);
            if (coalescer.TryAppend(packet))
            {
                return;
            }
        }

        WriteToTun(tun, default, packet);
    }

    /// <summary>Writes out what this thread's coalescer holds (end of a session's batch).</summary>
    private void FlushCoalesced()
    {
        if (t_coalescer is { Count: > 0 } coalescer)
        {
            if (_tun is { } tun)
            {
                Flush(tun, coalescer);
            }
            else
            {
                coalescer.Reset();
            }
        }
    }

    private void Flush(LinuxTunDevice tun, TcpCoalescer coalescer)
    {
        var header = coalescer.Count > 1 ? coalescer.Finish() : default;
        WriteToTun(tun, header, coalescer.Pending);
        coalescer.Reset();
    }

    private void WriteToTun(LinuxTunDevice? tun, VirtioNetHeader header, ReadOnlySpan<byte> packet)
    {
        try
        {
            if (header.GsoType != 0)
            {
                tun?.WriteSuperPacket(header, packet);
            }
            else
            {
                tun?.Write(packet);
            }
        }
        catch (ObjectDisposedException)
        {
            // The server is stopping and the device is gone.
        }
        catch (IOException e)
        {
            if (Interlocked.Increment(ref _tunWriteErrors) == 1)
            {
                ServerLog.TunFailed(_log, _options.Tunnel.Name, e.Message);
            }
        }
    }
}
