namespace Sstp.IO.Tun;

/// <summary>What went wrong with a TUN device, sorted from errno so callers need not know errno values.</summary>
public enum TunErrorKind
{
    /// <summary>An errno without a more specific meaning here; see <see cref="TunDeviceException.Errno"/>.</summary>
    Other = 0,

    /// <summary>EPERM/EACCES: the process needs root or CAP_NET_ADMIN.</summary>
    PermissionDenied = 1,

    /// <summary>ENOENT/ENODEV/ENXIO on open: no /dev/net/tun or no tun driver.</summary>
    DriverMissing = 2,

    /// <summary>EBUSY: the requested interface name belongs to another device.</summary>
    NameInUse = 3,

    /// <summary>EINVAL: the requested name or flags are not acceptable.</summary>
    InvalidArgument = 4,

    /// <summary>EIO/EBADF/ENODEV after open: the interface is down, deleted, or the descriptor is closed.</summary>
    DeviceGone = 5,
}
