using System.Net;
using System.Net.Sockets;
using Microsoft.Win32.SafeHandles;
using Native = Sstp.IO.Interop.Linux.Interop;

namespace Sstp.E2E.Tests.Hostile;

/// <summary>
/// Opens TCP connections inside the sstpc guest's network namespace from the test process: a dedicated thread
/// joins the namespace with setns(2), creates and connects the socket there, and hands it back. A socket keeps
/// the namespace it was created in, so the caller can use it from any thread afterwards.
/// </summary>
internal static class NamespaceSocket
{
    /// <summary>Connects to the server under test, <c>10.77.77.1:<paramref name="port"/></c>, and nowhere else.</summary>
    public static Task<Socket> ConnectAsync(int port, TimeSpan timeout)
    {
        var endpoint = new IPEndPoint(IPAddress.Parse(Interop.ServerAddress), port);
        var done = new TaskCompletionSource<Socket>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            Socket? socket = null;
            try
            {
                using (SafeFileHandle nsFd = File.OpenHandle($"/run/netns/{Interop.Namespace}", FileMode.Open, FileAccess.Read))
                {
                    if (Native.SetNs(nsFd, Native.CLONE_NEWNET) != 0)
                    {
                        throw new IOException($"setns({Interop.Namespace}) failed: errno {Native.LastErrno}");
                    }
                }

                socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                using var cancel = new CancellationTokenSource(timeout);

                // Synchronous on purpose: the connect must run on this thread, which is inside the namespace.
                socket.ConnectAsync(endpoint, cancel.Token).AsTask().GetAwaiter().GetResult();
                done.SetResult(socket);
            }
            catch (Exception e)
            {
                socket?.Dispose();
                done.SetException(e);
            }
        })
        {
            // The thread never returns to a pool: it ends here, still inside the namespace.
            Name = "netns " + Interop.Namespace,
            IsBackground = true,
        };
        thread.Start();
        return done.Task;
    }
}
