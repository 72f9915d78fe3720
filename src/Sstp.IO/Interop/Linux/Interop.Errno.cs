// errno values from <asm-generic/errno-base.h> (identical on x86-64 and arm64) that the shells act on.

using System.Runtime.InteropServices;

namespace Sstp.IO.Interop.Linux;

internal static partial class Interop
{
    /// <summary>errno numbers the shells turn into typed errors.</summary>
    internal static class Errno
    {
        /// <summary>EPERM: operation not permitted (no CAP_NET_ADMIN).</summary>
        internal const int EPERM = 1;

        /// <summary>ENOENT: no such file (no /dev/net/tun).</summary>
        internal const int ENOENT = 2;

        /// <summary>EINTR: interrupted by a signal; retry.</summary>
        internal const int EINTR = 4;

        /// <summary>EIO: the device is down or gone.</summary>
        internal const int EIO = 5;

        /// <summary>EBADF: the descriptor is closed.</summary>
        internal const int EBADF = 9;

        /// <summary>EAGAIN: nothing to read on a non-blocking descriptor.</summary>
        internal const int EAGAIN = 11;

        /// <summary>EACCES: permission denied on the device node.</summary>
        internal const int EACCES = 13;

        /// <summary>EBUSY: the interface name is in use by another device.</summary>
        internal const int EBUSY = 16;

        /// <summary>ENODEV: no such device (TUN module missing, or interface gone).</summary>
        internal const int ENODEV = 19;

        /// <summary>EINVAL: invalid argument (bad name or flags).</summary>
        internal const int EINVAL = 22;

        /// <summary>ENXIO: no such device or address (TUN module missing).</summary>
        internal const int ENXIO = 6;
    }

    /// <summary>errno of the last P/Invoke made on this thread with SetLastError = true.</summary>
    internal static int LastErrno => Marshal.GetLastPInvokeError();

    /// <summary>strerror text for an errno value.</summary>
    internal static string ErrnoMessage(int errno) => Marshal.GetPInvokeErrorMessage(errno);
}
