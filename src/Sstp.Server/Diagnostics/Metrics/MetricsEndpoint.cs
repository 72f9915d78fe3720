using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Sstp.Server.Diagnostics.Metrics;

/// <summary>
/// A minimal HTTP/1.1 responder for Prometheus scrapes: <c>GET /metrics</c> (or <c>HEAD</c>) answers 200 with the
/// text of <c>render</c>, any other path 404, other methods 405; one request per connection.
/// </summary>
/// <remarks>
/// It may be reachable by anyone who can reach its address, so it is defensive: the request head is bounded
/// (<see cref="MaxRequestBytes"/>, else 431), it must arrive within <see cref="ReadTimeout"/>, and at most
/// <see cref="MaxConnections"/> connections are served at once (more are closed at once). Bind it to loopback or
/// a management network all the same: the metrics tell how many people use the server and when.
/// </remarks>
public sealed class MetricsEndpoint : IAsyncDisposable
{
    /// <summary>The largest request head read (request line and headers).</summary>
    public const int MaxRequestBytes = 8192;

    /// <summary>Connections served at once.</summary>
    public const int MaxConnections = 8;

    /// <summary>The time a client has to send its request head.</summary>
    public static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(5);

    private readonly Socket _listener;
    private readonly Func<string> _render;
    private readonly SemaphoreSlim _slots = new(MaxConnections, MaxConnections);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    private MetricsEndpoint(Socket listener, Func<string> render)
    {
        _listener = listener;
        _render = render;
        _accepting = AcceptLoopAsync();
    }

    /// <summary>The bound endpoint (the real port when port 0 was asked for).</summary>
    public IPEndPoint LocalEndpoint => (IPEndPoint)_listener.LocalEndPoint!;

    /// <summary>Binds <paramref name="endpoint"/> and starts serving <paramref name="render"/>'s text.</summary>
    /// <exception cref="IOException">The address cannot be bound.</exception>
    public static MetricsEndpoint Start(IPEndPoint endpoint, Func<string> render)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(render);
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(endpoint);
            socket.Listen(64);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new IOException($"cannot listen for metrics on {endpoint}: {e.Message}", e);
        }

        return new MetricsEndpoint(socket, render);
    }

    /// <summary>Stops accepting and closes the listener.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Dispose();
        await _accepting.ConfigureAwait(false);
        _stop.Dispose();
    }

    /// <summary>Parses a request head; returns the status code to answer and whether the body is wanted.</summary>
    internal static (int Status, bool Body) Route(string head)
    {
        int end = head.IndexOf("\r\n", StringComparison.Ordinal);
        var parts = (end < 0 ? head : head[..end]).Split(' ');
        if (parts.Length != 3 || !parts[2].StartsWith("HTTP/1.", StringComparison.Ordinal))
        {
            return (400, false);
        }

        if (parts[0] is not ("GET" or "HEAD"))
        {
            return (405, false);
        }

        string path = parts[1];
        int query = path.IndexOf('?', StringComparison.Ordinal);
        return (query < 0 ? path : path[..query]) == "/metrics" ? (200, parts[0] == "GET") : (404, false);
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }

            if (!_slots.Wait(0, CancellationToken.None))
            {
                client.Dispose();
                continue;
            }

            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(Socket client)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            timeout.CancelAfter(ReadTimeout);
            await using var stream = new NetworkStream(client, ownsSocket: true);
            string? head = await ReadHeadAsync(stream, timeout.Token).ConfigureAwait(false);
            var (status, body) = head is null ? (431, false) : Route(head);
            byte[] content = status == 200 ? Encoding.UTF8.GetBytes(_render()) : Encoding.ASCII.GetBytes(Reason(status) + "\n");
            string contentType = status == 200 ? "text/plain; version=0.0.4; charset=utf-8" : "text/plain; charset=utf-8";
            string header = $"HTTP/1.1 {status} {Reason(status)}\r\nContent-Type: {contentType}\r\nContent-Length: {content.Length}\r\nConnection: close\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(header), timeout.Token).ConfigureAwait(false);
            if (body || status != 200)
            {
                await stream.WriteAsync(content, timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // A slow, silent or vanished client: nothing to answer.
        }
        finally
        {
            client.Dispose();
            _slots.Release();
        }
    }

    /// <summary>Reads until the blank line that ends the head; null when it is longer than <see cref="MaxRequestBytes"/>.</summary>
    private static async Task<string?> ReadHeadAsync(NetworkStream stream, CancellationToken cancel)
    {
        var buffer = new byte[MaxRequestBytes];
        int filled = 0;
        while (filled < buffer.Length)
        {
            int n = await stream.ReadAsync(buffer.AsMemory(filled), cancel).ConfigureAwait(false);
            if (n == 0)
            {
                throw new IOException("the client closed before the end of its request");
            }

            int searchFrom = Math.Max(0, filled - 3);
            filled += n;
            if (buffer.AsSpan(searchFrom, filled - searchFrom).IndexOf("\r\n\r\n"u8) >= 0)
            {
                return Encoding.ASCII.GetString(buffer, 0, filled);
            }
        }

        return null;
    }

    private static string Reason(int status) => status switch
    {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        _ => "Request Header Fields Too Large",
    };
}
