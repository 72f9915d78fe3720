// Account lookup and credential changes for the privilege drop: getpwnam(3), getgrouplist(3), setgroups(2),
// setresgid(2), setresuid(2), prctl(2) and capget/capset(2).
//
// Threads. Linux keeps credentials per thread. glibc's setgroups/setresgid/setresuid apply the change to every
// thread of the process (it signals each one), but prctl and capset act on the calling thread only.

using System.Runtime.InteropServices;

namespace Sstp.IO.Interop.Linux;

internal static partial class Interop
{
    /// <summary>prctl PR_SET_KEEPCAPS: keep the permitted set across a switch away from uid 0 (this thread).</summary>
    internal const int PR_SET_KEEPCAPS = 8;

    /// <summary>prctl PR_CAPBSET_DROP: remove a capability from this thread's bounding set.</summary>
    internal const int PR_CAPBSET_DROP = 24;

    /// <summary>prctl PR_CAP_AMBIENT: manage this thread's ambient set.</summary>
    internal const int PR_CAP_AMBIENT = 47;

    /// <summary>PR_CAP_AMBIENT sub-command: add a capability to the ambient set.</summary>
    internal const int PR_CAP_AMBIENT_RAISE = 2;

    /// <summary>PR_CAP_AMBIENT sub-command: empty the ambient set.</summary>
    internal const int PR_CAP_AMBIENT_CLEAR_ALL = 4;

    /// <summary>_LINUX_CAPABILITY_VERSION_3: 64-bit capability sets in two 32-bit words.</summary>
    internal const uint LINUX_CAPABILITY_VERSION_3 = 0x20080522;

    /// <summary>CAP_NET_ADMIN: interfaces, addresses, routes, netfilter.</summary>
    internal const int CAP_NET_ADMIN = 12;

    /// <summary>struct passwd from &lt;pwd.h&gt; (LP64 layout).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct Passwd
    {
        /// <summary>pw_name.</summary>
        public byte* Name;

        /// <summary>pw_passwd.</summary>
        public byte* Password;

        /// <summary>pw_uid.</summary>
        public uint Uid;

        /// <summary>pw_gid.</summary>
        public uint Gid;

        /// <summary>pw_gecos.</summary>
        public byte* Gecos;

        /// <summary>pw_dir.</summary>
        public byte* Directory;

        /// <summary>pw_shell.</summary>
        public byte* Shell;
    }

    /// <summary>struct __user_cap_header_struct.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct CapHeader
    {
        /// <summary>Version of the data layout.</summary>
        public uint Version;

        /// <summary>0 for the calling thread.</summary>
        public int Pid;
    }

    /// <summary>struct __user_cap_data_struct: one 32-bit word of each set (two of them for version 3).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct CapData
    {
        /// <summary>Effective set.</summary>
        public uint Effective;

        /// <summary>Permitted set.</summary>
        public uint Permitted;

        /// <summary>Inheritable set.</summary>
        public uint Inheritable;
    }

    /// <summary>getpwnam(3). Null when there is no such user (errno may stay 0) or on error.</summary>
    [LibraryImport(Libc, EntryPoint = "getpwnam", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static unsafe partial Passwd* GetPwNam(string name);

    /// <summary>getgrouplist(3). Returns the group count, or -1 when <paramref name="count"/> was too small (it then holds the count needed).</summary>
    [LibraryImport(Libc, EntryPoint = "getgrouplist", StringMarshalling = StringMarshalling.Utf8)]
    internal static unsafe partial int GetGroupList(string user, uint group, uint* groups, ref int count);

    /// <summary>setgroups(2), applied to every thread by glibc. Returns 0, or -1 with errno.</summary>
    [LibraryImport(Libc, EntryPoint = "setgroups", SetLastError = true)]
    internal static unsafe partial int SetGroups(nuint count, uint* groups);

    /// <summary>setresgid(2), applied to every thread by glibc. Returns 0, or -1 with errno.</summary>
    [LibraryImport(Libc, EntryPoint = "setresgid", SetLastError = true)]
    internal static partial int SetResGid(uint real, uint effective, uint saved);

    /// <summary>setresuid(2), applied to every thread by glibc. Returns 0, or -1 with errno.</summary>
    [LibraryImport(Libc, EntryPoint = "setresuid", SetLastError = true)]
    internal static partial int SetResUid(uint real, uint effective, uint saved);

    /// <summary>getresuid(2).</summary>
    [LibraryImport(Libc, EntryPoint = "getresuid", SetLastError = true)]
    internal static partial int GetResUid(out uint real, out uint effective, out uint saved);

    /// <summary>getresgid(2).</summary>
    [LibraryImport(Libc, EntryPoint = "getresgid", SetLastError = true)]
    internal static partial int GetResGid(out uint real, out uint effective, out uint saved);

    /// <summary>prctl(2) with four integer arguments (calling thread). Returns ≥ 0, or -1 with errno.</summary>
    [LibraryImport(Libc, EntryPoint = "prctl", SetLastError = true)]
    internal static partial int Prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);

    /// <summary>capset(2) on the calling thread; <paramref name="data"/> points at two <see cref="CapData"/>.</summary>
    [LibraryImport(Libc, EntryPoint = "capset", SetLastError = true)]
    internal static unsafe partial int CapSet(CapHeader* header, CapData* data);

    /// <summary>capget(2) of the calling thread; <paramref name="data"/> points at two <see cref="CapData"/>.</summary>
    [LibraryImport(Libc, EntryPoint = "capget", SetLastError = true)]
    internal static unsafe partial int CapGet(CapHeader* header, CapData* data);
}
