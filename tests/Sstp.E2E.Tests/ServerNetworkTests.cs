namespace Sstp.E2E.Tests;

/// <summary>What the server does to the network around it: NAT rules, and path-MTU errors for small-MRU clients.</summary>
public sealed class ServerNetworkTests(SstpcGuest guest)
{
    private static readonly Dictionary<string, string> Alice = new() { ["alice"] = "alice-secret" };

    [Fact]
    public async Task Nat_AddsMasqueradeWhileRunning_AndRemovesItOnStop()
    {
        Interop.RequireRootAndSstpc();
        if (!File.Exists("/usr/sbin/nft"))
        {
            Assert.Skip("nftables (nft) is not installed");
        }

        var server = await ServerProcess.StartAsync(Alice, "--pool4", "10.88.0.0/24", "--auth", "mschapv2", "--nat");
        string table = "sstp_nat_" + server.Tun;
        await using (server)
        {
            var (code, rules) = await Interop.RunAsync("ip", ["netns", "exec", Interop.Namespace, "nft", "list", "table", "ip", table]);
            Assert.Equal(0, code);
            Assert.Contains("ip saddr 10.88.0.0/24", rules, StringComparison.Ordinal);
            Assert.Contains("masquerade", rules, StringComparison.Ordinal);
            Assert.Equal(0, await server.StopAsync(TimeSpan.FromSeconds(30)));
        }

        var (after, _) = await Interop.RunAsync("ip", ["netns", "exec", Interop.Namespace, "nft", "list", "table", "ip", table]);
        Assert.NotEqual(0, after);
    }

    [Fact]
    public async Task ClientWithSmallMru_GetsFragmentationNeeded_ForLargerDfPackets()
    {
        // PPP.md §10.4: packets routed into the tunnel above the client's MRU get an ICMP error back (PMTUD).
        Interop.RequireRootAndSstpc();
        if (!File.Exists("/usr/bin/ping") && !File.Exists("/bin/ping"))
        {
            Assert.Skip("ping (iputils-ping) is not installed");
        }

        await using var server = await ServerProcess.StartAsync(Alice, "--pool4", "10.88.0.0/30", "--auth", "mschapv2", "--pool6", "off");
        var env = new Dictionary<string, string> { ["SSTPC_HOLD"] = "1", ["SSTPC_PPPD_OPTS"] = "mru 1280 noipv6" };
        var (code, output) = await guest.RunAsync(server.Port, "alice", "alice-secret", "mschapv2", environment: env);
        Assert.True(code == 0, output);
        try
        {
            var up = await server.WaitForLineAsync("up: user alice", TimeSpan.FromSeconds(10));
            Assert.Contains("MTU 1280", up, StringComparison.Ordinal);

            var (small, _) = await Interop.RunAsync("ip", ["netns", "exec", Interop.Namespace, "ping", "-c", "1", "-W", "3", "-M", "do", "-s", "1200", "10.88.0.2"]);
            Assert.Equal(0, small);
            var (_, big) = await Interop.RunAsync("ip", ["netns", "exec", Interop.Namespace, "ping", "-c", "1", "-W", "3", "-M", "do", "-s", "1300", "10.88.0.2"]);
            Assert.Contains("mtu = 1280", big, StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            await Interop.RunAsync(Path.Combine(Interop.Sstpc, "run"), ["--stop"], timeout: TimeSpan.FromMinutes(1));
        }
    }
}
