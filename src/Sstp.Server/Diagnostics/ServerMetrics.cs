using System.Diagnostics;
using System.Diagnostics.Metrics;
using Sstp.Protocol.Ppp.Auth;
using Sstp.Protocol.Session;

namespace Sstp.Server.Diagnostics;

/// <summary>
/// The server's instruments: one <see cref="System.Diagnostics.Metrics.Meter"/> named <see cref="MeterName"/>
/// whose instrument names are Prometheus names (docs/OPERATIONS.md lists them). Events (sessions, refusals, setup
/// phases, RADIUS answers) are recorded as they happen; totals that the data path already counts per session
/// (bytes, packets, drops) and levels (sessions, pools, queues) are observed from a
/// <see cref="ServerMetricsSnapshot"/> only when read, so the data path does no extra work.
/// </summary>
public sealed class ServerMetrics : IDisposable
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "Sstp.Server";

    /// <summary>Bucket boundaries (seconds) of the latency histograms: 1 ms to 10 s.</summary>
    public static IReadOnlyList<double> LatencyBuckets { get; } =
        [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    /// <summary>Every value of the <c>auth_method</c> label; each has an <c>sstp_sessions_active</c> series, 0 or not.</summary>
    public static IReadOnlyList<string> AuthMethodLabels { get; } = ["pap", "chap", "mschapv2", "eap-mschapv2", "eap"];

    private readonly Counter<long> _sessions;
    private readonly Counter<long> _refusals;
    private readonly Counter<long> _web;
    private readonly Histogram<double> _setup;
    private readonly Histogram<double> _radius;
    private readonly Func<ServerMetricsSnapshot> _snapshot;

    /// <summary>Creates the meter; <paramref name="snapshot"/> is called (on the scraping thread) for observed values.</summary>
    public ServerMetrics(Func<ServerMetricsSnapshot> snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        _snapshot = snapshot;
        Meter = new Meter(MeterName);
        var latency = new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets };
        _sessions = Meter.CreateCounter<long>("sstp_sessions_total", description:
            "Sessions whose setup ended, by authentication method and result (up, or the reason setup failed).");
        _refusals = Meter.CreateCounter<long>("sstp_refusals_total", description:
            "Connections or sessions the server refused, by reason.");
        _web = Meter.CreateCounter<long>("sstp_web_requests_total", description:
            "Connections that were not SSTP and went to the website backend (server.web-backend), by how the relay ended.");
        _setup = Meter.CreateHistogram("sstp_setup_seconds", "s",
            "Duration of each setup phase (tls, http, sstp, auth, ipcp) and of the whole setup (total).", advice: latency);
        _radius = Meter.CreateHistogram("sstp_radius_request_seconds", "s",
            "Time from the last transmission of a RADIUS request to its verified answer, by server and kind.", advice: latency);

        Meter.CreateObservableGauge("sstp_sessions_active", ObserveActive, description: "Sessions whose tunnel is up, by authentication method.");
        Meter.CreateObservableGauge("sstp_connections_active", () => _snapshot().Connections, description: "Connections in any phase after TLS.");
        Meter.CreateObservableCounter("sstp_bytes_total", () => Directions(s => s.BytesIn, s => s.BytesOut), description: "IP bytes through tunnels; in = from clients, out = to clients.");
        Meter.CreateObservableCounter("sstp_packets_total", () => Directions(s => s.PacketsIn, s => s.PacketsOut), description: "IP packets through tunnels; in = from clients, out = to clients.");
        Meter.CreateObservableCounter("sstp_drops_total", ObserveDrops, description: "Data packets dropped, by reason (queue, rate_limit, spoofed, tun_write).");
        Meter.CreateObservableGauge("sstp_pool_addresses", ObservePools, description: "Address pool usage: IPv4 addresses or IPv6 /64 prefixes, used or free.");
        Meter.CreateObservableCounter("sstp_radius_timeouts_total", ObserveRadiusTimeouts, description: "RADIUS requests a server left unanswered after every try, by server.");
        Meter.CreateObservableCounter("sstp_accounting_dropped_total", () => Optional(_snapshot().AccountingDropped), description: "RADIUS accounting records given up.");
        Meter.CreateObservableGauge("sstp_accounting_queued", () => Optional(_snapshot().AccountingQueued), description: "RADIUS accounting records waiting to be sent.");

        var start = Process.GetCurrentProcess().StartTime.ToUniversalTime();
        Meter.CreateObservableGauge("process_resident_memory_bytes", () => Environment.WorkingSet, description: "Resident memory size in bytes.");
        Meter.CreateObservableCounter("process_cpu_seconds_total", () => Environment.CpuUsage.TotalTime.TotalSeconds, description: "User and system CPU time spent, in seconds.");
        Meter.CreateObservableGauge("process_start_time_seconds", () => new DateTimeOffset(start).ToUnixTimeMilliseconds() / 1000.0, description: "Start time of the process since the Unix epoch, in seconds.");
        Meter.CreateObservableGauge("process_open_fds", ObserveOpenFds, description: "Open file descriptors.");
    }

    /// <summary>The meter every instrument belongs to (give it to the exporter).</summary>
    public Meter Meter { get; }

    /// <summary>The <c>auth_method</c> label of a method (none before authentication).</summary>
    public static string AuthMethodLabel(AuthMethod? method) => method switch
    {
        AuthMethod.Pap => "pap",
        AuthMethod.ChapMd5 => "chap",
        AuthMethod.MsChapV2 => "mschapv2",
        AuthMethod.EapMsChapV2 => "eap-mschapv2",
        AuthMethod.EapPassThrough => "eap",
        _ => "none",
    };

    /// <summary>A <see cref="DisconnectReason"/> as a label value: snake case (<c>AuthenticationFailed</c> → <c>authentication_failed</c>).</summary>
    public static string ReasonLabel(DisconnectReason reason)
    {
        string name = reason.ToString();
        var text = new System.Text.StringBuilder(name.Length + 8);
        for (int i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                text.Append('_');
            }

            text.Append(char.ToLowerInvariant(name[i]));
        }

        return text.ToString();
    }

    /// <summary>A session's setup ended: its tunnel came up (<paramref name="result"/> <c>up</c>) or it failed (a reason label).</summary>
    public void SessionSetupEnded(string authMethod, string result) =>
        _sessions.Add(1, new KeyValuePair<string, object?>("auth_method", authMethod), new KeyValuePair<string, object?>("result", result));

    /// <summary>The server refused a connection or a session (a reason label, e.g. <c>max_sessions</c>).</summary>
    public void Refused(string reason) => _refusals.Add(1, new KeyValuePair<string, object?>("reason", reason));

    /// <summary>A connection that was not SSTP was relayed to the website; <paramref name="result"/> is how it ended.</summary>
    public void WebRelayed(string result) => _web.Add(1, new KeyValuePair<string, object?>("result", result));

    /// <summary>A setup phase (tls, http, sstp, auth, ipcp or total) took <paramref name="duration"/>.</summary>
    public void SetupPhase(string phase, TimeSpan duration) =>
        _setup.Record(Math.Max(0, duration.TotalSeconds), new KeyValuePair<string, object?>("phase", phase));

    /// <summary>A RADIUS server answered a request of <paramref name="kind"/> (auth or accounting) after <paramref name="latency"/>.</summary>
    public void RadiusAnswered(string server, string kind, TimeSpan latency) =>
        _radius.Record(Math.Max(0, latency.TotalSeconds), new KeyValuePair<string, object?>("server", server), new KeyValuePair<string, object?>("kind", kind));

    /// <inheritdoc/>
    public void Dispose() => Meter.Dispose();

    private static IEnumerable<Measurement<long>> Optional(long? value) =>
        value is { } v ? [new Measurement<long>(v)] : [];

    private static Measurement<long> Labelled(long value, string name, string label) =>
        new(value, new KeyValuePair<string, object?>(name, label));

    private IEnumerable<Measurement<int>> ObserveActive()
    {
        var active = _snapshot().ActiveByAuthMethod;
        foreach (string method in AuthMethodLabels.Union(active.Keys))
        {
            yield return new Measurement<int>(active.GetValueOrDefault(method), new KeyValuePair<string, object?>("auth_method", method));
        }
    }

    private IEnumerable<Measurement<long>> Directions(Func<ServerMetricsSnapshot, long> @in, Func<ServerMetricsSnapshot, long> @out)
    {
        var s = _snapshot();
        return [Labelled(@in(s), "direction", "in"), Labelled(@out(s), "direction", "out")];
    }

    private IEnumerable<Measurement<long>> ObserveDrops()
    {
        var s = _snapshot();
        return
        [
            Labelled(s.DropsQueue, "reason", "queue"),
            Labelled(s.DropsRateLimit, "reason", "rate_limit"),
            Labelled(s.DropsSpoofed, "reason", "spoofed"),
            Labelled(s.DropsTunWrite, "reason", "tun_write"),
        ];
    }

    private IEnumerable<Measurement<long>> ObservePools()
    {
        var s = _snapshot();
        yield return new Measurement<long>(s.Pool4Used, new("family", "ipv4"), new("state", "used"));
        yield return new Measurement<long>(s.Pool4Free, new("family", "ipv4"), new("state", "free"));
        if (s.Pool6Used is { } used6 && s.Pool6Free is { } free6)
        {
            yield return new Measurement<long>(used6, new("family", "ipv6"), new("state", "used"));
            yield return new Measurement<long>(free6, new("family", "ipv6"), new("state", "free"));
        }
    }

    private IEnumerable<Measurement<long>> ObserveRadiusTimeouts() =>
        _snapshot().RadiusTimeouts.Select(t => Labelled(t.Value, "server", t.Key));

    private static IEnumerable<Measurement<int>> ObserveOpenFds()
    {
        const string fds = "/proc/self/fd";
        if (!Directory.Exists(fds))
        {
            return [];
        }

        try
        {
            return [new Measurement<int>(Directory.EnumerateFileSystemEntries(fds).Count())];
        }
        catch (IOException)
        {
            return [];
        }
    }
}
