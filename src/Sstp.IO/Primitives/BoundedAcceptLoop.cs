using System.Net.Sockets;

namespace Sstp.IO.Primitives;

/// <summary>
/// The accept loop of a small side listener (metrics, control socket): at most as many connections served at once
/// as <c>slots</c> allows, the excess closed at once, transient accept errors skipped, the loop ended by the
/// stop token or by disposing the listener. The serve callback must release its slot when it is done.
/// </summary>
public static class BoundedAcceptLoop
{
    /// <summary>Accepts until <paramref name="stop"/> is cancelled or <paramref name="listener"/> is disposed.</summary>
    public static async Task RunAsync(Socket listener, SemaphoreSlim slots, Func<Socket, Task> serve, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(listener);
        ArgumentNullException.ThrowIfNull(slots);
        ArgumentNullException.ThrowIfNull(serve);
        while (!stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(stop).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }

            if (!slots.Wait(0, CancellationToken.None))
            {
                client.Dispose();
                continue;
            }

            _ = serve(client);
        }
    }
}
