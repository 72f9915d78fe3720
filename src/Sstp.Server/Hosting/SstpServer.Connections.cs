using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using Sstp.IO.Driving;
using Sstp.IO.Primitives;
using Sstp.IO.Tls;
using Sstp.IO.Web;
using Sstp.Protocol.Session;
using Sstp.Server.Configuration;
using Sstp.Server.Diagnostics;

namespace Sstp.Server.Hosting;

/// <summary>One connection from TCP accept to the end of its session.</summary>
public sealed partial class SstpServer
{
    private async Task HandleConnectionAsync(Socket socket, ListenerMarks marks, CancellationToken stopping)
    {
        long accepted = _time.GetTimestamp();
        var peer = socket.RemoteEndPoint as IPEndPoint;
        SocketTuning.Apply(socket);
        if (marks.HasFlag(ListenerMarks.Proxy))
        {
            // From here on the client is the one the trusted balancer names: admission, bans, logs, RADIUS.
            peer = await ReadProxyHeaderAsync(socket, peer, stopping).ConfigureAwait(false);
            if (peer is null)
            {
                socket.Dispose();
                return;
            }
        }

        ReadOnlyMemory<byte> forwardedHead = default;
        if (ReadsForwardedFor(marks, peer))
        {
            // A trusted proxy stands for many clients: admission, bans and logs go by the one its
            // X-Forwarded-For names (SstpServer.ForwardedFor.cs), never by the proxy's own address.
            var forwarded = await ReadForwardedForAsync(socket, peer!, stopping).ConfigureAwait(false);
            if (forwarded is null)
            {
                socket.Dispose();
                return;
            }

            (peer, forwardedHead) = forwarded.Value;
        }

        if (!AdmitSource(peer, out var admission))
        {
            // Banned, too fast, or too many unauthenticated connections from this source: closed before any TLS work.
            socket.Dispose();
            return;
        }

        if (_sessions.Count >= _options.Limits.MaxSessions)
        {
            LogRefusal(peer, "max_sessions", $"the server has its maximum of {_options.Limits.MaxSessions} sessions");
            ReleaseSource(admission);
            socket.Dispose();
            return;
        }

        // The semaphore of this connection: a reload may install another one, this connection gives back to its own.
        var handshakes = _handshakes;
        if (!handshakes.Wait(0, CancellationToken.None))
        {
            LogRefusal(peer, "handshake_limit", $"{_options.Limits.MaxConcurrentHandshakes} handshakes are already in progress");
            ReleaseSource(admission);
            socket.Dispose();
            return;
        }

        bool handshakeSlot = true;
        void ReleaseHandshake()
        {
            if (handshakeSlot)
            {
                handshakeSlot = false;
                handshakes.Release();
                ReleaseSource(admission);
            }
        }

        var stream = new NetworkStream(socket, ownsSocket: true);
        TlsConnection? tls = null;
        try
        {
            // On an offload listener the proxy ended TLS: the session reads plain HTTP and SSTP from TCP.
            tls = marks.HasFlag(ListenerMarks.Offload) ? null : await _acceptor.AcceptAsync(stream, stopping).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AuthenticationException or IOException or TimeoutException or OperationCanceledException or ObjectDisposedException)
        {
            OnTlsFailed(peer, e);
            ReleaseHandshake();
            await stream.DisposeAsync().ConfigureAwait(false);
            return;
        }

        Stream sessionStream = tls is null ? stream : tls.Stream;
        if (!forwardedHead.IsEmpty)
        {
            // The head already read for X-Forwarded-For comes first again for the session (or the web routing).
            sessionStream = new PrefixedStream(forwardedHead, stream);
        }

        if (_options.WebBackend is { } webBackend)
        {
            // Sharing the port with a website: only a valid SSTP request goes on to a session (SstpServer.Web.cs).
            var routed = await RouteWebAsync(sessionStream, peer, webBackend, ReleaseHandshake, stopping).ConfigureAwait(false);
            if (routed is null)
            {
                ReleaseHandshake();
                await sessionStream.DisposeAsync().ConfigureAwait(false);
                await stream.DisposeAsync().ConfigureAwait(false);
                return;
            }

            sessionStream = routed;
        }

        long id = Interlocked.Increment(ref _nextId);
        var settings = tls is null ? OffloadSettings() : SessionSettingsFor(tls);
        var session = new ServerSession(settings, _random, TimeSpan.Zero, _time.GetUtcNow());
        var state = new ServerSessionState(id, peer, tls, sessionStream, _time.GetUtcNow())
        {
            Listener = marks,
            Local = socket.LocalEndPoint as IPEndPoint,
            AcceptedAt = accepted,
            SetupMark = accepted,
            LogContext = new SessionLogContext(id, peer, () => session.Request?.CorrelationId),
        };
        MarkPhase(state, SetupStage.Tls, "tls");
        var host = new SessionHost(this, ReleaseHandshake);
        var driver = new SessionDriver(session, sessionStream, host, _time, _driverOptions) { HostState = state, SetupObserver = ObserveSetup };
        _sessions[id] = driver;

        // Every line logged from here on in this session's flow (its loop, writer, timers, RADIUS tasks and
        // cleanup) carries the session's context; see ARCHITECTURE.md on logging.
        using var logScope = _log.BeginScope(state.LogContext);
        ServerLog.Accepted(_log, id, peer, ListenSpec.Describe(marks));

        // A connection must authenticate within the pre-auth time and be up within the setup time (slow or silent
        // clients are cut off).
        using var preAuth = new CancellationTokenSource();
        _ = DeadlineWatchAsync(driver, state, preAuth.Token);
        try
        {
            await driver.RunAsync(stopping).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A bug of ours: log it; the other sessions go on.
            ServerLog.SessionBug(_log, id, e);
        }
        finally
        {
            await preAuth.CancelAsync().ConfigureAwait(false);
            ReleaseHandshake();
            await ReleaseRoutesAsync(driver, state).ConfigureAwait(false);
            Cleanup(driver, state);

            // The session's stream may be a view over the TLS stream (web sharing) or the TCP stream (offload):
            // close all the layers.
            await sessionStream.DisposeAsync().ConfigureAwait(false);
            if (tls is not null)
            {
                await tls.DisposeAsync().ConfigureAwait(false);
            }

            await stream.DisposeAsync().ConfigureAwait(false);
            Retire(id, driver, state);
        }
    }

    /// <summary>
    /// Gives back everything a finished session held: addresses, the per-user count. Its kernel routes and
    /// routed prefixes went first (<see cref="ReleaseRoutesAsync"/>).
    /// </summary>
    private void Cleanup(SessionDriver driver, ServerSessionState state)
    {
        state.Timers.Cancel();
        if (_accounting is not null && state.Accounting is { } accounting)
        {
            // The session ended without its Closed event (a bug of ours): RADIUS still gets its Stop.
            _accounting.Stop(accounting, Counters(driver, state), DisconnectReason.None.AcctTerminateCause());
            state.Accounting = null;
        }

        // Under the address lock: a reload moving the leases to new pools must see each lease exactly once.
        lock (_addressLock)
        {
            ReleaseAddresses(driver, state);
        }

        if (state.CountedForUser && state.User is { } user)
        {
            lock (_perUser)
            {
                _perUser[user] = Math.Max(0, _perUser.GetValueOrDefault(user) - 1);
            }

            state.CountedForUser = false;
        }
    }

    private void ReleaseAddresses(SessionDriver driver, ServerSessionState state)
    {
        if (state.IPv4 is { } v4)
        {
            _router.RemoveIPv4(ToUInt32(v4), driver);
            if (state.IPv4FromPool)
            {
                _pool4.Release(v4);
            }

            state.IPv4 = null;
        }

        if (state.IPv6Prefix is { } v6)
        {
            _router.RemoveIPv6Prefix(UpperHalf(v6.BaseAddress), driver);
            if (state.IPv6FromPool)
            {
                _pool6?.Release(v6);
            }

            state.IPv6Prefix = null;
        }
    }

    private static uint ToUInt32(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[4];
        address.TryWriteBytes(bytes, out _);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes);
    }

    private static ulong UpperHalf(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes);
    }
}
