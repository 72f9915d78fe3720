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

    /// <summary>eventfd(2). Returns an invalid handle (-1) and sets errno on failure.</summary>
    [LibraryImport(Libc, EntryPoint = "eventfd", SetLastError = true)]
    internal static partial SafeFdHandle EventFd(uint initialValue, int flags);
}
