using Sstp.IO.Tun;
using Native = Sstp.IO.Interop.Linux.Interop;

namespace Sstp.IO.Tests.Tun;

/// <summary>errno → <see cref="TunErrorKind"/> and message, for opening and for reading/writing.</summary>
public class TunErrorMappingTests
{
    [Theory(Timeout = 10_000)]
    [InlineData(Native.Errno.EPERM, TunErrorKind.PermissionDenied, "root or CAP_NET_ADMIN")]
    [InlineData(Native.Errno.EACCES, TunErrorKind.PermissionDenied, "root or CAP_NET_ADMIN")]
    [InlineData(Native.Errno.ENOENT, TunErrorKind.DriverMissing, "modprobe tun")]
    [InlineData(Native.Errno.ENODEV, TunErrorKind.DriverMissing, "modprobe tun")]
    [InlineData(Native.Errno.ENXIO, TunErrorKind.DriverMissing, "modprobe tun")]
    [InlineData(Native.Errno.EBUSY, TunErrorKind.NameInUse, "already used")]
    [InlineData(Native.Errno.EINVAL, TunErrorKind.InvalidArgument, "rejected the interface name")]
    [InlineData(Native.Errno.EIO, TunErrorKind.Other, "refused")]
    public void OpenFailure_SortsErrnoAndExplains(int errno, TunErrorKind kind, string hint)
    {
        var e = LinuxTunDevice.OpenFailure(errno, "TUNSETIFF 'sstp0'");
        Assert.Equal(kind, e.Kind);
        Assert.Equal(errno, e.Errno);
        Assert.Contains(hint, e.Message, StringComparison.Ordinal);
        Assert.StartsWith("TUNSETIFF 'sstp0' failed: ", e.Message, StringComparison.Ordinal);
        Assert.Contains($"(errno {errno})", e.Message, StringComparison.Ordinal);
    }

    [Theory(Timeout = 10_000)]
    [InlineData(Native.Errno.EIO, TunErrorKind.DeviceGone)]
    [InlineData(Native.Errno.EBADF, TunErrorKind.DeviceGone)]
    [InlineData(Native.Errno.ENODEV, TunErrorKind.DeviceGone)]
    [InlineData(Native.Errno.EINVAL, TunErrorKind.Other)]
    public void IoFailure_SortsErrno(int errno, TunErrorKind kind)
    {
        var e = LinuxTunDevice.IoFailure(errno, "write 60 bytes to sstp0");
        Assert.Equal(kind, e.Kind);
        Assert.Equal(errno, e.Errno);
        Assert.StartsWith("write 60 bytes to sstp0 failed: ", e.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = 10_000)]
    public void Open_WithoutPrivilege_ThrowsPermissionDenied()
    {
        if (Environment.IsPrivilegedProcess)
        {
            Assert.Skip("Runs only without root: as root the open succeeds.");
        }

        if (!File.Exists("/dev/net/tun"))
        {
            Assert.Skip("/dev/net/tun is missing.");
        }

        var e = Assert.Throws<TunDeviceException>(() => LinuxTunDevice.Open("sstpnopriv0"));
        Assert.Equal(TunErrorKind.PermissionDenied, e.Kind);
        Assert.Contains("CAP_NET_ADMIN", e.Message, StringComparison.Ordinal);
    }
}
