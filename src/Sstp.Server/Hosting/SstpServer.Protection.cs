using System.Net;
using Sstp.IO.Driving;
using Sstp.Protocol.Http;
using Sstp.Protocol.Session;
using Sstp.Server.Configuration;
using Sstp.Server.Diagnostics;
using Sstp.Server.Protection;

namespace Sstp.Server.Hosting;

/// <summary>
/// Protections against hostile or broken clients: per-source admission at accept (bans, connection rate,
/// unauthenticated connections), deadlines per setup phase, bans after failed logins, the shared cap on buffered
/// data, flood-proof refusal logs and the forced end of sessions that do not close on stop.
/// </summary>
public sealed partial class SstpServer
{
    /// <summary>Refusal lines logged per source and reason and minute; the rest go into one summary line.</summary>
    private const int RefusalLinesPerWindow = 3;

    /// <summary>How often bans are ended and refusal summaries written.</summary>
    private static readonly TimeSpan ProtectionSweepInterval = TimeSpan.FromSeconds(5);

    /// <summary>How long sessions get to close on stop before their connections are aborted.</summary>
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(15);

    private readonly SourceGuard _sourceGuard;
    private readonly BufferBudget _bufferBudget;
    private readonly SessionDriverOptions _driverOptions;
    private readonly LogThrottle<(SourceKey Source, string Reason)> _refusalLog =
        new(RefusalLinesPerWindow, TimeSpan.FromMinutes(1), maxKeys: 4096, overflowKey: (default, "other"));

    /// <summary>Bytes of data queued in all sessions' send queues now (bounded by <c>limits.max-buffered</c>).</summary>
    public long BufferedBytes => _bufferBudget.Used;

    /// <summary>Sources the per-source limits track now.</summary>
    public int TrackedSources => _sourceGuard.Count;

    /// <summary>
    /// Applies changed protection limits to the running server (a configuration reload): per-source limits, bans and
    /// the buffered-memory cap take effect at once; the deadlines are read per connection anyway. The TLS handshake
    /// deadline is the acceptor's and changes with it.
    /// </summary>
    internal void ApplyProtectionLimits(LimitsOptions limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        _sourceGuard.Settings = GuardSettings(limits);
        _bufferBudget.Capacity = limits.MaxBuffered;
    }

    private static SourceGuardSettings GuardSettings(LimitsOptions limits) => new()
    {
        ConnectionRate = limits.SourceRate,
        MaxPreAuthPerSource = limits.MaxPreAuthPerSource,
        AuthFailures = limits.AuthFailures,
        BanTime = limits.BanTime,
    };

    private long ProtectionNow() => RateNow();

    /// <summary>Per-source admission at accept, before TLS. False: refused (logged, counted); the caller closes the socket.</summary>
    private bool AdmitSource(IPEndPoint? peer, out Admission admission)
    {
        admission = default;
        if (peer is null)
        {
            return true;
        }

        admission = _sourceGuard.TryAdmit(SourceKey.Of(peer.Address), ProtectionNow());
        var limits = _options.Limits;
        (string? label, string? why) = admission.Verdict switch
        {
            SourceVerdict.Banned => ("banned", "the source is banned after failed logins"),
            SourceVerdict.RateLimited => ("source_rate", $"the source opens connections faster than {limits.SourceRate}"),
            SourceVerdict.TooManyPreAuth => ("pre_auth_per_source", $"the source already has {limits.MaxPreAuthPerSource} unauthenticated connection(s)"),
            _ => ((string?)null, (string?)null),
        };
        if (label is null)
        {
            return true;
        }

        LogRefusal(peer, label, why!);
        return false;
    }

    private void ReleaseSource(Admission admission) => _sourceGuard.EndPreAuth(admission);

    /// <summary>Counts a refusal at accept and logs it, at most a few lines per source, reason and minute.</summary>
    private void LogRefusal(IPEndPoint? peer, string label, string why)
    {
        Metrics.Refused(label);
        var key = (peer is null ? default : SourceKey.Of(peer.Address), label);
        if (_refusalLog.ShouldLog(key, ProtectionNow(), out var summary))
        {
            if (summary is not null)
            {
                LogSummary(summary);
            }

            ServerLog.Refused(_log, peer, why);
        }
        else if (summary is not null)
        {
            LogSummary(summary);
        }
    }

    private void LogSummary(Suppressed<(SourceKey Source, string Reason)> summary) =>
        ServerLog.RefusedSummary(_log, summary.Key.Reason == "other" && summary.Key.Source == default ? "other sources" : summary.Key.Source.ToString(), summary.Count, _refusalLog.WindowLength.TotalSeconds, summary.Key.Reason);

    /// <summary>A failed TLS handshake: a timeout is a deadline (its own reason), anything else a TLS failure.</summary>
    private void OnTlsFailed(IPEndPoint? peer, Exception e)
    {
        if (e is TimeoutException)
        {
            Metrics.Refused("tls_timeout");
            if (ShouldLogDeadline(peer, "tls_timeout"))
            {
                ServerLog.DeadlineExpired(_log, peer, "TLS handshake", _options.Limits.TlsHandshakeTimeout.TotalSeconds);
            }

            return;
        }

        Metrics.Refused(e is OperationCanceledException ? "stopping" : "tls_handshake");
        if (ShouldLogDeadline(peer, "tls_handshake"))
        {
            ServerLog.TlsFailed(_log, peer, e.Message);
        }
    }

    private bool ShouldLogDeadline(IPEndPoint? peer, string label)
    {
        var key = (peer is null ? default : SourceKey.Of(peer.Address), label);
        bool log = _refusalLog.ShouldLog(key, ProtectionNow(), out var summary);
        if (summary is not null)
        {
            LogSummary(summary);
        }

        return log;
    }

    /// <summary>
    /// Watches the deadlines after TLS: authenticated within <c>limits.pre-auth-timeout</c>, tunnel up within
    /// <c>limits.setup-timeout</c> (both from accept). The HTTP request deadline is the session's own.
    /// </summary>
    private async Task DeadlineWatchAsync(SessionDriver driver, ServerSessionState state, CancellationToken cancel)
    {
        var limits = _options.Limits;
        var checks = new (TimeSpan At, bool Setup)[] { (limits.PreAuthTimeout, false), (limits.SetupTimeout, true) };
        Array.Sort(checks, (a, b) => a.At.CompareTo(b.At));
        foreach (var (at, setup) in checks)
        {
            var wait = at - _time.GetElapsedTime(state.AcceptedAt);
            try
            {
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, _time, cancel).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }

            driver.Post(s => CheckDeadline(driver, state, (ServerSession)s, setup, at));
        }
    }

    private void CheckDeadline(SessionDriver driver, ServerSessionState state, ServerSession session, bool setup, TimeSpan limit)
    {
        if (session.IsClosed || state.SetupStage == SetupStage.Up || (!setup && state.User is not null))
        {
            return;
        }

        string seconds = limit.TotalSeconds.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture);
        state.DeadlineRefusal = setup ? "setup_timeout" : "pre_auth_timeout";
        if (ShouldLogDeadline(state.Peer, state.DeadlineRefusal))
        {
            ServerLog.DeadlineExpired(_log, state.Peer, setup ? $"tunnel setup (reached {state.SetupStage})" : "authentication", limit.TotalSeconds);
        }

        if (!setup)
        {
            session.Refuse(DisconnectReason.AuthenticationTimeout, $"not authenticated within {seconds} s", driver.Now);
            return;
        }

        var reason = state.SetupStage switch
        {
            SetupStage.Tls or SetupStage.Http => DisconnectReason.SstpNegotiationTimeout,
            SetupStage.Sstp => DisconnectReason.AuthenticationTimeout,
            _ => DisconnectReason.NcpNegotiationFailed,
        };
        session.Refuse(reason, $"tunnel not up within {seconds} s", driver.Now);
    }

    /// <summary>On a session's end, before logs and metrics: names the deadline that ended it, if one did.</summary>
    private void OnClosedProtection(ServerSessionState state, ServerSession session, SessionEvent.Closed closed)
    {
        if (closed.Reason == DisconnectReason.HttpRequestRefused && session.HttpRefusal == HttpRefusal.None && state.DeadlineRefusal is null)
        {
            // The session's own deadline: no complete HTTP request in time.
            state.DeadlineRefusal = "http_timeout";
            if (ShouldLogDeadline(state.Peer, state.DeadlineRefusal))
            {
                ServerLog.DeadlineExpired(_log, state.Peer, "HTTP request", _options.Limits.HttpRequestTimeout.TotalSeconds);
            }
        }
    }

    /// <summary>A login refused for its credentials (not for a transport or server fault): counts toward a ban.</summary>
    private void RecordAuthFailure(ServerSessionState state, string user)
    {
        if (state.Peer is not { } peer
            || _sourceGuard.RecordAuthFailure(SourceKey.Of(peer.Address), user, ProtectionNow()) is not { } ban)
        {
            return;
        }

        ServerLog.BanStarted(_log, ban.Key.ToString(), (_time.GetUtcNow() + ban.Duration).UtcDateTime, ban.Failures, string.Join(", ", ban.Users));
    }

    /// <summary>Ends bans that ran out and writes refusal summaries, every few seconds until the server stops.</summary>
    private async Task ProtectionSweepAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(ProtectionSweepInterval, _time, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            long now = ProtectionNow();
            foreach (var source in _sourceGuard.Sweep(now))
            {
                ServerLog.BanEnded(_log, source.ToString());
            }

            foreach (var summary in _refusalLog.Flush(now))
            {
                LogSummary(summary);
            }
        }
    }

    /// <summary>
    /// After the stop grace time, aborts the connections of sessions that are still open (their TLS streams are
    /// disposed, which ends their loops), so that the process really exits; logs how many.
    /// </summary>
    private async Task AbortRemainingAsync(Task all)
    {
        if (all.IsCompleted)
        {
            return;
        }

        int aborted = 0;
        foreach (var driver in _sessions.Values)
        {
            if (driver.HostState is ServerSessionState state)
            {
                aborted++;
                try
                {
                    await state.Stream.DisposeAsync().ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
                {
                    // Already broken: nothing left to abort.
                }
            }
        }

        ServerLog.StopAborted(_log, aborted, StopGrace.TotalSeconds);
        await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(5), _time, CancellationToken.None)).ConfigureAwait(false);
    }
}
