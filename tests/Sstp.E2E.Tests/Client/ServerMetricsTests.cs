using System.Globalization;
using System.Text.RegularExpressions;

namespace Sstp.E2E.Tests.Client;

/// <summary>
/// <c>sstp server --metrics</c> in its namespace with <c>sstp client</c> connected: <c>/metrics</c>, scraped from inside
/// the server's namespace with curl, shows the session and its traffic, and after the disconnect no active session.
/// </summary>
public sealed partial class ServerMetricsTests
{
    private const string MetricsUrl = "http://127.0.0.1:9108/metrics";
    private static readonly Dictionary<string, string> Users = new() { ["alice"] = "alice-secret" };
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(20);

    [GeneratedRegex(@"^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"([a-zA-Z_][a-zA-Z0-9_]*)=""((?:[^""\\]|\\.)*)""")]
    private static partial Regex LabelPair();

    [Fact(Timeout = 120_000)]
    public async Task ClientConnected_MetricsShowTheSessionAndItsTraffic_ThenNoActiveSession()
    {
        ClientE2E.RequireRoot("curl");
        await using var net = await NamespacePair.CreateAsync();
        await using var server = await NamespaceServer.StartAsync(
            net, Users, $"{NamespacePair.ServerIPv4}:443", "--pool4", "10.88.0.0/24", "--auth", "mschapv2", "--metrics", "127.0.0.1:9108");
        await using var client = ClientE2E.StartClient(
            net.ClientNs, NamespacePair.ServerIPv4, "alice", Users["alice"], "--pin-sha256", server.PinSha256);
        await client.WaitForLineAsync("tunnel up", ClientE2E.UpTimeout);
        var (pingCode, ping) = await ClientE2E.PingAsync(net.ClientNs, "10.88.0.1");
        Assert.True(pingCode == 0, ping);

        var up = await ScrapeAsync(net);
        Assert.Equal(1, Sum(up, "sstp_sessions_active"));
        Assert.Equal(1, Value(up, "sstp_sessions_active", ("auth_method", "mschapv2")));
        Assert.Equal(1, Value(up, "sstp_sessions_total", ("auth_method", "mschapv2"), ("result", "up")));
        Assert.True(Value(up, "sstp_bytes_total", ("direction", "in")) > 0);
        Assert.True(Value(up, "sstp_bytes_total", ("direction", "out")) > 0);
        Assert.True(Value(up, "sstp_packets_total", ("direction", "in")) >= 3);
        Assert.Equal(1, Value(up, "sstp_pool_addresses", ("family", "ipv4"), ("state", "used")));
        foreach (string phase in new[] { "tls", "http", "sstp", "auth", "ipcp", "total" })
        {
            Assert.Equal(1, Value(up, "sstp_setup_seconds_count", ("phase", phase)));
        }

        var (_, notFound) = await net.InServerAsync("curl", "-sS", "--max-time", "5", "-o", "/dev/null", "-w", "%{http_code}", "http://127.0.0.1:9108/");
        Assert.Equal("404", notFound.Trim());

        await client.SignalAsync("TERM");
        Assert.Equal(0, await client.WaitForExitAsync(Step));
        await server.WaitForLineAsync(Step, 0, "closed:", "user alice");

        // The session leaves the table just after its last log line: poll briefly for the gauge to drop.
        var deadline = DateTime.UtcNow + Step;
        var after = await ScrapeAsync(net);
        while (Sum(after, "sstp_connections_active") != 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200, TestContext.Current.CancellationToken);
            after = await ScrapeAsync(net);
        }

        Assert.Equal(0, Sum(after, "sstp_sessions_active"));
        Assert.Equal(0, Sum(after, "sstp_connections_active"));
        Assert.Equal(0, Value(after, "sstp_pool_addresses", ("family", "ipv4"), ("state", "used")));
        // Totals keep the closed session's traffic.
        Assert.True(Value(after, "sstp_bytes_total", ("direction", "in")) >= Value(up, "sstp_bytes_total", ("direction", "in")));
    }

    private static async Task<List<(string Name, Dictionary<string, string> Labels, double Value)>> ScrapeAsync(NamespacePair net)
    {
        var (code, text) = await net.InServerAsync("curl", "-sS", "--fail", "--max-time", "5", MetricsUrl);
        Assert.True(code == 0, text);
        var samples = new List<(string, Dictionary<string, string>, double)>();
        foreach (string line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (line.StartsWith('#'))
            {
                continue;
            }

            var match = SampleLine().Match(line);
            Assert.True(match.Success, $"not a sample line: {line}");
            var labels = LabelPair().Matches(match.Groups[2].Value).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
            string number = match.Groups[3].Value;
            samples.Add((match.Groups[1].Value, labels, number == "+Inf" ? double.PositiveInfinity : double.Parse(number, CultureInfo.InvariantCulture)));
        }

        return samples;
    }

    private static double Sum(List<(string Name, Dictionary<string, string> Labels, double Value)> samples, string name) =>
        samples.Where(s => s.Name == name).Sum(s => s.Value);

    private static double Value(List<(string Name, Dictionary<string, string> Labels, double Value)> samples, string name, params (string Name, string Value)[] labels) =>
        Assert.Single(samples, s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Name, out var v) && v == l.Value)).Value;
}
