// setns(2): move the calling thread (not the process) into another namespace, given an fd of
// /run/netns/NAME or /proc/PID/ns/net. Used on a dedicated thread that never returns to a pool.

using System.Runtime.InteropServices;

namespace Sstp.IO.Interop.Linux;

internal static partial class Interop
{
    /// <summary>CLONE_NEWNET: the fd must refer to a network namespace.</summary>
    internal const int CLONE_NEWNET = 0x40000000;

    /// <summary>setns(2). Returns 0, or -1 with errno.</summary>
    [LibraryImport(Libc, EntryPoint = "setns", SetLastError = true)]
    internal static partial int SetNs(SafeHandle fd, int namespaceType);
}
