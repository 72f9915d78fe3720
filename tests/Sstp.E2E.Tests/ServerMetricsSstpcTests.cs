namespace Sstp.E2E.Tests;

/// <summary>The "done when" for metrics: with the real sstpc + pppd connected, <c>/metrics</c> shows it.</summary>
public sealed class ServerMetricsSstpcTests(SstpcGuest guest)
{
    private static readonly Dictionary<string, string> Alice = new() { ["alice"] = "alice-secret" };

    [Fact]
    public async Task Sstpc_Connected_MetricsShowIt_AndAfterItLeftNoActiveSession()
    {
        Interop.RequireRootAndSstpc();
        Assert.SkipWhen(!Client.ClientE2E.OnPath("curl"), "curl is not installed");
        int metricsPort = 19108 + (Environment.ProcessId % 1000);
        string url = $"http://127.0.0.1:{metricsPort}/metrics";
        await using var server = await ServerProcess.StartAsync(
            Alice, "--pool4", "10.88.0.0/24", "--auth", "mschapv2", "--metrics", $"127.0.0.1:{metricsPort}");
        try
        {
            var (code, output) = await guest.RunAsync(server.Port, "alice", "alice-secret", "mschapv2", "10.88.0.1", new Dictionary<string, string> { ["SSTPC_HOLD"] = "1" });
            Assert.True(code == 0, output);
            await server.WaitForLineAsync("up: user alice", TimeSpan.FromSeconds(10));

            var up = await MetricsScrape.ScrapeAsync(Interop.Namespace, url);
            Assert.Equal(1, up.Value("sstp_sessions_active", ("auth_method", "mschapv2")));
            Assert.Equal(1, up.Value("sstp_sessions_total", ("auth_method", "mschapv2"), ("result", "up")));
            Assert.True(up.Value("sstp_bytes_total", ("direction", "in")) > 0);
            Assert.True(up.Value("sstp_bytes_total", ("direction", "out")) > 0);
            Assert.Equal(1, up.Value("sstp_setup_seconds_count", ("phase", "ipcp")));
        }
        finally
        {
            await Interop.RunAsync(Path.Combine(Interop.Sstpc, "run"), ["--stop"], timeout: TimeSpan.FromMinutes(1));
        }

        await server.WaitForLineAsync("closed:", TimeSpan.FromSeconds(20));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        var after = await MetricsScrape.ScrapeAsync(Interop.Namespace, url);
        while (after.Sum("sstp_connections_active") != 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200, TestContext.Current.CancellationToken);
            after = await MetricsScrape.ScrapeAsync(Interop.Namespace, url);
        }

        Assert.Equal(0, after.Sum("sstp_sessions_active"));
        Assert.Equal(0, after.Sum("sstp_connections_active"));
    }
}
