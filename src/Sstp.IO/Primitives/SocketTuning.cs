using System.Net.Sockets;

namespace Sstp.IO.Primitives;

/// <summary>Socket options every SSTP connection gets (both ends): low latency under load without bufferbloat.</summary>
public static class SocketTuning
{
    /// <summary>
    /// Unsent bytes the kernel keeps in a connection's send buffer before it reports the socket as not writable
    /// (TCP_NOTSENT_LOWAT). Autotuning otherwise grows the buffer to megabytes, milliseconds of queue at 1 Gbit/s
    /// that every tunnelled packet, a ping as much as bulk data, waits behind. 128 KiB is about 1 ms at 1 Gbit/s
    /// and still several 32 KiB merged writes.
    /// </summary>
    public const int NotSentLowWatermark = 128 * 1024;

    private const int TcpNotSentLowat = 25; // linux/tcp.h

    /// <summary>
    /// Turns Nagle off (every SSTP packet is sent at once) and bounds unsent bytes with TCP_NOTSENT_LOWAT where the
    /// system has it (Linux); elsewhere that part is skipped.
    /// </summary>
    public static void Apply(Socket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        socket.NoDelay = true;
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        try
        {
            socket.SetRawSocketOption((int)SocketOptionLevel.Tcp, TcpNotSentLowat, BitConverter.GetBytes(NotSentLowWatermark));
        }
        catch (SocketException)
        {
            // An old kernel without the option: the connection works, only with the kernel's default buffering.
        }
    }
}
