// File ownership for files the server rewrites: statx(2) to read a file's group and chown(2) to set it.
// struct statx has one layout on every Linux architecture, unlike struct stat.

using System.Runtime.InteropServices;

namespace Sstp.IO.Interop.Linux;

internal static partial class Interop
{
    /// <summary>statx dirfd: paths are relative to the current directory.</summary>
    internal const int AT_FDCWD = -100;

    /// <summary>statx mask bit: fill stx_gid.</summary>
    internal const uint STATX_GID = 0x10;

    /// <summary>Size of struct statx (256 bytes, fixed by the kernel ABI).</summary>
    internal const int StatxSize = 256;

    /// <summary>Offset of stx_gid in struct statx.</summary>
    internal const int StatxGidOffset = 24;

    [LibraryImport(Libc, EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static unsafe partial int Statx(int dirfd, string path, int flags, uint mask, byte* buffer);

    [LibraryImport(Libc, EntryPoint = "chown", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static partial int Chown(string path, uint owner, uint group);
}
