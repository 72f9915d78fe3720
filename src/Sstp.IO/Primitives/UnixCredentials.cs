using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Sstp.IO.Primitives;

/// <summary>Who is at the other end of a Unix socket, and who we are: for root-only management sockets.</summary>
public static class UnixCredentials
{
    private const int SolSocket = 1;
    private const int SoPeerCred = 17;

    /// <summary>The effective user id of this process (geteuid).</summary>
    public static uint EffectiveUserId => Interop.Linux.Interop.GetEffectiveUserId();

    /// <summary>
    /// Reads the peer's process id, user id and group id as the kernel recorded them at connect (SO_PEERCRED, a
    /// <c>struct ucred</c>); false when the socket is not a connected Unix socket.
    /// </summary>
    public static bool TryGetPeer(Socket socket, out int pid, out uint uid, out uint gid)
    {
        ArgumentNullException.ThrowIfNull(socket);
        pid = 0;
        uid = uint.MaxValue;
        gid = uint.MaxValue;
        Span<byte> ucred = stackalloc byte[12];
        int length;
        try
        {
            length = socket.GetRawSocketOption(SolSocket, SoPeerCred, ucred);
        }
        catch (SocketException)
        {
            return false;
        }

        if (length < 12)
        {
            return false;
        }

        // Host byte order: the kernel fills the struct in memory.
        pid = MemoryMarshal.Read<int>(ucred);
        uid = MemoryMarshal.Read<uint>(ucred[4..]);
        gid = MemoryMarshal.Read<uint>(ucred[8..]);
        return true;
    }
}
