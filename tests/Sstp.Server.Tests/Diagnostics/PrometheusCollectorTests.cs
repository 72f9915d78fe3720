using System.Diagnostics.Metrics;
using Sstp.Protocol.Session;
using Sstp.Server.Diagnostics;
using Sstp.Server.Diagnostics.Metrics;

namespace Sstp.Server.Tests.Diagnostics;

public class PrometheusCollectorTests
{
    [Fact]
    public void Counter_AddsUpPerLabelSet_WithHelpAndType()
    {
        using var meter = new Meter("test.counter");
        using var collector = new PrometheusCollector(meter);
        var counter = meter.CreateCounter<long>("demo_requests_total", description: "Requests seen.");

        counter.Add(2, new KeyValuePair<string, object?>("code", "200"));
        counter.Add(3, new KeyValuePair<string, object?>("code", "200"));
        counter.Add(1, new KeyValuePair<string, object?>("code", "404"));

        var text = PrometheusText.Parse(collector.Render());
        Assert.Equal("counter", text.Types["demo_requests_total"]);
        Assert.Equal("Requests seen.", text.Help["demo_requests_total"]);
        Assert.Equal(5, text.Value("demo_requests_total", ("code", "200")));
        Assert.Equal(1, text.Value("demo_requests_total", ("code", "404")));
    }

    [Fact]
    public void Labels_AreSortedAndEscaped_SoEqualSetsShareOneSeries()
    {
        using var meter = new Meter("test.labels");
        using var collector = new PrometheusCollector(meter);
        var counter = meter.CreateCounter<long>("demo_total");
        string tricky = "a\"b\\c\nd";

        counter.Add(1, new KeyValuePair<string, object?>("z", "1"), new KeyValuePair<string, object?>("a", tricky));
        counter.Add(1, new KeyValuePair<string, object?>("a", tricky), new KeyValuePair<string, object?>("z", "1"));

        string raw = collector.Render();
        Assert.Contains("demo_total{a=\"a\\\"b\\\\c\\nd\",z=\"1\"} 2\n", raw, StringComparison.Ordinal);
        var text = PrometheusText.Parse(raw);
        Assert.Equal(2, text.Value("demo_total", ("a", tricky), ("z", "1")));
    }

    [Fact]
    public void Histogram_WritesCumulativeBuckets_SumAndCount_OverAdvisedBoundaries()
    {
        using var meter = new Meter("test.histogram");
        using var collector = new PrometheusCollector(meter);
        var histogram = meter.CreateHistogram("demo_seconds", "s", "Latency.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 1, 10] });
        var phase = new KeyValuePair<string, object?>("phase", "tls");

        foreach (double v in new[] { 0.05, 0.1, 0.5, 2, 20 })
        {
            histogram.Record(v, phase);
        }

        var text = PrometheusText.Parse(collector.Render());
        Assert.Equal("histogram", text.Types["demo_seconds"]);
        // A value equal to a boundary belongs to that bucket (le = less or equal).
        Assert.Equal(2, text.Value("demo_seconds_bucket", ("phase", "tls"), ("le", "0.1")));
        Assert.Equal(3, text.Value("demo_seconds_bucket", ("phase", "tls"), ("le", "1")));
        Assert.Equal(4, text.Value("demo_seconds_bucket", ("phase", "tls"), ("le", "10")));
        Assert.Equal(5, text.Value("demo_seconds_bucket", ("phase", "tls"), ("le", "+Inf")));
        Assert.Equal(5, text.Value("demo_seconds_count", ("phase", "tls")));
        Assert.Equal(22.65, text.Value("demo_seconds_sum", ("phase", "tls")), 9);
    }

    [Fact]
    public void Histogram_WithoutAdvice_UsesTheDefaultBoundaries()
    {
        using var meter = new Meter("test.histogram.default");
        using var collector = new PrometheusCollector(meter);
        meter.CreateHistogram<double>("demo_default_seconds").Record(0.3);

        var text = PrometheusText.Parse(collector.Render());
        var les = text.Samples.Where(s => s.Name == "demo_default_seconds_bucket").Select(s => s.Labels["le"]).ToList();
        Assert.Equal(PrometheusCollector.DefaultBuckets.Select(PrometheusCollector.FormatValue).Append("+Inf"), les);
    }

    [Fact]
    public void Observables_AreReadAtEachRender_AndUpDownCountersAreGauges()
    {
        using var meter = new Meter("test.observable");
        using var collector = new PrometheusCollector(meter);
        long total = 10;
        int level = 3;
        meter.CreateObservableCounter("demo_bytes_total", () => total);
        meter.CreateObservableGauge("demo_level", () => level);
        var upDown = meter.CreateUpDownCounter<int>("demo_open");
        upDown.Add(2);
        upDown.Add(-1);

        var first = PrometheusText.Parse(collector.Render());
        total = 25;
        level = 1;
        var second = PrometheusText.Parse(collector.Render());

        Assert.Equal(10, first.Value("demo_bytes_total"));
        Assert.Equal(25, second.Value("demo_bytes_total"));
        Assert.Equal(3, first.Value("demo_level"));
        Assert.Equal(1, second.Value("demo_level"));
        Assert.Equal("gauge", second.Types["demo_open"]);
        Assert.Equal(1, second.Value("demo_open"));
    }

    [Fact]
    public void OtherMeters_AreIgnored_EvenWithTheSameName()
    {
        using var mine = new Meter("test.same");
        using var other = new Meter("test.same");
        using var collector = new PrometheusCollector(mine);
        other.CreateCounter<long>("not_mine_total").Add(1);
        mine.CreateCounter<long>("mine_total").Add(1);

        string raw = collector.Render();
        Assert.Contains("mine_total 1", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("not_mine_total", raw, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sstp_bytes_total", "sstp_bytes_total")]
    [InlineData("sstp.bytes-total", "sstp_bytes_total")]
    [InlineData("9lives", "_lives")]
    [InlineData("", "_")]
    public void SanitizeName_KeepsValidNames_AndReplacesTheRest(string name, string expected) =>
        Assert.Equal(expected, PrometheusCollector.SanitizeName(name));

    [Theory]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(0.0025, "0.0025")]
    [InlineData(1e21, "1E+21")]
    public void FormatValue_WritesWhatPrometheusParses(double value, string expected) =>
        Assert.Equal(expected, PrometheusCollector.FormatValue(value));

    [Theory]
    [InlineData(DisconnectReason.AuthenticationFailed, "authentication_failed")]
    [InlineData(DisconnectReason.HttpRequestRefused, "http_request_refused")]
    [InlineData(DisconnectReason.None, "none")]
    public void ReasonLabel_IsSnakeCase(DisconnectReason reason, string expected) =>
        Assert.Equal(expected, ServerMetrics.ReasonLabel(reason));

    [Fact]
    public void ServerMetrics_ExposesEveryDocumentedFamily_WithTheirLabels()
    {
        var snapshot = new ServerMetricsSnapshot
        {
            ActiveByAuthMethod = new Dictionary<string, int> { ["mschapv2"] = 2 },
            Connections = 3,
            BytesIn = 1000,
            BytesOut = 2000,
            PacketsIn = 10,
            PacketsOut = 20,
            DropsQueue = 1,
            DropsRateLimit = 2,
            DropsSpoofed = 3,
            DropsTunWrite = 4,
            Pool4Used = 2,
            Pool4Free = 250,
            Pool6Used = 2,
            Pool6Free = 65533,
            RadiusTimeouts = [KeyValuePair.Create("10.0.0.5:1812", 7L)],
            AccountingDropped = 5,
            AccountingQueued = 6,
        };
        using var metrics = new ServerMetrics(() => snapshot);
        using var collector = new PrometheusCollector(metrics.Meter);
        metrics.SessionSetupEnded("mschapv2", "up");
        metrics.Refused("max_sessions");
        metrics.SetupPhase("tls", TimeSpan.FromMilliseconds(3));
        metrics.RadiusAnswered("10.0.0.5:1812", "auth", TimeSpan.FromMilliseconds(20));

        var text = PrometheusText.Parse(collector.Render());

        Assert.Equal(2, text.Value("sstp_sessions_active", ("auth_method", "mschapv2")));
        Assert.Equal(0, text.Value("sstp_sessions_active", ("auth_method", "pap")));
        Assert.Equal(3, text.Value("sstp_connections_active"));
        Assert.Equal(1, text.Value("sstp_sessions_total", ("auth_method", "mschapv2"), ("result", "up")));
        Assert.Equal(1, text.Value("sstp_refusals_total", ("reason", "max_sessions")));
        Assert.Equal(1, text.Value("sstp_setup_seconds_bucket", ("phase", "tls"), ("le", "0.005")));
        Assert.Equal(0, text.Value("sstp_setup_seconds_bucket", ("phase", "tls"), ("le", "0.0025")));
        Assert.Equal(1, text.Value("sstp_radius_request_seconds_count", ("server", "10.0.0.5:1812"), ("kind", "auth")));
        Assert.Equal(1000, text.Value("sstp_bytes_total", ("direction", "in")));
        Assert.Equal(2000, text.Value("sstp_bytes_total", ("direction", "out")));
        Assert.Equal(20, text.Value("sstp_packets_total", ("direction", "out")));
        Assert.Equal(4, text.Value("sstp_drops_total", ("reason", "tun_write")));
        Assert.Equal(2, text.Value("sstp_drops_total", ("reason", "rate_limit")));
        Assert.Equal(250, text.Value("sstp_pool_addresses", ("family", "ipv4"), ("state", "free")));
        Assert.Equal(2, text.Value("sstp_pool_addresses", ("family", "ipv6"), ("state", "used")));
        Assert.Equal(7, text.Value("sstp_radius_timeouts_total", ("server", "10.0.0.5:1812")));
        Assert.Equal(5, text.Value("sstp_accounting_dropped_total"));
        Assert.Equal(6, text.Value("sstp_accounting_queued"));
        Assert.True(text.Value("process_resident_memory_bytes") > 0);
        Assert.True(text.Value("process_open_fds") > 0);
        Assert.Equal("counter", text.Types["process_cpu_seconds_total"]);
    }
}
