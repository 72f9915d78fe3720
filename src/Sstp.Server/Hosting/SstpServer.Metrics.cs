using System.Net;
using Sstp.IO.Driving;
using Sstp.Protocol.Session;
using Sstp.Protocol.Sstp;
using Sstp.Server.Diagnostics;
using Sstp.Server.Diagnostics.Metrics;

namespace Sstp.Server.Hosting;

/// <summary>
/// Metrics: setup milestones timed with the server's clock as events arrive, refusals and results counted, and
/// the observed totals (traffic, drops, pools, RADIUS) summed over live sessions plus those already closed.
/// </summary>
public sealed partial class SstpServer
{
    private readonly Lock _retired = new();
    private long _closedBytesIn;
    private long _closedBytesOut;
    private long _closedPacketsIn;
    private long _closedPacketsOut;
    private long _closedDropsQueue;
    private long _closedDropsRate;
    private long _closedDropsSpoofed;
    private PrometheusCollector? _collector;
    private MetricsEndpoint? _metricsEndpoint;

    /// <summary>The server's instruments (meter <see cref="ServerMetrics.MeterName"/>).</summary>
    public ServerMetrics Metrics { get; }

    /// <summary>Where <c>/metrics</c> is served, once started with <c>metrics.listen</c> set; null otherwise.</summary>
    public IPEndPoint? MetricsEndpoint => _metricsEndpoint?.LocalEndpoint;

    /// <summary>Current values of the observed metrics.</summary>
    public ServerMetricsSnapshot CollectMetrics()
    {
        var active = new Dictionary<string, int>(StringComparer.Ordinal);
        long bytesIn, bytesOut, packetsIn, packetsOut, queue, rate, spoofed;
        lock (_retired)
        {
            (bytesIn, bytesOut, packetsIn, packetsOut) = (_closedBytesIn, _closedBytesOut, _closedPacketsIn, _closedPacketsOut);
            (queue, rate, spoofed) = (_closedDropsQueue, _closedDropsRate, _closedDropsSpoofed);
            foreach (var driver in _sessions.Values)
            {
                var traffic = driver.Traffic;
                bytesIn += traffic.BytesIn;
                bytesOut += traffic.BytesOut;
                packetsIn += traffic.PacketsIn;
                packetsOut += traffic.PacketsOut;
                queue += traffic.DroppedOut;
                if (driver.HostState is ServerSessionState state)
                {
                    rate += state.Rate.DroppedUp + state.Rate.DroppedDown;
                    spoofed += state.Spoofed;
                    if (state.MetricsAuthMethod is { } method && !state.MetricsClosed)
                    {
                        active[method] = active.GetValueOrDefault(method) + 1;
                    }
                }
            }
        }

        return new ServerMetricsSnapshot
        {
            ActiveByAuthMethod = active,
            Connections = _sessions.Count,
            BytesIn = bytesIn,
            BytesOut = bytesOut,
            PacketsIn = packetsIn,
            PacketsOut = packetsOut,
            DropsQueue = queue,
            DropsRateLimit = rate,
            DropsSpoofed = spoofed,
            DropsTunWrite = Interlocked.Read(ref _tunWriteErrors),
            Pool4Used = _pool4.InUse,
            Pool4Free = _pool4.AvailableDynamic,
            Pool6Used = _pool6?.InUse,
            Pool6Free = _pool6 is null ? null : (long)Math.Min(_pool6.AvailableDynamic, long.MaxValue),
            RadiusTimeouts = _radius?.Status.Select(s => KeyValuePair.Create(s.Auth.ToString(), s.Timeouts)).ToList() ?? [],
            AccountingDropped = _accounting?.Dropped,
            AccountingQueued = _accounting?.Queued,
        };
    }

    /// <summary>Starts <c>/metrics</c> when <c>metrics.listen</c> is set.</summary>
    private void StartMetrics()
    {
        if (_options.MetricsListen is not { } endpoint)
        {
            return;
        }

        _collector = new PrometheusCollector(Metrics.Meter);
        _metricsEndpoint = Diagnostics.Metrics.MetricsEndpoint.Start(endpoint, _collector.Render, () => _draining);
        ServerLog.MetricsListening(_log, _metricsEndpoint.LocalEndpoint);
    }

    private async Task StopMetricsAsync()
    {
        if (_metricsEndpoint is not null)
        {
            await _metricsEndpoint.DisposeAsync().ConfigureAwait(false);
            _metricsEndpoint = null;
        }

        _collector?.Dispose();
        _collector = null;
    }

    /// <summary>A finished session leaves the table; its counters move to the closed totals in the same step.</summary>
    private void Retire(long id, SessionDriver driver, ServerSessionState state)
    {
        lock (_retired)
        {
            var traffic = driver.Traffic;
            _closedBytesIn += traffic.BytesIn;
            _closedBytesOut += traffic.BytesOut;
            _closedPacketsIn += traffic.PacketsIn;
            _closedPacketsOut += traffic.PacketsOut;
            _closedDropsQueue += traffic.DroppedOut;
            _closedDropsRate += state.Rate.DroppedUp + state.Rate.DroppedDown;
            _closedDropsSpoofed += state.Spoofed;
            _sessions.TryRemove(id, out _);
        }
    }

    /// <summary>Session loop, after each round of output until the tunnel is up: times the milestones without events.</summary>
    private void ObserveSetup(SessionDriver driver)
    {
        var state = (ServerSessionState)driver.HostState!;
        var session = (ServerSession)driver.Session;
        if (state.SetupStage == SetupStage.Tls && session.Request is not null)
        {
            MarkPhase(state, SetupStage.Http, "http");
        }

        if (state.SetupStage == SetupStage.Http && session.Sstp.State is SstpState.ServerCallConnectedPending or SstpState.ServerCallConnected)
        {
            MarkPhase(state, SetupStage.Sstp, "sstp");
        }
    }

    /// <summary>Records the time since the previous milestone as <paramref name="phase"/>.</summary>
    private void MarkPhase(ServerSessionState state, SetupStage stage, string phase)
    {
        long now = _time.GetTimestamp();
        Metrics.SetupPhase(phase, _time.GetElapsedTime(state.SetupMark, now));
        state.SetupMark = now;
        state.SetupStage = stage;
    }

    /// <summary>Authentication done (addresses requested).</summary>
    private void MetricsAuthenticated(SessionDriver driver, ServerSessionState state)
    {
        ObserveSetup(driver);
        if (state.SetupStage == SetupStage.Sstp)
        {
            MarkPhase(state, SetupStage.Auth, "auth");
        }
    }

    /// <summary>The tunnel is up: the last phase, the whole setup, the result and the active gauge.</summary>
    private void MetricsTunnelUp(SessionDriver driver, ServerSessionState state)
    {
        driver.SetupObserver = null;
        if (state.SetupStage == SetupStage.Auth)
        {
            MarkPhase(state, SetupStage.Up, "ipcp");
        }

        state.SetupStage = SetupStage.Up;
        Metrics.SetupPhase("total", _time.GetElapsedTime(state.AcceptedAt));
        string method = ServerMetrics.AuthMethodLabel(driver.Session.AuthenticatedMethod);
        Metrics.SessionSetupEnded(method, "up");
        state.MetricsAuthMethod = method;
    }

    /// <summary>The session closed: a setup that never finished counts with its reason, server refusals too.</summary>
    private void MetricsClosed(SessionDriver driver, ServerSessionState state, DisconnectReason reason)
    {
        driver.SetupObserver = null;
        state.MetricsClosed = true;
        if (state.MetricsAuthMethod is not null)
        {
            return;
        }

        string label = ServerMetrics.ReasonLabel(reason);
        Metrics.SessionSetupEnded(ServerMetrics.AuthMethodLabel(driver.Session.AuthenticatedMethod), label);
        if (state.DeadlineRefusal is { } deadline)
        {
            Metrics.Refused(deadline);
        }
        else if (reason is DisconnectReason.HttpRequestRefused or DisconnectReason.AuthenticationFailed or DisconnectReason.AuthenticationTimeout
            or DisconnectReason.NoAddressAvailable or DisconnectReason.CryptoBindingFailed or DisconnectReason.SstpConnectRefused)
        {
            Metrics.Refused(label);
        }
    }

    /// <summary>How far a session's setup got (milestones in order).</summary>
    internal enum SetupStage
    {
        /// <summary>TLS is done.</summary>
        Tls,

        /// <summary>The HTTP request was parsed.</summary>
        Http,

        /// <summary>SSTP negotiated (Call Connect Ack sent).</summary>
        Sstp,

        /// <summary>The user is authenticated.</summary>
        Auth,

        /// <summary>The tunnel is up.</summary>
        Up,
    }
}
