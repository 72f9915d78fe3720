// malloc_trim(3): gives free memory at the top of glibc's heaps and whole free pages inside its arenas back to
// the system. glibc only; on another C library the entry point is missing and the caller skips it.

using System.Runtime.InteropServices;

namespace Sstp.IO.Interop.Linux;

internal static partial class Interop
{
    [LibraryImport(Libc, EntryPoint = "malloc_trim")]
    internal static partial int MallocTrim(nuint pad);
}
