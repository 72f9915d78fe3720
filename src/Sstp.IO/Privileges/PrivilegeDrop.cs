// Switching a running (multi-threaded) server from root to an unprivileged user while it keeps CAP_NET_ADMIN
// for the `ip` and `nft` commands it still runs.
//
// Linux credentials belong to threads. glibc's setgroups/setresgid/setresuid change every thread of the process,
// but the capability calls (prctl, capset) change only the calling thread, and a child process inherits the
// credentials of the thread that forks it. So the drop runs on one dedicated thread, the launcher: it asks the
// kernel to keep its permitted set across the uid change (PR_SET_KEEPCAPS), switches groups and ids (every thread),
// then makes CAP_NET_ADMIN its only effective, permitted, inheritable and ambient capability. Every other thread
// ends with no capability at all. From then on child processes are started on the launcher, so they begin with
// CAP_NET_ADMIN in their ambient set and nothing else.

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using Native = Sstp.IO.Interop.Linux.Interop;

namespace Sstp.IO.Privileges;

/// <summary>The in-process privilege drop and the thread that starts child processes afterwards.</summary>
public static class PrivilegeDrop
{
    /// <summary>The capability kept by the launcher thread: bit 12, CAP_NET_ADMIN.</summary>
    public const ulong KeptCapabilities = 1UL << Native.CAP_NET_ADMIN;

    private static readonly Lock Gate = new();
    private static BlockingCollection<Action>? s_launcher;

    /// <summary>True once <see cref="DropTo"/> succeeded: child processes then start on the launcher thread.</summary>
    public static bool IsDropped => Volatile.Read(ref s_launcher) is not null;

    /// <summary>
    /// Switches the process to <paramref name="account"/>'s uid, gid and groups, keeping CAP_NET_ADMIN on the
    /// launcher thread (and in its ambient set, for child processes). Must run as root, once.
    /// </summary>
    /// <param name="account">The user to become.</param>
    /// <returns>The credentials read back after the switch.</returns>
    /// <exception cref="PrivilegeDropException">A step failed; the process may be half-switched and must stop.</exception>
    public static DroppedCredentials DropTo(UnixAccount account)
    {
        ArgumentNullException.ThrowIfNull(account);
        if (!OperatingSystem.IsLinux())
        {
            throw new PrivilegeDropException("switching users is supported on Linux only");
        }

        lock (Gate)
        {
            if (s_launcher is not null)
            {
                throw new PrivilegeDropException("privileges were already dropped");
            }

            var queue = new BlockingCollection<Action>();
            var thread = new Thread(() => Serve(queue)) { IsBackground = true, Name = "sstp-launcher" };
            thread.Start();
            try
            {
                var result = Run(queue, () => DropOnThisThread(account));
                Volatile.Write(ref s_launcher, queue);
                return result;
            }
            catch
            {
                queue.CompleteAdding();
                throw;
            }
        }
    }

    /// <summary>
    /// Starts <paramref name="process"/>: on the calling thread before a drop, on the launcher thread after one
    /// (so the child inherits CAP_NET_ADMIN). Exceptions of <see cref="Process.Start()"/> are rethrown here.
    /// </summary>
    /// <param name="process">A configured process; <see cref="ProcessStartInfo.UseShellExecute"/> must be false.</param>
    public static Task StartProcessAsync(Process process)
    {
        ArgumentNullException.ThrowIfNull(process);
        var queue = Volatile.Read(ref s_launcher);
        if (queue is null)
        {
            process.Start();
            return Task.CompletedTask;
        }

        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        queue.Add(() =>
        {
            try
            {
                process.Start();
                done.SetResult();
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        });
        return done.Task;
    }

    private static void Serve(BlockingCollection<Action> queue)
    {
        foreach (var work in queue.GetConsumingEnumerable())
        {
            work();
        }
    }

    private static T Run<T>(BlockingCollection<Action> queue, Func<T> work)
    {
        T result = default!;
        ExceptionDispatchInfo? failure = null;
        using var done = new ManualResetEventSlim();
        queue.Add(() =>
        {
            try
            {
                result = work();
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }
            finally
            {
                done.Set();
            }
        });
        done.Wait();
        failure?.Throw();
        return result;
    }

    private static unsafe DroppedCredentials DropOnThisThread(UnixAccount account)
    {
        Check(Native.Prctl(Native.PR_SET_KEEPCAPS, 1, 0, 0, 0), "prctl(PR_SET_KEEPCAPS)");
        uint[] groups = [.. account.Groups];
        fixed (uint* p = groups)
        {
            Check(Native.SetGroups((nuint)groups.Length, p), "setgroups");
        }

        Check(Native.SetResGid(account.Gid, account.Gid, account.Gid), $"setresgid({account.Gid})");
        Check(Native.SetResUid(account.Uid, account.Uid, account.Uid), $"setresuid({account.Uid})");

        var header = new Native.CapHeader { Version = Native.LINUX_CAPABILITY_VERSION_3 };
        var data = stackalloc Native.CapData[2];
        uint kept = (uint)KeptCapabilities;
        data[0] = new Native.CapData { Effective = kept, Permitted = kept, Inheritable = kept };
        data[1] = default;
        Check(Native.CapSet(&header, data), "capset(CAP_NET_ADMIN)");
        Check(Native.Prctl(Native.PR_CAP_AMBIENT, Native.PR_CAP_AMBIENT_RAISE, Native.CAP_NET_ADMIN, 0, 0), "prctl(PR_CAP_AMBIENT_RAISE, CAP_NET_ADMIN)");
        Check(Native.Prctl(Native.PR_SET_KEEPCAPS, 0, 0, 0, 0), "prctl(PR_SET_KEEPCAPS, 0)");

        // Read everything back rather than trust the return codes.
        Check(Native.GetResUid(out uint ruid, out uint euid, out uint suid), "getresuid");
        Check(Native.GetResGid(out uint rgid, out uint egid, out uint sgid), "getresgid");
        header = new Native.CapHeader { Version = Native.LINUX_CAPABILITY_VERSION_3 };
        Check(Native.CapGet(&header, data), "capget");
        ulong effective = data[0].Effective | ((ulong)data[1].Effective << 32);
        ulong permitted = data[0].Permitted | ((ulong)data[1].Permitted << 32);
        if (ruid != account.Uid || euid != account.Uid || suid != account.Uid
            || rgid != account.Gid || egid != account.Gid || sgid != account.Gid
            || effective != KeptCapabilities || permitted != KeptCapabilities)
        {
            throw new PrivilegeDropException(
                $"after the switch: uids {ruid}/{euid}/{suid}, gids {rgid}/{egid}/{sgid}, capabilities effective 0x{effective:x} permitted 0x{permitted:x}; expected uid {account.Uid}, gid {account.Gid}, capabilities 0x{KeptCapabilities:x}");
        }

        return new DroppedCredentials(account.Name, account.Uid, account.Gid, groups, effective);
    }

    private static void Check(int result, string step)
    {
        if (result < 0)
        {
            int errno = Native.LastErrno;
            string hint = errno == Native.Errno.EPERM ? " (switching users needs root, or CAP_SETUID and CAP_SETGID)" : string.Empty;
            throw new PrivilegeDropException($"{step} failed: {Native.ErrnoMessage(errno)}{hint}");
        }
    }
}

/// <summary>What the process runs as after <see cref="PrivilegeDrop.DropTo"/>.</summary>
/// <param name="User">The user's name.</param>
/// <param name="Uid">Real, effective and saved uid.</param>
/// <param name="Gid">Real, effective and saved gid.</param>
/// <param name="Groups">Supplementary groups.</param>
/// <param name="Capabilities">Effective capabilities of the launcher thread (bit n = capability n).</param>
public sealed record DroppedCredentials(string User, uint Uid, uint Gid, IReadOnlyList<uint> Groups, ulong Capabilities);
