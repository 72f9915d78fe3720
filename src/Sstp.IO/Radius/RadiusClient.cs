using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Sstp.Protocol.Radius;

namespace Sstp.IO.Radius;

/// <summary>
/// RADIUS over UDP for the NAS: authentication and accounting requests with retransmission, failover by
/// priority and a dead-server hold-down [RFC 2865 §2.4, RFC 2866 §2, RFC 5080 §2.2.1; AUTH.md §7].
/// </summary>
/// <remarks>
/// <para>Theory of operation. One UDP socket per address family, bound to an ephemeral port, is shared by every
/// request; one receive loop per socket hands each datagram to the request registered under (source endpoint,
/// Identifier). Identifiers come from a pool per server endpoint, so at most
/// <see cref="RadiusIdentifierPool.MaxInFlight"/> requests are in flight per endpoint; a caller waits (bounded)
/// for a free one.</para>
/// <para>Each request is driven by the core's <see cref="RadiusTransaction"/>: the request task sends, sleeps
/// until the transaction's deadline (on the <see cref="TimeProvider"/>) or the answer, and runs
/// <see cref="RadiusTransaction.HandleTimeout"/>. Only answers the transaction verified (Identifier, Code,
/// Response Authenticator, Message-Authenticator) are returned.</para>
/// <para>Servers are tried in priority order, skipping those held down after a timeout unless all are held
/// down. A server that lets every try of a request go unanswered is held down for
/// <see cref="RadiusClientOptions.DeadTime"/>; its first answer afterwards revives it. The request builder is
/// called once per server tried, with that server's secret and an Identifier from its pool.</para>
/// </remarks>
public sealed partial class RadiusClient : IAsyncDisposable
{
    private readonly RadiusClientOptions _options;
    private readonly ILogger _log;
    private readonly TimeProvider _time;
    private readonly long _start;
    private readonly RadiusServerState[] _servers;
    private readonly Dictionary<IPEndPoint, RadiusServerState> _byEndpoint = [];
    private readonly RadiusTransactionSettings _settings;
    private readonly ConcurrentDictionary<(IPEndPoint Source, byte Identifier), RadiusPendingRequest> _pending = new();
    private readonly List<Socket> _sockets = [];
    private readonly List<Task> _receivers = [];
    private readonly CancellationTokenSource _stop = new();
    private long _strayDatagrams;
    private volatile bool _disposed;

    /// <summary>Opens the sockets and starts the receive loops.</summary>
    /// <exception cref="ArgumentException">No server, an empty secret, or a non-positive timing value.</exception>
    public RadiusClient(RadiusClientOptions options, ILogger logger, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(options.Servers);
        if (options.Servers.Count == 0)
        {
            throw new ArgumentException("At least one RADIUS server is needed.", nameof(options));
        }

        if (options.Timeout <= TimeSpan.Zero || options.MaxTries < 1 || options.DeadTime < TimeSpan.Zero)
        {
            throw new ArgumentException("Timeout must be positive, MaxTries at least 1 and DeadTime not negative.", nameof(options));
        }

        foreach (var server in options.Servers)
        {
            ArgumentNullException.ThrowIfNull(server);
            if (server.Auth is null || server.Accounting is null || server.Secret is not { Length: > 0 })
            {
                throw new ArgumentException("Every RADIUS server needs both endpoints and a non-empty secret.", nameof(options));
            }
        }

        _options = options;
        _log = logger;
        _time = time ?? TimeProvider.System;
        _start = _time.GetTimestamp();
        _settings = new RadiusTransactionSettings
        {
            InitialTimeout = options.Timeout,
            MaxTimeout = options.Timeout,
            Backoff = RadiusBackoff.Fixed,
            MaxTries = options.MaxTries,
            RequireMessageAuthenticator = options.RequireMessageAuthenticator,
        };

        // OrderBy is stable: equal priorities keep the configured order.
        _servers = [.. options.Servers.OrderBy(static s => s.Priority).Select(static s => new RadiusServerState(s))];
        foreach (var server in _servers)
        {
            _byEndpoint.TryAdd(server.Endpoint.Auth, server);
            _byEndpoint.TryAdd(server.Endpoint.Accounting, server);
        }

        Socket4 = OpenIfNeeded(AddressFamily.InterNetwork);
        Socket6 = OpenIfNeeded(AddressFamily.InterNetworkV6);
    }

    /// <summary>Per server, in priority order: alive or held down, last latency, answers, timeouts.</summary>
    public IReadOnlyList<RadiusServerStatus> Status
    {
        get
        {
            var now = Now;
            return [.. _servers.Select(s => s.Snapshot(now))];
        }
    }

    /// <summary>Datagrams that matched no request in flight (late answers to finished requests, strangers).</summary>
    public long StrayDatagrams => Interlocked.Read(ref _strayDatagrams);

    private Socket? Socket4 { get; }

    private Socket? Socket6 { get; }

    private TimeSpan Now => _time.GetElapsedTime(_start);

    /// <summary>
    /// Sends an Access-Request. <paramref name="buildRequest"/>(secret, identifier) returns the complete signed
    /// request for the server about to be tried, or null when it cannot be encoded (then no server is asked).
    /// </summary>
    /// <returns>The verified answer, or null when no server answered (or the request could not be encoded).</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired or the client was disposed.</exception>
    public Task<RadiusExchange?> AuthenticateAsync(Func<byte[], byte, byte[]?> buildRequest, CancellationToken cancellationToken) =>
        SendAsync(accounting: false, buildRequest, cancellationToken);

    /// <summary>Sends an Accounting-Request to the servers' accounting ports; otherwise as <see cref="AuthenticateAsync"/>.</summary>
    /// <returns>The verified Accounting-Response, or null when no server acknowledged the request.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired or the client was disposed.</exception>
    public Task<RadiusExchange?> AccountAsync(Func<byte[], byte, byte[]?> buildRequest, CancellationToken cancellationToken) =>
        SendAsync(accounting: true, buildRequest, cancellationToken);

    /// <summary>Stops the receive loops and closes the sockets; requests in flight end with cancellation.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _stop.CancelAsync().ConfigureAwait(false);
        foreach (var socket in _sockets)
        {
            socket.Dispose();
        }

        try
        {
            await Task.WhenAll(_receivers).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The loops end by cancellation.
        }

        foreach (var server in _servers)
        {
            server.Dispose();
        }

        _stop.Dispose();
    }

    private Socket? OpenIfNeeded(AddressFamily family)
    {
        if (!_servers.Any(s => s.Endpoint.Auth.AddressFamily == family || s.Endpoint.Accounting.AddressFamily == family))
        {
            return null;
        }

        var socket = new Socket(family, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.Bind(new IPEndPoint(family == AddressFamily.InterNetwork ? IPAddress.Any : IPAddress.IPv6Any, 0));
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        _sockets.Add(socket);
        _receivers.Add(Task.Run(() => ReceiveLoopAsync(socket)));
        return socket;
    }

    /// <summary>Alive servers in priority order, or every server when all are held down.</summary>
    private RadiusServerState[] ChooseServers(TimeSpan now)
    {
        var alive = _servers.Where(s => s.IsAlive(now)).ToArray();
        return alive.Length > 0 ? alive : _servers;
    }
}
