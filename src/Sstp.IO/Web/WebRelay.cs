// Relays a connection that is not SSTP to a plain-HTTP web backend, so the port answers like the website it
// shares: the request head the server already read goes first, then everything else in both directions,
// byte for byte. The relay is bounded: it ends after a time limit or once a byte limit (both directions
// together) is passed, whichever comes first. A client that closes its sending side (half-close) still gets the
// rest of the backend's answer; when the backend closes, the relay ends. A backend that cannot be reached is
// answered with a bare 502, as a reverse proxy would.

using System.Net;
using System.Net.Sockets;

namespace Sstp.IO.Web;

/// <summary>How a relay ended.</summary>
public enum WebRelayEnd
{
    /// <summary>The backend (or the client) closed the connection.</summary>
    Closed,

    /// <summary>The time limit was reached.</summary>
    TimeLimit,

    /// <summary>The byte limit was passed.</summary>
    ByteLimit,

    /// <summary>The backend did not accept the connection; the client got a 502.</summary>
    BackendUnreachable,

    /// <summary>A transport error on either side.</summary>
    Failed,

    /// <summary>The server is stopping.</summary>
    Cancelled,
}

/// <summary>What one relay did.</summary>
/// <param name="End">How it ended.</param>
/// <param name="ToBackend">Bytes sent to the backend, the request head included.</param>
/// <param name="ToClient">Bytes sent to the client.</param>
public readonly record struct WebRelayResult(WebRelayEnd End, long ToBackend, long ToClient);

/// <summary>Limits of one relayed connection.</summary>
public sealed class WebRelayLimits
{
    /// <summary>The longest a relayed connection may stay open; default 5 minutes.</summary>
    public TimeSpan TimeLimit { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The most bytes relayed in both directions together; default 256 MiB.</summary>
    public long ByteLimit { get; init; } = 256L << 20;

    /// <summary>How long connecting to the backend may take; default 5 s.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Clock for the limits; default the system clock.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}

/// <summary>Relays one client connection to a web backend.</summary>
public static class WebRelay
{
    private const int BufferSize = 16 * 1024;

    private static readonly byte[] BadGateway =
        "HTTP/1.1 502 Bad Gateway\r\nContent-Type: text/html\r\nContent-Length: 52\r\nConnection: close\r\n\r\n<html><body><h1>502 Bad Gateway</h1></body></html>\r\n"u8.ToArray();

    /// <summary>Connects to <paramref name="backend"/> and relays until either side is done or a limit is reached.</summary>
    /// <param name="client">The client's (decrypted) stream; not disposed here.</param>
    /// <param name="head">Bytes already read from the client; sent to the backend first.</param>
    /// <param name="backend">The backend's address and port.</param>
    /// <param name="limits">Limits, or null for the defaults.</param>
    /// <param name="cancellationToken">Ends the relay (server shutdown).</param>
    /// <returns>How it ended and the bytes moved; never throws for transport errors.</returns>
    public static async Task<WebRelayResult> RelayAsync(
        Stream client, ReadOnlyMemory<byte> head, EndPoint backend, WebRelayLimits? limits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(backend);
        limits ??= new WebRelayLimits();
        using var socket = backend is IPEndPoint ip
            ? new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp)
            : new Socket(SocketType.Stream, ProtocolType.Tcp);
        if (!await TryConnectAsync(socket, backend, limits, cancellationToken).ConfigureAwait(false))
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return new WebRelayResult(WebRelayEnd.Cancelled, 0, 0);
            }

            try
            {
                await client.WriteAsync(BadGateway, cancellationToken).ConfigureAwait(false);
                await client.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException)
            {
                // The client is gone as well.
            }

            return new WebRelayResult(WebRelayEnd.BackendUnreachable, 0, BadGateway.Length);
        }

        using var timeLimit = new CancellationTokenSource(limits.TimeLimit, limits.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeLimit.Token);
        var counter = new ByteCounter(limits.ByteLimit);
        await using var backendStream = new NetworkStream(socket, ownsSocket: false);
        var end = WebRelayEnd.Closed;
        Task up = Task.CompletedTask;
        Task down = Task.CompletedTask;
        try
        {
            await backendStream.WriteAsync(head, linked.Token).ConfigureAwait(false);
            _ = counter.Add(toBackend: true, head.Length);
            up = PumpAsync(client, backendStream, counter, toBackend: true, linked.Token);
            down = PumpAsync(backendStream, client, counter, toBackend: false, linked.Token);
            if (await Task.WhenAny(up, down).ConfigureAwait(false) == up && !counter.OverLimit)
            {
                // The client finished sending (half-close): pass that on and let the answer come back.
                await up.ConfigureAwait(false);
                socket.Shutdown(SocketShutdown.Send);
            }

            if (!counter.OverLimit)
            {
                await down.ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            end = WebRelayEnd.Failed;
        }
        finally
        {
            // Stop whichever pump still runs and wait for it, so neither stream is used after this returns.
            await linked.CancelAsync().ConfigureAwait(false);
            try
            {
                await Task.WhenAll(up, down).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
            {
                // Expected from the pump that was cut off.
            }
        }

        if (counter.OverLimit)
        {
            end = WebRelayEnd.ByteLimit;
        }
        else if (cancellationToken.IsCancellationRequested)
        {
            end = WebRelayEnd.Cancelled;
        }
        else if (timeLimit.IsCancellationRequested)
        {
            end = WebRelayEnd.TimeLimit;
        }

        return new WebRelayResult(end, counter.ToBackend, counter.ToClient);
    }

    private static async Task<bool> TryConnectAsync(Socket socket, EndPoint backend, WebRelayLimits limits, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(limits.ConnectTimeout, limits.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await socket.ConnectAsync(backend, linked.Token).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return false;
        }
    }

    private static async Task PumpAsync(Stream from, Stream to, ByteCounter counter, bool toBackend, CancellationToken cancellationToken)
    {
        byte[] buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            while (true)
            {
                int n = await from.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                if (n == 0)
                {
                    return;
                }

                if (!counter.Add(toBackend, n))
                {
                    return;
                }

                await to.WriteAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
                await to.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Bytes moved each way, shared by both pumps; the limit covers their sum.</summary>
    private sealed class ByteCounter(long limit)
    {
        private long _toBackend;
        private long _toClient;
        private long _total;

        public long ToBackend => Interlocked.Read(ref _toBackend);

        public long ToClient => Interlocked.Read(ref _toClient);

        public bool OverLimit => Interlocked.Read(ref _total) > limit;

        /// <summary>Counts <paramref name="n"/> bytes; false once the sum passes the limit (those bytes are not sent).</summary>
        public bool Add(bool toBackend, long n)
        {
            if (Interlocked.Add(ref _total, n) > limit)
            {
                return false;
            }

            Interlocked.Add(ref toBackend ? ref _toBackend : ref _toClient, n);
            return true;
        }
    }
}
