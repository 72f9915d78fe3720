using System.Globalization;
using System.Reflection;
using Sstp.IO.Driving;
using Sstp.Protocol.Session;
using Sstp.Server.Aaa;
using Sstp.Server.Control;
using Sstp.Server.Diagnostics;

namespace Sstp.Server.Hosting;

/// <summary>
/// The management socket's view of the server (<c>sstp ctl</c>): status, the session table, kick, drain and
/// reload. Everything here runs on the control socket's threads: it reads the session table (a concurrent
/// dictionary), the drivers' counters and what the loops published in <see cref="ServerSessionState"/>, and
/// acts on a session only by posting to its loop.
/// </summary>
/// <remarks>
/// Drain closes the listeners (so the kernel refuses new connections at once instead of letting them wait in
/// a backlog), turns <c>/health</c> to 503 and lets the sessions run. The server then stops the usual way when
/// the last session is gone, or when the deadline passes (closing the rest as on SIGTERM), and
/// <see cref="RunAsync"/> returns normally.
/// </remarks>
public sealed partial class SstpServer : IControlTarget
{
    private readonly CancellationTokenSource _stopAccepting = new();
    private readonly CancellationTokenSource _drained = new();
    private readonly Lock _drainLock = new();
    private ControlListener? _control;
    private DateTimeOffset _servingSince;
    private IReadOnlyList<string> _listening = [];
    private DateTimeOffset? _drainDeadline;
    private volatile bool _draining;

    /// <summary>
    /// What <c>sstp ctl reload</c> runs; it returns a sentence for the operator and throws when the reload failed.
    /// Null (the default) answers reload with "reload is not available".
    /// </summary>
    public Func<CancellationToken, Task<string>>? ReloadHandler { get; set; }

    /// <summary>True once a drain started: no new connections, <c>/health</c> answers 503.</summary>
    public bool Draining => _draining;

    /// <summary>Where the management socket listens, once started; null when disabled.</summary>
    public string? ControlSocketPath => _control?.Path;

    /// <inheritdoc/>
    public bool CanReload => ReloadHandler is not null;

    /// <inheritdoc/>
    public Task<string> ReloadAsync(CancellationToken cancel) =>
        ReloadHandler is { } reload ? reload(cancel) : throw new InvalidOperationException("reload is not available");

    /// <inheritdoc/>
    public ControlStatus GetStatus()
    {
        var now = _time.GetUtcNow();
        int up = 0, setup = 0;
        foreach (var driver in _sessions.Values)
        {
            if (driver.HostState is ServerSessionState { MetricsAuthMethod: not null, MetricsClosed: false })
            {
                up++;
            }
            else
            {
                setup++;
            }
        }

        // The certificate new handshakes get (a reload may have replaced the one the server started with).
        var certificate = CertificateStatus;
        var notAfter = certificate.NotAfter;
        return new ControlStatus
        {
            Version = typeof(SstpServer).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown",
            StartedAt = _servingSince,
            UptimeSeconds = (long)(now - _servingSince).TotalSeconds,
            Listeners = _draining ? [] : _listening,
            Tun = _options.Tunnel.Name,
            Certificate = new ControlCertificate
            {
                Subject = certificate.Subject,
                NotAfter = notAfter,
                DaysLeft = (int)Math.Floor((notAfter - now).TotalDays),
                Warnings = certificate.Warnings,
            },
            RssBytes = Environment.WorkingSet,
            SessionsUp = up,
            SessionsSetup = setup,
            Draining = _draining,
            DrainDeadline = _drainDeadline,
            MetricsListen = MetricsEndpoint?.ToString(),
        };
    }

    /// <inheritdoc/>
    public IReadOnlyList<ControlSession> GetSessions()
    {
        var now = _time.GetUtcNow();
        var rows = new List<ControlSession>(_sessions.Count);
        foreach (var (id, driver) in _sessions)
        {
            if (driver.HostState is not ServerSessionState state)
            {
                continue;
            }

            var traffic = driver.Traffic;
            rows.Add(new ControlSession
            {
                Id = id,
                State = state.MetricsClosed ? "closed" : state.MetricsAuthMethod is not null ? "up" : "setup",
                User = state.User,
                Peer = state.Peer?.ToString(),
                IPv4 = state.IPv4?.ToString(),
                IPv6Prefix = state.IPv6Prefix?.ToString(),
                AuthMethod = state.MetricsAuthMethod,
                TlsProtocol = state.TlsProtocol,
                TlsCipher = state.TlsCipher,
                CorrelationId = state.CorrelationId,
                Started = state.Started,
                UptimeSeconds = (long)(now - state.Started).TotalSeconds,
                BytesIn = traffic.BytesIn,
                BytesOut = traffic.BytesOut,
                PacketsIn = traffic.PacketsIn,
                PacketsOut = traffic.PacketsOut,
                RateLimit = state.Rate.Current.ToString(),
            });
        }

        rows.Sort((a, b) => a.Id.CompareTo(b.Id));
        return rows;
    }

    /// <inheritdoc/>
    public IReadOnlyList<long> Kick(long? id, string? user, string caller)
    {
        List<SessionDriver> matches = id is { } wanted
            ? _sessions.TryGetValue(wanted, out var one) ? [one] : []
            : user is not null ? Select(new DasSelector(null, user, null)) : [];
        foreach (var driver in matches)
        {
            var state = (ServerSessionState)driver.HostState!;
            ServerLog.Kicked(_log, state.Id, state.User ?? "-", state.Peer, caller);
        }

        EndSessions(matches, "sstp ctl kick");
        return matches.Select(d => ((ServerSessionState)d.HostState!).Id).Order().ToList();
    }

    /// <inheritdoc/>
    public ControlStatus Drain(TimeSpan? deadline, string caller)
    {
        lock (_drainLock)
        {
            if (!_draining)
            {
                _drainDeadline = deadline is { } d ? _time.GetUtcNow() + d : null;
                _draining = true;
                StopAccepting();
                ServerLog.DrainStarted(_log, caller, _sessions.Count, _drainDeadline?.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) ?? "none");
                _ = WatchDrainAsync(_drainDeadline);
            }
        }

        return GetStatus();
    }

    /// <summary>Ends <paramref name="drivers"/> as an administrator: LCP Terminate, SSTP Call Disconnect, accounting Admin-Reset.</summary>
    private static void EndSessions(IEnumerable<SessionDriver> drivers, string detail)
    {
        foreach (var driver in drivers)
        {
            driver.Post(s => ((ServerSession)s).Refuse(DisconnectReason.AdminDisconnect, detail, driver.Now));
        }
    }

    /// <summary>Opens the management socket when <c>control.socket</c> is set (before anything else, so a second server stops early).</summary>
    private void StartControl()
    {
        _servingSince = _time.GetUtcNow();
        if (_options.ControlSocket is { } path)
        {
            _control = ControlListener.Start(path, this, _log);
        }
    }

    private async Task StopControlAsync()
    {
        if (_control is not null)
        {
            await _control.DisposeAsync().ConfigureAwait(false);
            _control = null;
        }
    }

    /// <summary>Called once the listeners are bound: what <c>status</c> lists (and a drain asked for during start-up closes them).</summary>
    private void RecordListeners()
    {
        _listening = _listeners.Select(l => l.LocalEndPoint?.ToString() ?? "?").ToList();
        lock (_drainLock)
        {
            if (_draining)
            {
                StopAccepting();
            }
        }
    }

    /// <summary>Ends the accept loops, then closes the listening sockets so new connections are refused.</summary>
    private void StopAccepting()
    {
        _stopAccepting.Cancel();
        foreach (var listener in _listeners)
        {
            listener.Dispose();
        }
    }

    /// <summary>Waits until no session is left or the deadline passed, then lets <see cref="RunAsync"/> stop.</summary>
    private async Task WatchDrainAsync(DateTimeOffset? deadline)
    {
        try
        {
            while (true)
            {
                if (_sessions.IsEmpty)
                {
                    ServerLog.DrainFinished(_log, "no session left");
                    break;
                }

                if (deadline is { } until && _time.GetUtcNow() >= until)
                {
                    ServerLog.DrainFinished(_log, string.Create(CultureInfo.InvariantCulture, $"the deadline passed with {_sessions.Count} session(s) left; closing them"));
                    break;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(250), _time, _drained.Token).ConfigureAwait(false);
            }

            await _drained.CancelAsync().ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Already stopping.
        }
    }
}
