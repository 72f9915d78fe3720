// Theory of operation.
//
// One dedicated, named thread per TUN device (blocking syscalls never run on the thread pool). The thread
// waits in poll(2) on two descriptors: the TUN fd and an eventfd owned by this reader.
//   - TUN readable: take a buffer from the sink, read(2) one packet at offset Headroom, hand buffer and
//     length to the sink (no copy, no allocation). The buffer is taken lazily and kept if a read finds
//     nothing, so an idle reader holds at most one buffer.
//   - Under load the reader does not poll between packets: the descriptor is made non-blocking (FIONBIO) and
//     up to BurstReads packets are read back to back until read(2) says EAGAIN; then it polls again. That
//     halves the system calls per packet. If the descriptor cannot be made non-blocking, every read is
//     preceded by a poll as before (a blocking read could not be woken by Dispose).
//   - A device opened with IFF_VNET_HDR: each read is a readv(2) of the 10-byte virtio_net_hdr into a scratch
//     area and the packet into the buffer; a packet that cannot be made plain (see VirtioNetHeader) is dropped.
//   - eventfd readable: Dispose() wrote it; leave the loop.
//   - POLLERR/POLLHUP/POLLNVAL on the TUN fd, or a failed read: report the error to the sink and stop.
// On the way out, an unfilled buffer goes back through ReleaseBuffer and OnStopped reports why the loop
// ended. Dispose wakes the thread, joins it, then closes the eventfd; it does not close the TUN fd, which
// belongs to whoever opened the device (the fd is ref-counted while polled, so closing it early is safe).

using System.Runtime.InteropServices;
using Sstp.IO.Interop.Linux;
using Sstp.Protocol.Ip;
using Native = Sstp.IO.Interop.Linux.Interop;

namespace Sstp.IO.Tun;

/// <summary>Reads packets from a TUN descriptor on a dedicated thread and hands them to a sink.</summary>
public sealed class TunReader : IDisposable
{
    private readonly SafeHandle _fd;
    private readonly ITunPacketSink _sink;
    private readonly SafeFdHandle _wake;
    private readonly Thread _thread;
    private int _state; // 0 = created, 1 = started, 2 = disposed
    private bool _disposedFromReader;
    private readonly bool _vnetHeader;

    /// <summary>Creates a reader for a TUN device; call <see cref="Start"/> to begin.</summary>
    /// <param name="device">The device to read; it stays owned by the caller.</param>
    /// <param name="sink">Receives buffers and packets on the reader thread.</param>
    /// <param name="headroom">Bytes left free in front of every packet.</param>
    /// <param name="threadName">Name of the reader thread, for debuggers and stack dumps.</param>
    public TunReader(LinuxTunDevice device, ITunPacketSink sink, int headroom, string? threadName = null)
        : this(NotNull(device).Handle, sink, headroom, threadName ?? $"tun-reader {device.Name}")
    {
        _vnetHeader = device.VnetHeader;
    }

    /// <summary>
    /// Creates a reader for any descriptor that returns one packet per read(2) (a TUN fd, or a datagram
    /// socket in tests).
    /// </summary>
    /// <param name="packetDescriptor">The descriptor to poll and read; it stays owned by the caller.</param>
    /// <param name="sink">Receives buffers and packets on the reader thread.</param>
    /// <param name="headroom">Bytes left free in front of every packet.</param>
    /// <param name="threadName">Name of the reader thread.</param>
    /// <exception cref="IOException">No eventfd could be created.</exception>
    public TunReader(SafeHandle packetDescriptor, ITunPacketSink sink, int headroom, string threadName)
    {
        ArgumentNullException.ThrowIfNull(packetDescriptor);
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentOutOfRangeException.ThrowIfNegative(headroom);
        _fd = packetDescriptor;
        _sink = sink;
        Headroom = headroom;
        _wake = Native.EventFd(0, Native.EFD_CLOEXEC | Native.EFD_NONBLOCK);
        if (_wake.IsInvalid)
        {
            int errno = Native.LastErrno;
            _wake.Dispose();
            throw new IOException($"eventfd failed: {Native.ErrnoMessage(errno)} (errno {errno})");
        }

        _thread = new Thread(Run) { Name = threadName, IsBackground = true };
    }

    /// <summary>Offset in each buffer at which packets are read.</summary>
    public int Headroom { get; }

    /// <summary>Starts the reader thread.</summary>
    /// <exception cref="InvalidOperationException">Already started or disposed.</exception>
    public void Start()
    {
        if (Interlocked.CompareExchange(ref _state, 1, 0) != 0)
        {
            throw new InvalidOperationException("The TUN reader was already started or disposed.");
        }

        _thread.Start();
    }

    /// <summary>
    /// Wakes the reader thread, waits for it to finish (unless called from the reader thread itself) and
    /// releases the eventfd.
    /// </summary>
    public void Dispose()
    {
        int previous = Interlocked.Exchange(ref _state, 2);
        if (previous == 2)
        {
            return;
        }

        if (previous == 1)
        {
            if (Thread.CurrentThread == _thread)
            {
                // Called from inside the sink: nobody can join us; the loop sees the state at its top and the
                // thread closes the eventfd on its way out.
                _disposedFromReader = true;
                return;
            }

            Signal();
            _thread.Join();
            _wake.Dispose();
            return;
        }

        _wake.Dispose();
    }

    private static LinuxTunDevice NotNull(LinuxTunDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);
        return device;
    }

    private unsafe void Signal()
    {
        ulong one = 1;
        _ = Native.Write(_wake, (byte*)&one, sizeof(ulong));
    }

    private void Run()
    {
        byte[]? buffer = null;
        Exception? error = null;
        bool fdRef = false, wakeRef = false;
        try
        {
            _fd.DangerousAddRef(ref fdRef);
            _wake.DangerousAddRef(ref wakeRef);
            error = Loop(_fd.DangerousGetHandle().ToInt32(), _wake.DangerousGetHandle().ToInt32(), ref buffer);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A sink or handle failure ends the reader; it is reported, not rethrown on a thread with no catcher.
            error = e;
        }
        finally
        {
            if (fdRef)
            {
                _fd.DangerousRelease();
            }

            if (wakeRef)
            {
                _wake.DangerousRelease();
            }

            if (_disposedFromReader)
            {
                _wake.Dispose();
            }
        }

        if (buffer is not null)
        {
            _sink.ReleaseBuffer(buffer);
        }

        _sink.OnStopped(error);
    }

    /// <summary>Packets read back to back without a poll before the eventfd is looked at again.</summary>
    private const int BurstReads = 64;

    private unsafe Exception? Loop(int fd, int wake, ref byte[]? buffer)
    {
        var fds = stackalloc Native.PollFd[2];
        byte* header = stackalloc byte[VirtioNetHeader.Length];
        int one = 1;
        bool nonBlocking = Native.IoctlInt(_fd, Native.FIONBIO, &one) == 0;
        int burst = 0;
        while (Volatile.Read(ref _state) != 2)
        {
            if (burst is > 0 and < BurstReads)
            {
                // The last read found a packet: try the next one straight away (EAGAIN ends the burst).
                fds[0].REvents = Native.POLLIN;
            }
            else
            {
                burst = 0;
                fds[0] = new Native.PollFd { Fd = fd, Events = Native.POLLIN };
                fds[1] = new Native.PollFd { Fd = wake, Events = Native.POLLIN };
                int ready = Native.Poll(fds, 2, -1);
                if (ready < 0)
                {
                    int errno = Native.LastErrno;
                    if (errno == Native.Errno.EINTR)
                    {
                        continue;
                    }

                    return new IOException($"poll failed: {Native.ErrnoMessage(errno)} (errno {errno})");
                }

                if (fds[1].REvents != 0)
                {
                    return null;
                }
            }

            short events = fds[0].REvents;
            if ((events & Native.POLLIN) != 0)
            {
                buffer ??= _sink.AcquireBuffer();
                int length = buffer.Length - Headroom;
                if (length <= 0)
                {
                    return new InvalidOperationException(
                        $"The sink's buffer ({buffer.Length} bytes) leaves no room after the headroom ({Headroom}).");
                }

                nint n;
                fixed (byte* p = &buffer[Headroom])
                {
                    n = _vnetHeader ? LinuxTunDevice.ReadWithHeader(_fd, header, p, length) : Native.Read(_fd, p, (nuint)length);
                }

                if (n > 0 && _vnetHeader)
                {
                    n -= VirtioNetHeader.Length;
                    if (n <= 0 || !VirtioNetHeader.Read(new ReadOnlySpan<byte>(header, VirtioNetHeader.Length))
                            .TryMakePlain(buffer.AsSpan(Headroom, (int)n)))
                    {
                        // Not a plain packet (never sent while no offload is enabled): drop it, keep the buffer.
                        burst = nonBlocking ? burst + 1 : 0;
                        continue;
                    }
                }

                if (n > 0)
                {
                    var filled = buffer;
                    buffer = null;
                    _sink.OnPacket(filled, (int)n);
                    burst = nonBlocking ? burst + 1 : 0;
                    continue;
                }

                if (n == 0)
                {
                    return new TunDeviceException("The packet descriptor reached end of file.", TunErrorKind.DeviceGone, 0);
                }

                int errno = Native.LastErrno;
                if (errno is Native.Errno.EINTR or Native.Errno.EAGAIN)
                {
                    burst = 0;
                    continue;
                }

                return LinuxTunDevice.IoFailure(errno, "read");
            }

            if ((events & (Native.POLLERR | Native.POLLHUP | Native.POLLNVAL)) != 0)
            {
                return new TunDeviceException(
                    $"The packet descriptor reported poll events 0x{events:x}.", TunErrorKind.DeviceGone, 0);
            }
        }

        return null;
    }
}
