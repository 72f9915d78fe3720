namespace Sstp.E2E.Tests.Client;

/// <summary>
/// What the client changes on its host is undone when it goes (issue: routes with <c>--route CIDR</c> and
/// <c>--default-route</c>, all of it undone on exit, also after SIGTERM and after the server drops): the routes
/// exist while the tunnel is up; afterwards the TUN is gone and the routing tables equal the ones before.
/// </summary>
public sealed class ClientUndoTests
{
    private const string Password = "alice-secret";
    private static readonly Dictionary<string, string> Users = new() { ["alice"] = Password };
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(20);

    public static TheoryData<string[], string[]> RouteOptions => new()
    {
        // Split tunnel: one network through the TUN.
        { ["--route", "198.51.100.0/24"], ["198.51.100.0/24 dev sstpc0"] },

        // Everything: two halves per family through the TUN, and the server pinned to the veth (no gateway there).
        {
            ["--default-route"],
            ["0.0.0.0/1 dev sstpc0", "128.0.0.0/1 dev sstpc0", "::/1 dev sstpc0", "8000::/1 dev sstpc0", $"{NamespacePair.ServerIPv4} dev sce"]
        },
    };

    [Theory(Timeout = 120_000)]
    [MemberData(nameof(RouteOptions))]
    public async Task Routes_ExistWhileUp_AfterSigtermTablesAsBefore(string[] options, string[] expected)
    {
        ClientE2E.RequireRoot();
        await using var net = await NamespacePair.CreateAsync();
        await using var server = await NamespaceServer.StartAsync(net, Users, $"{NamespacePair.ServerIPv4}:443", "--pool4", "10.88.0.0/24", "--auth", "mschapv2");
        var before = await ClientE2E.RoutesAsync(net.ClientNs);
        await using var client = ClientE2E.StartClient(net.ClientNs, NamespacePair.ServerIPv4, "alice", Password, ["--pin-sha256", server.PinSha256, .. options]);
        await client.WaitForLineAsync("tunnel up", ClientE2E.UpTimeout);

        var up = await ClientE2E.RoutesAsync(net.ClientNs);
        foreach (string route in expected)
        {
            Assert.True(up.Any(r => r.StartsWith(route, StringComparison.Ordinal)), $"no route '{route}' while up:\n{string.Join('\n', up)}");
        }

        var (code, ping) = await ClientE2E.PingAsync(net.ClientNs, "10.88.0.1");
        Assert.True(code == 0, ping);

        await client.SignalAsync("TERM");
        Assert.Equal(0, await client.WaitForExitAsync(Step));
        Assert.False(await ClientE2E.LinkExistsAsync(net.ClientNs, "sstpc0"), "the client's TUN outlived it");
        Assert.Equal(before, await ClientE2E.RoutesAsync(net.ClientNs));
    }

    [Fact(Timeout = 120_000)]
    public async Task ServerKilled_ClientExitsWithNetworkError_TunAndRoutesGone()
    {
        ClientE2E.RequireRoot();
        await using var net = await NamespacePair.CreateAsync();
        await using var server = await NamespaceServer.StartAsync(net, Users, $"{NamespacePair.ServerIPv4}:443", "--pool4", "10.88.0.0/24", "--auth", "mschapv2");
        var before = await ClientE2E.RoutesAsync(net.ClientNs);
        await using var client = ClientE2E.StartClient(
            net.ClientNs, NamespacePair.ServerIPv4, "alice", Password, "--pin-sha256", server.PinSha256, "--route", "198.51.100.0/24", "--default-route");
        await client.WaitForLineAsync("tunnel up", ClientE2E.UpTimeout);
        Assert.NotEqual(before, await ClientE2E.RoutesAsync(net.ClientNs));

        // No goodbye from the server: the kernel closes its socket.
        await server.Process.SignalAsync("KILL");

        Assert.Equal(3, await client.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("connection lost", client.Output, StringComparison.Ordinal);
        Assert.False(await ClientE2E.LinkExistsAsync(net.ClientNs, "sstpc0"), "the client's TUN outlived it");
        Assert.Equal(before, await ClientE2E.RoutesAsync(net.ClientNs));
    }

    [Fact(Timeout = 150_000)]
    public async Task ServerKilled_WithReconnect_RoutesGoneWhileDown_RestoredWhenServerIsBack()
    {
        ClientE2E.RequireRoot();
        await using var net = await NamespacePair.CreateAsync();
        await using var server = await NamespaceServer.StartAsync(net, Users, $"{NamespacePair.ServerIPv4}:443", "--pool4", "10.88.0.0/24", "--auth", "mschapv2");
        var before = await ClientE2E.RoutesAsync(net.ClientNs);
        await using var client = ClientE2E.StartClient(
            net.ClientNs, NamespacePair.ServerIPv4, "alice", Password, "--pin-sha256", server.PinSha256, "--route", "198.51.100.0/24", "--reconnect");
        await client.WaitForLineAsync("tunnel up", ClientE2E.UpTimeout);

        await server.Process.SignalAsync("KILL");
        await client.WaitForLineAsync("reconnecting in", TimeSpan.FromSeconds(30));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (await ClientE2E.LinkExistsAsync(net.ClientNs, "sstpc0") && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.False(await ClientE2E.LinkExistsAsync(net.ClientNs, "sstpc0"), "the TUN stayed while the server was gone");
        Assert.Equal(before, await ClientE2E.RoutesAsync(net.ClientNs));
        Assert.False(client.HasExited, "--reconnect gave up:\n" + client.Output);

        int mark = client.Lines.Count;
        await server.RestartAsync();
        await client.WaitForLineAsync("tunnel up", TimeSpan.FromSeconds(90), mark);
        Assert.Contains(await ClientE2E.RoutesAsync(net.ClientNs), r => r.StartsWith("198.51.100.0/24 dev sstpc0", StringComparison.Ordinal));
        var (code, ping) = await ClientE2E.PingAsync(net.ClientNs, "10.88.0.1");
        Assert.True(code == 0, ping);

        await client.SignalAsync("TERM");
        Assert.Equal(0, await client.WaitForExitAsync(Step));
        Assert.Equal(before, await ClientE2E.RoutesAsync(net.ClientNs));
    }
}
