using System.Net;
using System.Net.Sockets;
using System.Text;
using Sstp.IO.Primitives;

namespace Sstp.Server.Diagnostics.Metrics;

/// <summary>
/// A minimal HTTP/1.1 responder for Prometheus scrapes and load-balancer checks: <c>GET /metrics</c> (or
/// <c>HEAD</c>) answers 200 with the text of <c>render</c>; <c>GET /health</c> answers <c>200 ok</c> while the
/// server serves and <c>503 draining</c> once it drains; any other path 404, other methods 405; one request per
/// connection.
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
    private readonly Func<bool> _draining;
    private readonly SemaphoreSlim _slots = new(MaxConnections, MaxConnections);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    private MetricsEndpoint(Socket listener, Func<string> render, Func<bool> draining)
    {
        _listener = listener;
        _render = render;
        _draining = draining;
        _accepting = AcceptLoopAsync();
    }

    /// <summary>The bound endpoint (the real port when port 0 was asked for).</summary>
    public IPEndPoint LocalEndpoint => (IPEndPoint)_listener.LocalEndPoint!;

    /// <summary>
    /// Binds <paramref name="endpoint"/> and starts serving <paramref name="render"/>'s text; <c>/health</c> turns
    /// 503 while <paramref name="draining"/> says true (never, when it is null).
    /// </summary>
    /// <exception cref="IOException">The address cannot be bound.</exception>
    public static MetricsEndpoint Start(IPEndPoint endpoint, Func<string> render, Func<bool>? draining = null)
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

        return new MetricsEndpoint(socket, render, draining ?? (() => false));
    }

    /// <summary>Stops accepting and closes the listener.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Dispose();
        await _accepting.ConfigureAwait(false);
        _stop.Dispose();
    }

    /// <summary>What a request asks for.</summary>
    internal enum Target
    {
        /// <summary>An error answer: the status says which.</summary>
        None,

        /// <summary>The metrics text.</summary>
        Metrics,

        /// <summary>The health check.</summary>
        Health,
    }

    /// <summary>
    /// Parses a request head; returns the status code to answer, whether the body is wanted and what is asked
    /// for. <paramref name="draining"/> turns a health check into 503.
    /// </summary>
    internal static (int Status, bool Body, Target Target) Route(string head, bool draining)
    {
        int end = head.IndexOf("\r\n", StringComparison.Ordinal);
        var parts = (end < 0 ? head : head[..end]).Split(' ');
        if (parts.Length != 3 || !parts[2].StartsWith("HTTP/1.", StringComparison.Ordinal))
        {
            return (400, false, Target.None);
        }

        if (parts[0] is not ("GET" or "HEAD"))
        {
            return (405, false, Target.None);
        }

        string path = parts[1];
        int query = path.IndexOf('?', StringComparison.Ordinal);
        bool get = parts[0] == "GET";
        return (query < 0 ? path : path[..query]) switch
        {
            "/metrics" => (200, get, Target.Metrics),
            "/health" => (draining ? 503 : 200, get, Target.Health),
            _ => (404, false, Target.None),
        };
    }

    private Task AcceptLoopAsync() => BoundedAcceptLoop.RunAsync(_listener, _slots, ServeAsync, _stop.Token);

    private async Task ServeAsync(Socket client)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            timeout.CancelAfter(ReadTimeout);
            await using var stream = new NetworkStream(client, ownsSocket: true);
            string? head = await ReadHeadAsync(stream, timeout.Token).ConfigureAwait(false);
            var (status, body, target) = head is null ? (431, false, Target.None) : Route(head, _draining());
            byte[] content = target switch
            {
                Target.Metrics => Encoding.UTF8.GetBytes(_render()),
                Target.Health => status == 200 ? "ok\n"u8.ToArray() : "draining\n"u8.ToArray(),
                _ => Encoding.ASCII.GetBytes(Reason(status) + "\n"),
            };
            string contentType = target == Target.Metrics ? "text/plain; version=0.0.4; charset=utf-8" : "text/plain; charset=utf-8";
            string header = $"HTTP/1.1 {status} {Reason(status)}\r\nContent-Type: {contentType}\r\nContent-Length: {content.Length}\r\nConnection: close\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(header), timeout.Token).ConfigureAwait(false);
            if (body || target == Target.None)
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
        503 => "Service Unavailable",
        _ => "Request Header Fields Too Large",
    };
}
