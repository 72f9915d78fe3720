// eventfd(2): a kernel counter readable/writable as an 8-byte host-order integer; used to wake a thread
// blocked in poll(2).

using System.Runtime.InteropServices;

namespace Sstp.IO.Interop.Linux;

internal static partial class Interop
{
    /// <summary>EFD_CLOEXEC (same value as O_CLOEXEC).</summary>
    internal const int EFD_CLOEXEC = 0x80000;

    /// <summary>EFD_NONBLOCK (same value as O_NONBLOCK on x86-64 and arm64).</summary>
    internal const int EFD_NONBLOCK = 0x800;

    /// <summary>eventfd(2). Returns an invalid handle and leaves errno in <see cref="LastErrno"/> on failure.</summary>
    internal static SafeFdHandle EventFd(uint initialValue, int flags) => new(EventFdRaw(initialValue, flags));

    [LibraryImport(Libc, EntryPoint = "eventfd", SetLastError = true)]
    private static partial int EventFdRaw(uint initialValue, int flags);
}
