// poll(2) and struct pollfd from <poll.h>:
//
//   0      4        6         8
//   +------+--------+---------+
//   |  fd  | events | revents |
//   +------+--------+---------+

using System.Runtime.InteropServices;

namespace Sstp.IO.Interop.Linux;

internal static partial class Interop
{
    /// <summary>POLLIN: data to read.</summary>
    internal const short POLLIN = 0x001;

    /// <summary>POLLERR: error condition (output only).</summary>
    internal const short POLLERR = 0x008;

    /// <summary>POLLHUP: hang up (output only).</summary>
    internal const short POLLHUP = 0x010;

    /// <summary>POLLNVAL: the fd is not open (output only).</summary>
    internal const short POLLNVAL = 0x020;

    /// <summary>struct pollfd.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct PollFd
    {
        /// <summary>The descriptor to watch.</summary>
        public int Fd;

        /// <summary>Requested events.</summary>
        public short Events;

        /// <summary>Returned events.</summary>
        public short REvents;
    }

    /// <summary>poll(2). Returns the number of ready fds, 0 on timeout, or -1 with errno (EINTR: retry).</summary>
    [LibraryImport(Libc, EntryPoint = "poll", SetLastError = true)]
    internal static unsafe partial int Poll(PollFd* fds, nuint count, int timeoutMilliseconds);
}
