using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Sstp.Protocol.Radius;

namespace Sstp.Server.Aaa;

/// <summary>
/// The RADIUS Dynamic Authorization Server (RFC 5176; AUTH.md §7.7): a UDP listener (port 3799 by
/// convention, <c>--das ADDR:PORT</c>) that accepts Disconnect-Requests and CoA-Requests from the configured
/// <see cref="DasClient"/>s and answers Disconnect-ACK/NAK or CoA-ACK/NAK.
/// <para>Theory of operation: the socket is bound by the constructor. <see cref="RunAsync"/> is one receive
/// loop: each datagram is handled to completion (verification, duplicate check, <see cref="IDasSessionControl"/>
/// call, signed answer) before the next is read, so the session control is never called concurrently by this
/// listener. Unknown sources, malformed packets and requests that fail verification are dropped without an
/// answer and logged once per source address. Socket errors on one datagram are logged and the loop goes on;
/// the loop ends when the token is cancelled or the listener is disposed.</para>
/// </summary>
public sealed class DynamicAuthorizationListener : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly DasRequestProcessor _processor;
    private readonly ILogger _logger;
    private readonly int _clientCount;
    private int _running;
    private volatile bool _disposed;

    /// <summary>Creates the listener without a NAS identity check and binds <paramref name="listen"/>.</summary>
    /// <param name="listen">Address and port to bind (port 0 picks a free port; see <see cref="LocalEndPoint"/>).</param>
    /// <param name="clients">The clients allowed to send requests, with their secrets.</param>
    /// <param name="sessions">The server's sessions.</param>
    /// <param name="logger">Where drops and answers are logged.</param>
    /// <exception cref="SocketException">The address cannot be bound.</exception>
    public DynamicAuthorizationListener(IPEndPoint listen, IReadOnlyList<DasClient> clients, IDasSessionControl sessions, ILogger logger)
        : this(listen, clients, sessions, logger, nas: null)
    {
    }

    /// <summary>
    /// Creates the listener and binds <paramref name="listen"/>. When <paramref name="nas"/> is given, a request
    /// whose NAS-Identifier, NAS-IP-Address or NAS-IPv6-Address is present and differs from the corresponding
    /// non-null member is NAKed with Error-Cause 403 NAS-Identification-Mismatch.
    /// </summary>
    /// <param name="listen">Address and port to bind (port 0 picks a free port; see <see cref="LocalEndPoint"/>).</param>
    /// <param name="clients">The clients allowed to send requests, with their secrets.</param>
    /// <param name="sessions">The server's sessions.</param>
    /// <param name="logger">Where drops and answers are logged.</param>
    /// <param name="nas">Our NAS identity, or null to skip the check.</param>
    /// <param name="time">Clock for the duplicate window and the Event-Timestamp check; the system clock when null.</param>
    /// <exception cref="SocketException">The address cannot be bound.</exception>
    public DynamicAuthorizationListener(IPEndPoint listen, IReadOnlyList<DasClient> clients, IDasSessionControl sessions, ILogger logger, RadiusNasAttributes? nas, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(listen);
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(sessions);
        ArgumentNullException.ThrowIfNull(logger);
        _logger = logger;
        _clientCount = clients.Count;
        _processor = new DasRequestProcessor([.. clients], sessions, nas, logger, time ?? TimeProvider.System);
        _socket = new Socket(listen.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (listen.AddressFamily == AddressFamily.InterNetworkV6 && listen.Address.Equals(IPAddress.IPv6Any))
            {
                // "[::]" also serves IPv4 clients; their addresses arrive IPv4-mapped and are matched as IPv4.
                _socket.DualMode = true;
            }

            _socket.Bind(listen);
        }
        catch
        {
            _socket.Dispose();
            throw;
        }

        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
    }

    /// <summary>The bound address and port.</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>
    /// Serves requests until <paramref name="ct"/> is cancelled or the listener is disposed (then it returns
    /// normally). Call it once.
    /// </summary>
    /// <exception cref="InvalidOperationException">Already running.</exception>
    /// <exception cref="ObjectDisposedException">Disposed before the call.</exception>
    public async Task RunAsync(CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Interlocked.Exchange(ref _running, 1) != 0)
        {
            throw new InvalidOperationException("The dynamic authorization listener is already running.");
        }

        DasLog.Listening(_logger, LocalEndPoint, _clientCount);
        var datagram = new byte[RadiusPacket.MaxLength];
        var answer = new byte[RadiusPacket.MaxLength];
        EndPoint any = _socket.AddressFamily == AddressFamily.InterNetworkV6 ? new IPEndPoint(IPAddress.IPv6Any, 0) : new IPEndPoint(IPAddress.Any, 0);
        while (!ct.IsCancellationRequested && !_disposed)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _socket.ReceiveFromAsync(datagram, SocketFlags.None, any, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }
            catch (ObjectDisposedException)
            {
                break;
            }
            catch (SocketException e) when (!_disposed)
            {
                // E.g. a datagram larger than 4096 octets (MessageSize): not RADIUS, skip it.
                DasLog.ReceiveFailed(_logger, e.SocketErrorCode.ToString());
                continue;
            }
            catch (SocketException)
            {
                break;
            }

            var source = (IPEndPoint)received.RemoteEndPoint;
            int length;
            try
            {
                length = _processor.Process(datagram.AsSpan(0, received.ReceivedBytes), source, answer);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Our bug on one datagram must not take dynamic authorization down (ARCHITECTURE.md C6).
                DasLog.ProcessingFailed(_logger, source, e);
                continue;
            }

            if (length == 0)
            {
                continue;
            }

            try
            {
                await _socket.SendToAsync(answer.AsMemory(0, length), SocketFlags.None, source, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }
            catch (ObjectDisposedException)
            {
                break;
            }
            catch (SocketException e)
            {
                DasLog.SendFailed(_logger, source, e.SocketErrorCode.ToString());
            }
        }

        DasLog.Stopped(_logger, LocalEndPoint);
    }

    /// <summary>Closes the socket; a running <see cref="RunAsync"/> returns.</summary>
    public ValueTask DisposeAsync()
    {
        _disposed = true;
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }
}
