// A Linux TUN interface opened through the clone device [Documentation/networking/tuntap.rst]:
//   fd = open("/dev/net/tun", O_RDWR); ioctl(fd, TUNSETIFF, { name, IFF_TUN | IFF_NO_PI })
// Each read(2) returns exactly one IP packet and each write(2) injects exactly one. The interface lives as
// long as the fd (it is not made persistent), so Dispose also deletes it. The fd stays blocking: the only
// readers are Read() or one TunReader, which polls before reading.
//
// Opened with IFF_VNET_HDR, every read and write carries a 10-byte struct virtio_net_hdr first. No
// TUNSETOFFLOAD is issued, so the device announces no offloads and the kernel checksums and segments what it
// sends us: reads are plain packets whose header is stripped (and checked). Writes of plain packets get an
// all-zero header through writev(2); WriteSuperPacket hands the kernel a TCP GSO packet in one write.

using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using Sstp.IO.Interop.Linux;
using Sstp.Protocol.Ip;
using Native = Sstp.IO.Interop.Linux.Interop;

namespace Sstp.IO.Tun;

/// <summary>A Linux TUN device (<c>IFF_TUN | IFF_NO_PI</c>) opened on <c>/dev/net/tun</c>.</summary>
public sealed class LinuxTunDevice : ITunDevice
{
    private const string CloneDevicePath = "/dev/net/tun";

    private readonly SafeFdHandle _fd;
    private int _lastMtu;

    private LinuxTunDevice(SafeFdHandle fd, string name, int mtu, bool vnetHeader)
    {
        _fd = fd;
        Name = name;
        _lastMtu = mtu;
        VnetHeader = vnetHeader;
    }

    /// <summary>
    /// Whether the device was opened with <c>IFF_VNET_HDR</c>: then <see cref="WriteSuperPacket"/> is available
    /// and raw reads of <see cref="Handle"/> start with a <see cref="VirtioNetHeader"/>.
    /// </summary>
    public bool VnetHeader { get; }

    /// <inheritdoc/>
    public string Name { get; }

    /// <summary>
    /// The MTU, asked from the kernel (SIOCGIFMTU) in the calling thread's network namespace. If the
    /// interface was moved to another namespace it cannot be seen from here, and the last value read is
    /// returned instead.
    /// </summary>
    public int Mtu
    {
        get
        {
            if (TryQueryMtu(Name, out int mtu))
            {
                _lastMtu = mtu;
            }

            return _lastMtu;
        }
    }

    /// <summary>The descriptor, for a <see cref="TunReader"/> that polls it.</summary>
    public SafeHandle Handle => _fd;

    /// <summary>Creates a TUN interface.</summary>
    /// <param name="requestedName">The interface name (at most 15 bytes, e.g. <c>sstp0</c>; a <c>%d</c> in it
    /// is filled in by the kernel), or null to let the kernel pick <c>tunN</c>.</param>
    /// <param name="vnetHeader">Open with <c>IFF_VNET_HDR</c> so TCP super-packets can be written.</param>
    /// <returns>The open device; dispose it to delete the interface.</returns>
    /// <exception cref="ArgumentException">The name is empty, too long, or contains '/' or whitespace.</exception>
    /// <exception cref="TunDeviceException">The kernel refused; the message says why (e.g. missing
    /// CAP_NET_ADMIN).</exception>
    public static unsafe LinuxTunDevice Open(string? requestedName = null, bool vnetHeader = false)
    {
        Native.IfReq request = default;
        if (requestedName is not null)
        {
            ValidateName(requestedName);
            var nameBytes = new Span<byte>(request.Name, Native.IFNAMSIZ);
            Encoding.ASCII.GetBytes(requestedName, nameBytes);
        }

        request.Flags = (short)(Native.IFF_TUN | Native.IFF_NO_PI | (vnetHeader ? Native.IFF_VNET_HDR : 0));

        var fd = Native.Open(CloneDevicePath, Native.O_RDWR | Native.O_CLOEXEC);
        if (fd.IsInvalid)
        {
            int errno = Native.LastErrno;
            fd.Dispose();
            throw OpenFailure(errno, $"open {CloneDevicePath}");
        }

        if (Native.Ioctl(fd, Native.TUNSETIFF, &request) != 0)
        {
            int errno = Native.LastErrno;
            fd.Dispose();
            throw OpenFailure(errno, $"TUNSETIFF '{requestedName ?? "(kernel's choice)"}'");
        }

        var assigned = new ReadOnlySpan<byte>(request.Name, Native.IFNAMSIZ);
        int end = assigned.IndexOf((byte)0);
        string name = Encoding.ASCII.GetString(end < 0 ? assigned : assigned[..end]);
        return new LinuxTunDevice(fd, name, TryQueryMtu(name, out int mtu) ? mtu : 1500, vnetHeader);
    }

    /// <inheritdoc/>
    public unsafe int Read(Span<byte> destination)
    {
        byte* header = stackalloc byte[VirtioNetHeader.Length];
        while (true)
        {
            nint n;
            fixed (byte* p = destination)
            {
                n = VnetHeader ? ReadWithHeader(_fd, header, p, destination.Length) : Native.Read(_fd, p, (nuint)destination.Length);
            }

            if (n >= 0 && VnetHeader)
            {
                // A header the packet cannot be made plain from (never sent without TUNSETOFFLOAD): skip it.
                if (n < VirtioNetHeader.Length
                    || !VirtioNetHeader.Read(new ReadOnlySpan<byte>(header, VirtioNetHeader.Length)).TryMakePlain(destination[..(int)(n - VirtioNetHeader.Length)]))
                {
                    continue;
                }

                return (int)n - VirtioNetHeader.Length;
            }

            if (n >= 0)
            {
                return (int)n;
            }

            int errno = Native.LastErrno;
            if (errno == Native.Errno.EAGAIN)
            {
                // A TunReader made the descriptor non-blocking: wait for a packet, as a blocking read would.
                var wait = new Native.PollFd { Fd = _fd.DangerousGetHandle().ToInt32(), Events = Native.POLLIN };
                _ = Native.Poll(&wait, 1, -1);
            }
            else if (errno != Native.Errno.EINTR)
            {
                throw IoFailure(errno, $"read from {Name}");
            }
        }
    }

    /// <inheritdoc/>
    public void Write(ReadOnlySpan<byte> packet) => WriteCore(default, packet);

    /// <summary>
    /// Writes a TCP super-packet (see <see cref="TcpCoalescer"/>) with its virtio_net_hdr in one write; the
    /// kernel treats it as the segments it was made of.
    /// </summary>
    /// <param name="header">The header from <see cref="TcpCoalescer.Finish"/>.</param>
    /// <param name="superPacket">The super-packet.</param>
    /// <exception cref="InvalidOperationException">The device was not opened with a vnet header.</exception>
    /// <exception cref="TunDeviceException">The kernel refused the write.</exception>
    public void WriteSuperPacket(VirtioNetHeader header, ReadOnlySpan<byte> superPacket)
    {
        if (!VnetHeader)
        {
            throw new InvalidOperationException("The TUN device was opened without IFF_VNET_HDR.");
        }

        WriteCore(header, superPacket);
    }

    /// <summary>readv(2) of a virtio_net_hdr and a packet.</summary>
    internal static unsafe nint ReadWithHeader(SafeHandle fd, byte* header, byte* packet, int length)
    {
        var iov = stackalloc Native.IoVec[2];
        iov[0] = new Native.IoVec { Base = header, Length = VirtioNetHeader.Length };
        iov[1] = new Native.IoVec { Base = packet, Length = (nuint)length };
        return Native.ReadV(fd, iov, 2);
    }

    private unsafe void WriteCore(VirtioNetHeader header, ReadOnlySpan<byte> packet)
    {
        byte* head = stackalloc byte[VirtioNetHeader.Length];
        header.Write(new Span<byte>(head, VirtioNetHeader.Length));
        var iov = stackalloc Native.IoVec[2];
        while (true)
        {
            nint n;
            fixed (byte* p = packet)
            {
                if (VnetHeader)
                {
                    iov[0] = new Native.IoVec { Base = head, Length = VirtioNetHeader.Length };
                    iov[1] = new Native.IoVec { Base = p, Length = (nuint)packet.Length };
                    n = Native.WriteV(_fd, iov, 2);
                }
                else
                {
                    n = Native.Write(_fd, p, (nuint)packet.Length);
                }
            }

            if (n >= 0)
            {
                return;
            }

            int errno = Native.LastErrno;
            if (errno != Native.Errno.EINTR)
            {
                throw IoFailure(errno, $"write {packet.Length} bytes to {Name}");
            }
        }
    }

    /// <summary>Closes the descriptor, which deletes the interface.</summary>
    public void Dispose() => _fd.Dispose();

    internal static TunDeviceException IoFailure(int errno, string what)
    {
        var kind = errno is Native.Errno.EIO or Native.Errno.EBADF or Native.Errno.ENODEV
            ? TunErrorKind.DeviceGone
            : TunErrorKind.Other;
        return new TunDeviceException($"{what} failed: {Native.ErrnoMessage(errno)} (errno {errno})", kind, errno);
    }

    internal static TunDeviceException OpenFailure(int errno, string what)
    {
        (var kind, string hint) = errno switch
        {
            Native.Errno.EPERM or Native.Errno.EACCES =>
                (TunErrorKind.PermissionDenied, "creating a TUN interface needs root or CAP_NET_ADMIN"),
            Native.Errno.ENOENT or Native.Errno.ENODEV or Native.Errno.ENXIO =>
                (TunErrorKind.DriverMissing, "the tun driver is not available (no /dev/net/tun; try 'modprobe tun')"),
            Native.Errno.EBUSY =>
                (TunErrorKind.NameInUse, "the interface name is already used by another device"),
            Native.Errno.EINVAL =>
                (TunErrorKind.InvalidArgument, "the kernel rejected the interface name or flags"),
            _ => (TunErrorKind.Other, "the kernel refused to create the TUN interface"),
        };
        return new TunDeviceException(
            $"{what} failed: {hint}: {Native.ErrnoMessage(errno)} (errno {errno})", kind, errno);
    }

    private static void ValidateName(string name)
    {
        if (name.Length == 0 || name.Length >= Native.IFNAMSIZ)
        {
            throw new ArgumentException($"An interface name has 1 to {Native.IFNAMSIZ - 1} characters: '{name}'.", nameof(name));
        }

        foreach (char c in name)
        {
            if (c is '/' or ':' || char.IsWhiteSpace(c) || c > 0x7E || c < 0x21)
            {
                throw new ArgumentException($"An interface name may not contain '{c}': '{name}'.", nameof(name));
            }
        }
    }

    private static unsafe bool TryQueryMtu(string name, out int mtu)
    {
        Native.IfReq request = default;
        Encoding.ASCII.GetBytes(name, new Span<byte>(request.Name, Native.IFNAMSIZ));
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            if (Native.Ioctl(socket.SafeHandle, Native.SIOCGIFMTU, &request) == 0)
            {
                mtu = request.Mtu;
                return true;
            }
        }
        catch (SocketException)
        {
            // No IPv4 sockets here: fall through to "unknown".
        }

        mtu = 0;
        return false;
    }
}
