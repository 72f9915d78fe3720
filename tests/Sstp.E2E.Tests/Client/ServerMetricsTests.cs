namespace Sstp.E2E.Tests.Client;

/// <summary>
/// <c>sstp server --metrics</c> in its namespace with <c>sstp client</c> connected: <c>/metrics</c>, scraped from inside
/// the server's namespace with curl, shows the session and its traffic, and after the disconnect no active session.
/// </summary>
public sealed class ServerMetricsTests
{
    private const string MetricsUrl = "http://127.0.0.1:9108/metrics";
    private static readonly Dictionary<string, string> Users = new() { ["alice"] = "alice-secret" };
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(20);

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

        var up = await MetricsScrape.ScrapeAsync(net.ServerNs, MetricsUrl);
        Assert.Equal(1, up.Sum("sstp_sessions_active"));
        Assert.Equal(1, up.Value("sstp_sessions_active", ("auth_method", "mschapv2")));
        Assert.Equal(1, up.Value("sstp_sessions_total", ("auth_method", "mschapv2"), ("result", "up")));
        Assert.True(up.Value("sstp_bytes_total", ("direction", "in")) > 0);
        Assert.True(up.Value("sstp_bytes_total", ("direction", "out")) > 0);
        Assert.True(up.Value("sstp_packets_total", ("direction", "in")) >= 3);
        Assert.Equal(1, up.Value("sstp_pool_addresses", ("family", "ipv4"), ("state", "used")));
        foreach (string phase in new[] { "tls", "http", "sstp", "auth", "ipcp", "total" })
        {
            Assert.Equal(1, up.Value("sstp_setup_seconds_count", ("phase", phase)));
        }

        var (_, notFound) = await net.InServerAsync("curl", "-sS", "--max-time", "5", "-o", "/dev/null", "-w", "%{http_code}", "http://127.0.0.1:9108/");
        Assert.Equal("404", notFound.Trim());

        await client.SignalAsync("TERM");
        Assert.Equal(0, await client.WaitForExitAsync(Step));
        await server.WaitForLineAsync(Step, 0, "closed:", "user alice");

        // The session leaves the table just after its last log line: poll briefly for the gauge to drop.
        var deadline = DateTime.UtcNow + Step;
        var after = await MetricsScrape.ScrapeAsync(net.ServerNs, MetricsUrl);
        while (after.Sum("sstp_connections_active") != 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200, TestContext.Current.CancellationToken);
            after = await MetricsScrape.ScrapeAsync(net.ServerNs, MetricsUrl);
        }

        Assert.Equal(0, after.Sum("sstp_sessions_active"));
        Assert.Equal(0, after.Sum("sstp_connections_active"));
        Assert.Equal(0, after.Value("sstp_pool_addresses", ("family", "ipv4"), ("state", "used")));
        // Totals keep the closed session's traffic.
        Assert.True(after.Value("sstp_bytes_total", ("direction", "in")) >= up.Value("sstp_bytes_total", ("direction", "in")));
    }
}
