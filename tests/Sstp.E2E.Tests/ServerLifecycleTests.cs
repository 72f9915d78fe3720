namespace Sstp.E2E.Tests;

/// <summary>The server's side of a client that dies, and of its own graceful stop, against the real sstpc.</summary>
public sealed class ServerLifecycleTests(SstpcGuest guest)
{
    private static readonly Dictionary<string, string> Alice = new() { ["alice"] = "alice-secret" };
    private static readonly Dictionary<string, string> Hold = new() { ["SSTPC_HOLD"] = "1" };

    [Fact]
    public async Task FrozenClient_IsDroppedWithinTwoHelloIntervals_AndItsAddressIsFreed()
    {
        Interop.RequireRootAndSstpc();

        // A /30 pool has exactly one client address, so the next client proves it was given back.
        await using var server = await ServerProcess.StartAsync(Alice, "--pool4", "10.88.0.0/30", "--auth", "mschapv2", "--hello-interval", "10s", "--pool6", "off");
        var (code, output) = await guest.RunAsync(server.Port, "alice", "alice-secret", "mschapv2", environment: Hold);
        Assert.True(code == 0, output);
        Assert.Contains("ppp0 10.88.0.2 ", output, StringComparison.Ordinal);

        // Freeze sstpc and pppd: no FIN, no echo answers: only the Hello timer can notice.
        await SstpcGuest.ExecAsync("pkill -STOP -x sstpc; pkill -STOP -x pppd; true");
        // Hello 10 s: an echo after 10 s of silence, closed after 10 s more (the wait allows for a slow machine).
        var closed = await server.WaitForLineAsync("closed: HelloTimeout", TimeSpan.FromSeconds(60));
        await SstpcGuest.ExecAsync("pkill -9 -x sstpc; pkill -9 -x pppd; true");
        Assert.Contains("user alice", closed, StringComparison.Ordinal);

        var (again, againOutput) = await guest.RunAsync(server.Port, "alice", "alice-secret", "mschapv2", "10.88.0.1");
        Assert.True(again == 0, againOutput);
        Assert.Contains("ppp0 10.88.0.2 ", againOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sigterm_TerminatesPppAndSstp_ForEverySession_AndRemovesTheTun()
    {
        Interop.RequireRootAndSstpc();
        var server = await ServerProcess.StartAsync(Alice, "--pool4", "10.88.0.0/24", "--auth", "mschapv2");
        await using (server)
        {
            var (code, output) = await guest.RunAsync(server.Port, "alice", "alice-secret", "mschapv2", environment: Hold);
            Assert.True(code == 0, output);
            await server.WaitForLineAsync("up: user alice", TimeSpan.FromSeconds(10));

            int exit = await server.StopAsync(TimeSpan.FromSeconds(30));

            Assert.Equal(0, exit);
            await server.WaitForLineAsync("closed: LocalClose", TimeSpan.FromSeconds(1));
            await server.WaitForLineAsync("Stopped", TimeSpan.FromSeconds(1));

            // pppd saw our LCP Terminate-Request: the client learns the server went away on purpose.
            await Task.Delay(500, TestContext.Current.CancellationToken);
            Assert.Contains("rcvd [LCP TermReq", SstpcGuest.PppdLog, StringComparison.Ordinal);
            var (linkCode, _) = await Interop.RunAsync("ip", ["-n", Interop.Namespace, "link", "show", server.Tun]);
            Assert.NotEqual(0, linkCode);
        }

        await Interop.RunAsync(Path.Combine(Interop.Sstpc, "run"), ["--stop"], timeout: TimeSpan.FromMinutes(1));
    }
}
