using System.Net;
using Sstp.IO.Driving;
using Sstp.IO.Radius;
using Sstp.Protocol.Policing;
using Sstp.Protocol.Ppp.Auth;
using Sstp.Protocol.Radius;
using Sstp.Protocol.Session;
using Sstp.Server.Aaa;
using Sstp.Server.Diagnostics;

namespace Sstp.Server.Hosting;

/// <summary>RADIUS: authentication, authorization (addresses, timeouts), accounting and Disconnect/CoA.</summary>
public sealed partial class SstpServer : IDasSessionControl
{
    private RadiusClient? _radius;
    private Aaa.RadiusAuthenticator? _radiusAuth;
    private RadiusAccounting? _accounting;
    private DynamicAuthorizationListener? _das;
    private Task? _dasTask;

    private bool RadiusEnabled => _radiusAuth is not null;

    private void StartRadius(CancellationToken stopping)
    {
        var radius = _options.Radius;
        if (!radius.Enabled)
        {
            return;
        }

        _radiusSecretText = File.ReadAllText(radius.SecretFile!);
        var secrets = RadiusSecrets.Parse(_radiusSecretText, radius.SecretFile!);
        _radius = CreateRadiusClient(radius, secrets, out var servers);
        _radiusAuth = new Aaa.RadiusAuthenticator(_radius);
        _accounting = new RadiusAccounting(_radius, _log, _time);
        if (radius.Das is { } das)
        {
            var clients = servers.Select(s => new DasClient(s.Auth.Address, s.Secret)).DistinctBy(c => c.Address).ToList();
            // Requests naming another NAS get a NAK 403 (RFC 5176 §3.5).
            var ourNas = new RadiusNasAttributes { NasIdentifier = radius.NasIdentifier ?? Environment.MachineName };
            _das = new DynamicAuthorizationListener(das, clients, this, _log, ourNas);
            _dasTask = _das.RunAsync(stopping);
        }
    }

    private RadiusClient CreateRadiusClient(Configuration.RadiusOptions radius, RadiusSecrets secrets, out List<RadiusServerEndpoint> servers)
    {
        servers = radius.Servers
            .Select((server, i) => new RadiusServerEndpoint(server, radius.AccountingFor(i), secrets.For(server.Address), i))
            .ToList();
        return new RadiusClient(
            new RadiusClientOptions
            {
                Servers = servers,
                RequireMessageAuthenticator = radius.RequireMessageAuthenticator,
                Answered = (server, accounting, latency) => Metrics.RadiusAnswered(server.ToString(), accounting ? "accounting" : "auth", latency),
            },
            _log,
            _time);
    }

    private async Task StopRadiusAsync()
    {
        if (_das is not null)
        {
            await _das.DisposeAsync().ConfigureAwait(false);
            if (_dasTask is not null)
            {
                try
                {
                    await _dasTask.ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // Stopped.
                }
            }
        }

        if (_accounting is not null)
        {
            // Flushes queued Stop records (bounded by the client's timeouts).
            await _accounting.DisposeAsync().ConfigureAwait(false);
        }

        if (_radius is not null)
        {
            await _radius.DisposeAsync().ConfigureAwait(false);
        }
    }

    private RadiusNasAttributes NasFor(ServerSessionState state) => new()
    {
        NasIdentifier = _options.Radius.NasIdentifier ?? Environment.MachineName,
        NasPort = (uint)state.Id,
        NasPortId = _options.Tunnel.Name,
        CallingStationId = state.Peer?.Address.ToString(),
        CalledStationId = state.Local?.Address.ToString(),
        AcctSessionId = state.AcctSessionId,
    };

    /// <summary>Asks RADIUS; the answer comes back to the session's loop through <see cref="SessionDriver.Post"/>.</summary>
    private void AuthenticateWithRadius(SessionDriver driver, ServerSessionState state, AuthRequest request)
    {
        var nas = NasFor(state);
        var stateAttribute = state.RadiusState;

        // EAP: the identity of the first round is the User-Name of every later round (RFC 3579 §2.1).
        if (request is EapPassThroughRequest eap && state.EapIdentity is null
            && RadiusAuthMapper.TryGetEapIdentity(eap.EapPacket, out var identity))
        {
            state.EapIdentity = identity;
        }

        string? userName = request is EapPassThroughRequest ? state.EapIdentity : null;
        state.LogContext.User = UserOf(request) is { Length: > 0 } tried ? tried : state.EapIdentity ?? state.LogContext.User;
        _ = Task.Run(async () =>
        {
            RadiusAuthResult? result = null;
            try
            {
                result = await _radiusAuth!.AuthenticateAsync(request, nas, stateAttribute, userName, state.Timers.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or InvalidOperationException or ArgumentException)
            {
                // A fault of ours or of the socket: the user is refused now instead of waiting for the pre-auth timeout.
                ServerLog.SessionBug(_log, state.Id, e);
            }

            driver.Post(s =>
            {
                var session = (ServerSession)s;
                if (result is null)
                {
                    ServerLog.AuthFailed(_log, state.Id, UserOf(request), state.Peer, MethodOf(request), "no RADIUS server answered", AuthFailedError);
                    session.CompleteAuthentication(AuthDecision.Reject("Authentication service unavailable"), driver.Now);
                    return;
                }

                state.RadiusState = result.State;
                var decision = result.Decision;
                if (decision.Kind == AuthDecisionKind.Accept)
                {
                    state.Authorization = result.Authorization;
                    string key = UserOf(request) is { Length: > 0 } name ? name : state.EapIdentity ?? session.AuthenticatedUser ?? "-";
                    state.User = key;
                    state.LogContext.User = key;
                    if (!TryCountUser(key))
                    {
                        ServerLog.UserRefused(_log, state.Id, key, $"already has {_options.Limits.MaxSessionsPerUser} session(s), the per-user limit", PerUserLimitError(request));
                        session.CompleteAuthentication(AuthDecision.Reject("Too many sessions for this user", errorCode: PerUserLimitMsChapError), driver.Now);
                        return;
                    }

                    state.CountedForUser = true;
                }
                else if (decision.Kind == AuthDecisionKind.Reject)
                {
                    string who = UserOf(request) is { Length: > 0 } named ? named : state.EapIdentity ?? "-";
                    ServerLog.AuthFailed(_log, state.Id, who, state.Peer, MethodOf(request), result.ReplyMessage ?? "rejected by RADIUS", AuthFailedError);
                    RecordAuthFailure(state, who);
                }

                session.CompleteAuthentication(decision, driver.Now);
            });
        });
    }

    private static string UserOf(AuthRequest request) => request switch
    {
        PapRequest r => r.User,
        ChapMd5Request r => r.User,
        MsChapV2Request r => r.User,
        _ => string.Empty,
    };

    private static string MethodOf(AuthRequest request) => request.GetType().Name.Replace("Request", string.Empty, StringComparison.Ordinal);

    /// <summary>Starts accounting and the RADIUS timers once the tunnel is up.</summary>
    private void OnTunnelUpRadius(SessionDriver driver, ServerSessionState state)
    {
        var authorization = state.Authorization;
        if (_accounting is not null)
        {
            state.Accounting = new AccountingSession(
                state.AcctSessionId,
                state.User ?? driver.Session.AuthenticatedUser ?? string.Empty,
                NasFor(state),
                state.IPv4,
                state.IPv6Prefix,
                authorization?.Classes ?? [],
                RadiusAuthenticated: authorization is not null);
            _accounting.Start(state.Accounting);
            if (authorization?.AcctInterimInterval is { } interval && interval > TimeSpan.Zero)
            {
                _ = InterimLoopAsync(driver, state, interval < _options.Radius.MinInterimInterval ? _options.Radius.MinInterimInterval : interval);
            }
        }

        if (authorization?.SessionTimeout is { } lifetime && lifetime > TimeSpan.Zero)
        {
            ArmSessionTimeout(driver, state, lifetime);
        }

        if (authorization?.IdleTimeout is { } idle && idle > TimeSpan.Zero)
        {
            _ = IdleLoopAsync(driver, state, idle);
        }
    }

    private void OnClosedRadius(SessionDriver driver, ServerSessionState state, DisconnectReason reason)
    {
        state.Timers.Cancel();
        if (_accounting is not null && state.Accounting is { } accounting)
        {
            _accounting.Stop(accounting, Counters(driver, state), reason.AcctTerminateCause());
            state.Accounting = null;
        }
    }

    private AccountingCounters Counters(SessionDriver driver, ServerSessionState state)
    {
        var traffic = driver.Traffic;
        return new AccountingCounters(traffic.BytesIn, traffic.BytesOut, traffic.PacketsIn, traffic.PacketsOut, _time.GetUtcNow() - state.Started);
    }

    private void ArmSessionTimeout(SessionDriver driver, ServerSessionState state, TimeSpan lifetime)
    {
        state.SessionTimeout?.Cancel();
        state.SessionTimeout?.Dispose();
        var cancel = CancellationTokenSource.CreateLinkedTokenSource(state.Timers.Token);
        state.SessionTimeout = cancel;
        var remaining = lifetime - (_time.GetUtcNow() - state.Started);
        _ = Task.Run(async () =>
        {
            try
            {
                await Task.Delay(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, _time, cancel.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            driver.Post(s => ((ServerSession)s).Refuse(DisconnectReason.SessionTimeout, $"Session-Timeout of {lifetime.TotalSeconds:0} s reached", driver.Now));
        });
    }

    private async Task IdleLoopAsync(SessionDriver driver, ServerSessionState state, TimeSpan idle)
    {
        long last = -1;
        var quietSince = _time.GetUtcNow();
        try
        {
            while (true)
            {
                await Task.Delay(TimeSpan.FromSeconds(Math.Clamp(idle.TotalSeconds / 4, 1, 30)), _time, state.Timers.Token).ConfigureAwait(false);
                long seen = driver.Traffic.PacketsIn + driver.Traffic.PacketsOut;
                if (seen != last)
                {
                    last = seen;
                    quietSince = _time.GetUtcNow();
                }
                else if (_time.GetUtcNow() - quietSince >= idle)
                {
                    driver.Post(s => ((ServerSession)s).Refuse(DisconnectReason.IdleTimeout, $"no traffic for {idle.TotalSeconds:0} s (Idle-Timeout)", driver.Now));
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Session over.
        }
    }

    private async Task InterimLoopAsync(SessionDriver driver, ServerSessionState state, TimeSpan interval)
    {
        try
        {
            while (true)
            {
                await Task.Delay(interval, _time, state.Timers.Token).ConfigureAwait(false);
                if (state.Accounting is { } accounting)
                {
                    _accounting!.Interim(accounting, Counters(driver, state));
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Session over.
        }
    }

    /// <inheritdoc/>
    public DasOutcome Disconnect(DasSelector selector)
    {
        ArgumentNullException.ThrowIfNull(selector);
        var matches = Select(selector);
        EndSessions(matches, "RADIUS Disconnect-Request");
        return matches.Count > 0 ? DasOutcome.Done : DasOutcome.NotFound;
    }

    /// <inheritdoc/>
    public DasOutcome Change(DasSelector selector, TimeSpan? sessionTimeout, RateLimit rateLimit)
    {
        ArgumentNullException.ThrowIfNull(selector);
        if (sessionTimeout is null && rateLimit.IsUnspecified)
        {
            return DasOutcome.Unsupported;
        }

        var matches = Select(selector);
        foreach (var driver in matches)
        {
            // Session state is the loop's: re-arm the timer and recompute the rate there, not on the listener's thread.
            driver.Post(_ =>
            {
                if (sessionTimeout is { } lifetime)
                {
                    ArmSessionTimeout(driver, (ServerSessionState)driver.HostState!, lifetime);
                }

                if (!rateLimit.IsUnspecified)
                {
                    ChangeRate(driver, rateLimit);
                }
            });
        }

        return matches.Count > 0 ? DasOutcome.Done : DasOutcome.NotFound;
    }

    private List<SessionDriver> Select(DasSelector selector) => _sessions.Values.Where(driver =>
    {
        var state = (ServerSessionState)driver.HostState!;
        if (selector.AcctSessionId is null && selector.UserName is null && selector.FramedIp is null)
        {
            return false;
        }

        return (selector.AcctSessionId is null || selector.AcctSessionId == state.AcctSessionId)
            && (selector.UserName is null || string.Equals(selector.UserName, state.User, StringComparison.OrdinalIgnoreCase))
            && (selector.FramedIp is null || selector.FramedIp.Equals(state.IPv4));
    }).ToList();
}
