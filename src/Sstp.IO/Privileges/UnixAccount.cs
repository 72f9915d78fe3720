using Native = Sstp.IO.Interop.Linux.Interop;

namespace Sstp.IO.Privileges;

/// <summary>A user of the system as the C library's name service reports it (<c>/etc/passwd</c>, NSS).</summary>
/// <param name="Name">The login name.</param>
/// <param name="Uid">Its user id.</param>
/// <param name="Gid">Its primary group id.</param>
/// <param name="Groups">Every group it belongs to, the primary one included.</param>
public sealed record UnixAccount(string Name, uint Uid, uint Gid, IReadOnlyList<uint> Groups)
{
    /// <summary>Looks a user up by name; null when there is no such user.</summary>
    /// <param name="name">The login name.</param>
    public static unsafe UnixAccount? Find(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var entry = Native.GetPwNam(name);
        if (entry is null)
        {
            return null;
        }

        uint uid = entry->Uid;
        uint gid = entry->Gid;
        return new UnixAccount(name, uid, gid, GroupsOf(name, gid));
    }

    private static unsafe uint[] GroupsOf(string name, uint gid)
    {
        int count = 32;
        while (true)
        {
            var groups = new uint[count];
            int capacity = count;
            fixed (uint* p = groups)
            {
                int found = Native.GetGroupList(name, gid, p, ref count);
                if (found >= 0)
                {
                    return groups[..count];
                }
            }

            // Too small: count now holds what is needed (guard against a library that does not say).
            count = count > capacity ? count : capacity * 2;
        }
    }
}
