// Native entry points used by the Linux shells. Every declaration is source-generated ([LibraryImport]),
// records errno (SetLastError = true) and is named after the libc function it calls. The class is split by
// syscall group: Interop.Fd.cs (open/close/read/write), Interop.Ioctl.cs (ioctl + ifreq), Interop.Poll.cs
// (poll), Interop.EventFd.cs (eventfd), Interop.Namespace.cs (setns), Interop.Errno.cs (errno values).

namespace Sstp.IO.Interop.Linux;

/// <summary>P/Invoke declarations for the Linux C library, grouped by syscall in partial files.</summary>
internal static partial class Interop
{
    /// <summary>The C library; the runtime resolves "libc" to the process's glibc or musl.</summary>
    internal const string Libc = "libc";
}
