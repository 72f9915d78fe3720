using Sstp.Protocol.Ip;

namespace Sstp.IO.Tun;

/// <summary>
/// TCP GRO on TUN writes: packets handed to <see cref="Write"/> that continue one TCP flow are held and written
/// as one GSO super-packet (<see cref="TcpCoalescer"/>) when a packet does not continue them or at
/// <see cref="Flush"/>, the end of a batch. A device opened without a virtio_net_hdr gets every packet as it
/// comes. Not thread-safe: one writer per thread (the server) or per tunnel (the client). Write errors of the
/// device (<see cref="IOException"/>, <see cref="ObjectDisposedException"/>) reach the caller; what was held
/// is then discarded.
/// </summary>
public sealed class CoalescingTunWriter
{
    private readonly TcpCoalescer _coalescer = new();

    /// <summary>Packets held for the next super-packet.</summary>
    public int Held => _coalescer.Count;

    /// <summary>Writes <paramref name="packet"/> now, or holds it to join the next ones.</summary>
    public void Write(LinuxTunDevice tun, ReadOnlySpan<byte> packet)
    {
        ArgumentNullException.ThrowIfNull(tun);
        if (!tun.VnetHeader)
        {
            tun.Write(packet);
            return;
        }

        if (_coalescer.TryAppend(packet))
        {
            return;
        }

        if (_coalescer.Count > 0)
        {
            Flush(tun);
            if (_coalescer.TryAppend(packet))
            {
                return;
            }
        }

        tun.Write(packet);
    }

    /// <summary>Writes what is held (one packet plainly, several as a super-packet); with no device, drops it.</summary>
    public void Flush(LinuxTunDevice? tun)
    {
        if (_coalescer.Count == 0)
        {
            return;
        }

        try
        {
            if (tun is null)
            {
                return;
            }

            if (_coalescer.Count > 1)
            {
                tun.WriteSuperPacket(_coalescer.Finish(), _coalescer.Pending);
            }
            else
            {
                tun.Write(_coalescer.Pending);
            }
        }
        finally
        {
            _coalescer.Reset();
        }
    }
}
