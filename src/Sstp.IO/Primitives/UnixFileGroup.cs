using System.Runtime.InteropServices;

namespace Sstp.IO.Primitives;

/// <summary>
/// Reads and sets the group of a file, so a file rewritten by rename (a new inode) keeps the group an admin gave
/// it: e.g. the users file <c>root:sstp 0640</c>, readable by a server that dropped its privileges to <c>sstp</c>.
/// </summary>
public static class UnixFileGroup
{
    /// <summary>The group id of <paramref name="path"/> (following symbolic links); false when it cannot be read.</summary>
    public static unsafe bool TryGet(string path, out uint gid)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        gid = uint.MaxValue;
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        byte* buffer = stackalloc byte[Interop.Linux.Interop.StatxSize];
        if (Interop.Linux.Interop.Statx(Interop.Linux.Interop.AT_FDCWD, path, 0, Interop.Linux.Interop.STATX_GID, buffer) != 0)
        {
            return false;
        }

        // Host byte order: the kernel fills the struct in memory.
        gid = MemoryMarshal.Read<uint>(new ReadOnlySpan<byte>(buffer + Interop.Linux.Interop.StatxGidOffset, sizeof(uint)));
        return true;
    }

    /// <summary>Sets the group of <paramref name="path"/>, leaving its owner; false when not permitted or on failure.</summary>
    public static bool TrySet(string path, uint gid)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return OperatingSystem.IsLinux() && Interop.Linux.Interop.Chown(path, uint.MaxValue, gid) == 0;
    }
}
