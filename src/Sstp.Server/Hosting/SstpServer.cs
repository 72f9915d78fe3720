using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Sstp.IO.Driving;
using Sstp.IO.Primitives;
using Sstp.IO.Tls;
using Sstp.Protocol.Ip;
using Sstp.Protocol.Ppp.Lcp;
using Sstp.Protocol.Primitives;
using Sstp.Protocol.Session;
using Sstp.Protocol.Sstp;
using Sstp.Server.Configuration;
using Sstp.Server.Diagnostics;
using Sstp.Server.Pools;
using Sstp.Server.Protection;
using Sstp.Server.Users;

namespace Sstp.Server.Hosting;

/// <summary>
/// The composition root of <c>sstp server</c>: listeners, TLS, one <see cref="SessionDriver"/> per connection,
/// local users, address pools, the shared TUN device and its router, limits and graceful stop.
/// </summary>
/// <remarks>
/// Threads: one accept loop per listener; one async driver loop per session; one TUN reader thread that routes
/// each packet by destination address to its session (<see cref="AddressRouter{T}"/>). Shared state (pools,
/// router, counters, the session table) is thread-safe; a session's own state is touched only on its loop.
/// Stop order (ARCHITECTURE.md C7): stop accepting, close every session (LCP Terminate, SSTP Call Disconnect),
/// wait for them (bounded), then remove NAT rules and the TUN device.
/// </remarks>
public sealed partial class SstpServer : IAsyncDisposable
{
    private readonly ILogger _log;
    private readonly TimeProvider _time;
    private readonly IRandomSource _random;
    private readonly AddressRouter<SessionDriver> _router = new();
    private readonly ConcurrentDictionary<long, SessionDriver> _sessions = new();
    private readonly ConcurrentDictionary<string, int> _perUser = new(StringComparer.OrdinalIgnoreCase);
    private readonly TlsAcceptor _acceptor;

    // Replaced whole by a reload (SstpServer.Reload.cs); readers take one reference and use it.
    private volatile ServerOptions _options;
    private volatile UserStore _users;
    private volatile Ipv4Pool _pool4;
    private volatile Ipv6PrefixPool? _pool6;
    private volatile SemaphoreSlim _handshakes;
    private volatile ServerSessionSettings _sessionSettings;
    private readonly (byte[] Sha1, byte[] Sha256)? _offloadHashes;
    private readonly List<Socket> _listeners = [];
    private readonly CancellationTokenSource _tunFailed = new();
    private long _nextId;

    /// <summary>Creates the server; nothing is opened until <see cref="RunAsync"/>.</summary>
    public SstpServer(ServerOptions options, UserStore users, CertificateSource certificate, ILoggerFactory loggerFactory, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _options = options;
        _users = users;
        _log = loggerFactory.CreateLogger("sstp.server");
        _time = time ?? TimeProvider.System;
        _rateEpoch = _time.GetTimestamp();
        _random = CryptoRandom.Instance;
        _pool4 = new Ipv4Pool(options.Pool.Ipv4, users.StaticIPv4);
        _pool6 = options.Pool.Ipv6 is { } prefix ? new Ipv6PrefixPool(prefix, users.StaticIPv6) : null;
        _handshakes = new SemaphoreSlim(options.Limits.MaxConcurrentHandshakes, options.Limits.MaxConcurrentHandshakes);
        _acceptor = new TlsAcceptor(certificate, new TlsAcceptorOptions { TimeProvider = _time, HandshakeTimeout = options.Limits.TlsHandshakeTimeout });
        _sourceGuard = new SourceGuard(GuardSettings(options.Limits));
        _bufferBudget = new BufferBudget(options.Limits.MaxBuffered);
        _driverOptions = new SessionDriverOptions { SharedBudget = _bufferBudget };
        _sessionSettings = BuildSessionSettings(options, certificate.LeafSha1, certificate.LeafSha256);
        _offloadHashes = options.OffloadCertificatePath is { } offloadCert ? LoadBalancerSupport.LoadOffloadHashes(offloadCert) : null;
        _certificateStatus = CertificateCheck.Check(certificate, _time.GetUtcNow());
        Metrics = new ServerMetrics(CollectMetrics);
    }

    /// <summary>Sessions currently open (any phase).</summary>
    public int SessionCount => _sessions.Count;

    /// <summary>The endpoints actually bound (useful when a port 0 was configured).</summary>
    public IReadOnlyList<IPEndPoint> BoundEndpoints => _listeners.Select(l => (IPEndPoint)l.LocalEndPoint!).ToList();

    /// <summary>Raised once every listener is bound and the TUN device is up.</summary>
    public event Action? Ready;

    /// <summary>
    /// Opens the TUN device and the listeners, serves until <paramref name="stopping"/> is cancelled, then stops
    /// gracefully. Throws (before serving) when the TUN device or a listener cannot be opened.
    /// </summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        StartControl();
        try
        {
            await StartTunAsync(stopping).ConfigureAwait(false);
        }
        catch
        {
            await StopControlAsync().ConfigureAwait(false);
            throw;
        }

        try
        {
            StartRadius(stopping);
            foreach (var endpoint in _options.Listen)
            {
                _listeners.Add(BindMarked(endpoint));
            }

            RecordListeners();
            StartMetrics();
            StartCertificateWatch(stopping);

            ServerLog.Started(
                _log,
                string.Join(", ", BoundEndpoints),
                _options.Tunnel.Name,
                _options.Tunnel.Mtu,
                _options.Pool.Ipv4.ToString(),
                _options.Pool.Ipv6?.ToString() ?? "off",
                string.Join(",", _options.Auth));
            if (LoadBalancerSupport.DefaultPoolsBehindBalancer(_options) is { Count: > 0 } defaultPools)
            {
                ServerLog.DefaultPoolsBehindBalancer(_log, string.Join(" and ", defaultPools));
            }

            AfterOpen?.Invoke();
            Ready?.Invoke();

            // A finished drain stops the server like a signal; a drain in progress only stops accepting.
            using var acceptStop = CancellationTokenSource.CreateLinkedTokenSource(stopping, _tunFailed.Token, _drained.Token);
            using var acceptOnly = CancellationTokenSource.CreateLinkedTokenSource(acceptStop.Token, _stopAccepting.Token);
            var connections = new ConcurrentDictionary<Task, byte>();
            var accepts = _listeners.Select(l => AcceptLoopAsync(l, connections, acceptOnly.Token, acceptStop.Token)).ToList();
            var sweeper = ProtectionSweepAsync(acceptStop.Token);
            var trimmer = MemoryTrimLoopAsync(acceptStop.Token);
            try
            {
                // Serve until asked to stop, or until the shared TUN device fails (then stop and let the
                // service manager restart us rather than keep accepting clients whose traffic goes nowhere).
                await Task.Delay(Timeout.Infinite, acceptStop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Stop requested.
            }

            ServerLog.Stopping(_log, _sessions.Count);
            foreach (var listener in _listeners)
            {
                listener.Dispose();
            }

            await Task.WhenAll(accepts).ConfigureAwait(false);

            // Every session saw the stop token and is closing in spec order; give them a bounded time.
            var all = Task.WhenAll(connections.Keys);
            await Task.WhenAny(all, Task.Delay(StopGrace, _time, CancellationToken.None)).ConfigureAwait(false);
            await AbortRemainingAsync(all).ConfigureAwait(false);
            await sweeper.ConfigureAwait(false);
            await trimmer.ConfigureAwait(false);
        }
        finally
        {
            foreach (var listener in _listeners)
            {
                listener.Dispose();
            }

            await StopMetricsAsync().ConfigureAwait(false);
            await StopControlAsync().ConfigureAwait(false);
            await StopRadiusAsync().ConfigureAwait(false);
            await StopTunAsync().ConfigureAwait(false);
            ServerLog.Stopped(_log);
        }

        if (_tunFailed.IsCancellationRequested && !stopping.IsCancellationRequested)
        {
            throw new IOException($"the TUN device {_options.Tunnel.Name} failed; the server stopped");
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        foreach (var listener in _listeners)
        {
            listener.Dispose();
        }

        await StopMetricsAsync().ConfigureAwait(false);
        await StopControlAsync().ConfigureAwait(false);
        await StopTunAsync().ConfigureAwait(false);
        Metrics.Dispose();
        DisposeReloadedCertificates();
    }

    private static Socket Bind(IPEndPoint endpoint)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (endpoint.AddressFamily == AddressFamily.InterNetworkV6)
            {
                // [::] and 0.0.0.0 are configured separately, so the IPv6 socket serves IPv6 only.
                socket.DualMode = false;
            }

            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.NoDelay = true;
            socket.Bind(endpoint);
            socket.Listen(1024);
            return socket;
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new IOException($"cannot listen on {endpoint}: {e.Message}", e);
        }
    }

    /// <summary>Accepts until <paramref name="stopping"/> (stop or drain); each session runs until <paramref name="sessionsStopping"/>.</summary>
    private async Task AcceptLoopAsync(Socket listener, ConcurrentDictionary<Task, byte> connections, CancellationToken stopping, CancellationToken sessionsStopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(stopping).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (stopping.IsCancellationRequested || e is ObjectDisposedException)
                {
                    return;
                }

                if (e is SocketException { SocketErrorCode: not (SocketError.ConnectionReset or SocketError.ConnectionAborted) } se)
                {
                    // Out of file descriptors or buffers: the connection stays in the backlog, so retrying at once
                    // would spin. Say so and breathe.
                    ServerLog.Refused(_log, null, $"accept failed: {se.SocketErrorCode} ({se.Message})");
                    try
                    {
                        await Task.Delay(TimeSpan.FromMilliseconds(100), _time, stopping).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                }

                continue;
            }

            var task = HandleConnectionAsync(client, MarksOf(listener), sessionsStopping);
            connections.TryAdd(task, 0);
            _ = task.ContinueWith(t => connections.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private static ServerSessionSettings BuildSessionSettings(ServerOptions options, ReadOnlyMemory<byte> leafSha1, ReadOnlyMemory<byte> leafSha256) => new()
    {
        Sstp = new SstpServerSettings
        {
            CertHashesSha1 = [leafSha1.ToArray()],
            CertHashesSha256 = [leafSha256.ToArray()],
            CryptoBindingPolicy = options.CryptoBinding,
            HelloInterval = options.HelloInterval,
        },
        Lcp = new LcpSettings
        {
            Mru = options.Tunnel.Mtu,
            MaxPeerMru = Math.Max(LcpSettings.DefaultMru, options.Tunnel.Mtu),
            AuthProtocols = options.Auth.Select(ToLcpOption).ToList(),
        },
        // With RADIUS, EAP goes through to the RADIUS server (EAP-MSCHAPv2, EAP-TLS, PEAP as it supports).
        Authenticator = new Protocol.Ppp.Auth.AuthenticatorSettings { EapPassThrough = options.Radius.Enabled },
        EnableIpv6 = options.Pool.Ipv6 is not null,
        HttpRequestTimeout = options.Limits.HttpRequestTimeout,
    };

    private static AuthProtocolOption ToLcpOption(AuthMethod method) => method switch
    {
        AuthMethod.Pap => AuthProtocolOption.Pap,
        AuthMethod.Chap => AuthProtocolOption.ChapMd5,
        AuthMethod.MsChapV2 => AuthProtocolOption.MsChapV2,
        _ => AuthProtocolOption.Eap,
    };
}
