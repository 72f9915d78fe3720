using System.Text.Json;
using Sstp.E2E.Tests.Client;

namespace Sstp.E2E.Tests;

/// <summary>
/// <c>sstp ctl</c> against the real server (issue 9's "done when"): with sstpc + pppd connected, <c>sessions --json</c>
/// lists it and <c>kick</c> ends it; with our client connected, <c>drain</c> turns <c>/health</c> to 503, refuses new
/// connections and the server exits 0 once the session is gone.
/// </summary>
public sealed class ServerCtlTests(SstpcGuest guest)
{
    private static readonly Dictionary<string, string> Alice = new() { ["alice"] = "alice-secret" };
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Sstpc_ListedBySessionsJson_KickEndsIt_StatusShowsNoSession()
    {
        Interop.RequireRootAndSstpc();
        await using var server = await ServerProcess.StartAsync(Alice, "--pool4", "10.88.0.0/24", "--auth", "mschapv2");
        try
        {
            var (code, output) = await guest.RunAsync(server.Port, "alice", "alice-secret", "mschapv2", "10.88.0.1", new Dictionary<string, string> { ["SSTPC_HOLD"] = "1" });
            Assert.True(code == 0, output);
            await server.WaitForLineAsync("up: user alice", Step);

            var (listed, json) = await CtlAsync(server.ControlSocket, "sessions", "--json");
            Assert.True(listed == 0, json);
            using var answer = JsonDocument.Parse(json);
            Assert.True(answer.RootElement.GetProperty("ok").GetBoolean());
            var session = Assert.Single(answer.RootElement.GetProperty("sessions").EnumerateArray());
            Assert.Equal("alice", session.GetProperty("user").GetString());
            Assert.Equal("up", session.GetProperty("state").GetString());
            Assert.StartsWith("10.88.0.", session.GetProperty("ipv4").GetString(), StringComparison.Ordinal);
            Assert.Equal("mschapv2", session.GetProperty("auth_method").GetString());
            Assert.True(session.GetProperty("bytes_in").GetInt64() > 0);
            long id = session.GetProperty("id").GetInt64();

            var (kicked, kickText) = await CtlAsync(server.ControlSocket, "kick", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.True(kicked == 0, kickText);
            await server.WaitForLineAsync("kicked by sstp ctl", Step);
            string closed = await server.WaitForLineAsync("closed: AdminDisconnect", Step);
            Assert.Contains("sstp ctl kick", closed, StringComparison.Ordinal);

            // Kicking it again: the server answers with an error, exit 1.
            await WaitForNoSessionAsync(server.ControlSocket);
            var (again, againText) = await CtlAsync(server.ControlSocket, "kick", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.True(again == 1, againText);

            var (status, statusText) = await CtlAsync(server.ControlSocket, "status");
            Assert.True(status == 0, statusText);
            Assert.Contains("sessions:     0 up, 0 in setup", statusText, StringComparison.Ordinal);

            // sstp ctl reload runs the same reload as SIGHUP and answers what it did.
            var (reloaded, reloadText) = await CtlAsync(server.ControlSocket, "reload");
            Assert.True(reloaded == 0, reloadText);
            Assert.Contains("reloaded; changed:", reloadText, StringComparison.Ordinal);
            await server.WaitForLineAsync("Reload requested (sstp ctl)", Step);
        }
        finally
        {
            await Interop.RunAsync(Path.Combine(Interop.Sstpc, "run"), ["--stop"], timeout: TimeSpan.FromMinutes(1));
        }
    }

    [Fact(Timeout = 180_000)]
    public async Task OurClient_Drain_HealthIs503_NewConnectionsRefused_ServerExits0WhenTheSessionEnds()
    {
        ClientE2E.RequireRoot("curl");
        await using var net = await NamespacePair.CreateAsync();
        await using var server = await NamespaceServer.StartAsync(
            net, Alice, $"{NamespacePair.ServerIPv4}:443", "--pool4", "10.88.0.0/24", "--auth", "mschapv2", "--metrics", "127.0.0.1:9108");
        await using var client = ClientE2E.StartClient(net.ClientNs, NamespacePair.ServerIPv4, "alice", Alice["alice"], "--pin-sha256", server.PinSha256);
        await client.WaitForLineAsync("tunnel up", ClientE2E.UpTimeout);
        Assert.Equal("200", await HealthAsync(net));

        var (drained, drainText) = await CtlAsync(server.ControlSocket, "drain", "--deadline", "30");
        Assert.True(drained == 0, drainText);
        Assert.Contains("draining", drainText, StringComparison.Ordinal);

        Assert.Equal("503", await HealthAsync(net));
        var (connect, connectText) = await net.InClientAsync("bash", "-c", $"exec 3<>/dev/tcp/{NamespacePair.ServerIPv4}/443");
        Assert.True(connect != 0, connectText);
        Assert.Contains("refused", connectText, StringComparison.OrdinalIgnoreCase);

        // The tunnel still works while draining.
        var (ping, pingText) = await ClientE2E.PingAsync(net.ClientNs, "10.88.0.1");
        Assert.True(ping == 0, pingText);
        var (status, statusText) = await CtlAsync(server.ControlSocket, "status");
        Assert.True(status == 0, statusText);
        Assert.Contains("sessions:     1 up", statusText, StringComparison.Ordinal);
        Assert.Contains("listeners:    none (draining)", statusText, StringComparison.Ordinal);

        var (kicked, kickText) = await CtlAsync(server.ControlSocket, "kick", "--user", "alice");
        Assert.True(kicked == 0, kickText);

        Assert.Equal(0, await server.Process.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        await server.WaitForLineAsync(Step, 0, "Drain finished: no session left");
        await server.WaitForLineAsync(Step, 0, "Stopping: closing 0 session(s)");
        Assert.False(File.Exists(server.ControlSocket));
        var (gone, goneText) = await CtlAsync(server.ControlSocket, "status");
        Assert.True(gone == 2, goneText);
        Assert.Contains("cannot connect to " + server.ControlSocket, goneText, StringComparison.Ordinal);
    }

    [Fact(Timeout = 180_000)]
    public async Task Drain_DeadlinePasses_TheRemainingSessionIsClosed_AndWaitReturnsWhenTheServerHasExited()
    {
        ClientE2E.RequireRoot();
        await using var net = await NamespacePair.CreateAsync();
        await using var server = await NamespaceServer.StartAsync(net, Alice, $"{NamespacePair.ServerIPv4}:443", "--pool4", "10.88.0.0/24", "--auth", "mschapv2");
        await using var client = ClientE2E.StartClient(net.ClientNs, NamespacePair.ServerIPv4, "alice", Alice["alice"], "--pin-sha256", server.PinSha256);
        await client.WaitForLineAsync("tunnel up", ClientE2E.UpTimeout);

        var (drained, drainText) = await CtlAsync(server.ControlSocket, "drain", "--deadline", "2", "--wait");

        Assert.True(drained == 0, drainText);
        Assert.Contains("1 session(s) left", drainText, StringComparison.Ordinal);
        Assert.Contains("the server has stopped", drainText, StringComparison.Ordinal);
        Assert.Equal(0, await server.Process.WaitForExitAsync(Step));
        await server.WaitForLineAsync(Step, 0, "Drain finished: the deadline passed with 1 session(s) left");
        await server.WaitForLineAsync(Step, 0, "closed: LocalClose", "user alice");
    }

    /// <summary>Runs <c>sstp ctl --socket PATH ARGS</c> as its own process (as an operator would).</summary>
    private static Task<(int ExitCode, string Output)> CtlAsync(string socket, params string[] arguments) =>
        Interop.RunAsync("dotnet", [ClientE2E.Sstp, "ctl", "--socket", socket, .. arguments], timeout: TimeSpan.FromMinutes(1));

    private static async Task<string> HealthAsync(NamespacePair net)
    {
        var (_, code) = await net.InServerAsync("curl", "-sS", "--max-time", "5", "-o", "/dev/null", "-w", "%{http_code}", "http://127.0.0.1:9108/health");
        return code.Trim();
    }

    private static async Task WaitForNoSessionAsync(string socket)
    {
        var deadline = DateTime.UtcNow + Step;
        while (DateTime.UtcNow < deadline)
        {
            var (_, json) = await CtlAsync(socket, "sessions", "--json");
            if (json.Contains("\"sessions\":[]", StringComparison.Ordinal))
            {
                return;
            }

            await Task.Delay(200, TestContext.Current.CancellationToken);
        }

        Assert.Fail("the kicked session stayed in the table");
    }
}
