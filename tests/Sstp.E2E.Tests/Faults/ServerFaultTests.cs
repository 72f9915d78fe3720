using Sstp.E2E.Tests.Client;

namespace Sstp.E2E.Tests.Faults;

/// <summary>
/// Faults around the real server (issue 8, item 3): the server killed with SIGKILL and started again, a client
/// killed in the middle of a transfer, the server's log output on a full disk, RADIUS that never answers. Each test
/// runs <c>sstp server</c> and <c>sstp client</c> in a fresh namespace pair.
/// </summary>
public sealed class ServerFaultTests
{
    private static readonly string Password = FaultE2E.Users["alice"];

    [Fact(Timeout = 240_000)]
    public async Task ServerSigkilled_RestartedOnSamePortAndPool_ClientReconnects_NewClientGetsAnotherAddress()
    {
        ClientE2E.RequireRoot();
        await using var net = await NamespacePair.CreateAsync();
        await using var server = await NamespaceServer.StartAsync(net, FaultE2E.Users, $"{NamespacePair.ServerIPv4}:443", "--pool4", "10.88.0.0/29", "--pool6", "off");
        await using var first = ClientE2E.StartClient(
            net.ClientNs, NamespacePair.ServerIPv4, "alice", Password, "--pin-sha256", server.PinSha256, "--no-ipv6", "--reconnect", "--tun", "sstpc0");
        await first.WaitForLineAsync("tunnel up", ClientE2E.UpTimeout);

        await server.Process.SignalAsync("KILL");
        Assert.NotNull(await server.Process.WaitForExitAsync(FaultE2E.Step));

        // The kernel removes a non-persistent TUN device with its last descriptor: nothing is left to trip the next start.
        Assert.True(
            await FaultE2E.EventuallyAsync(async () => !await ClientE2E.LinkExistsAsync(net.ServerNs, "sstpd0"), FaultE2E.Step),
            "the killed server's TUN device outlived it");

        int mark = first.Lines.Count;
        await server.RestartAsync();

        // The client notices the lost transport, backs off (1 s, 2 s, ...) and comes back up on the new server.
        string again = await first.WaitForLineAsync("tunnel up", TimeSpan.FromSeconds(120), skip: mark);
        await using var second = ClientE2E.StartClient(
            net.ClientNs, NamespacePair.ServerIPv4, "alice", Password, "--pin-sha256", server.PinSha256, "--no-ipv6", "--tun", "sstpc1");
        string other = await second.WaitForLineAsync("tunnel up", ClientE2E.UpTimeout);

        Assert.NotEqual(FaultE2E.ClientAddress(again), FaultE2E.ClientAddress(other));
        Assert.Equal((2, 0), await FaultE2E.SessionsAsync(server));
        var (code, ping) = await ClientE2E.PingAsync(net.ClientNs, "10.88.0.1");
        Assert.True(code == 0, ping);
    }

    [Fact(Timeout = 180_000)]
    public async Task LeftoverTunDeviceOfTheSameName_ServerStartsAnyway_AndServes()
    {
        // A persistent device called like ours (left by something else, or by an older version) must not stop a restart.
        ClientE2E.RequireRoot();
        await using var net = await NamespacePair.CreateAsync();
        var (made, output) = await net.InServerAsync("ip", "tuntap", "add", "dev", "sstpd0", "mode", "tun");
        Assert.True(made == 0, output);

        await using var server = await NamespaceServer.StartAsync(net, FaultE2E.Users, $"{NamespacePair.ServerIPv4}:443", "--pool4", "10.88.0.0/29", "--pool6", "off");
        await using var client = ClientE2E.StartClient(
            net.ClientNs, NamespacePair.ServerIPv4, "alice", Password, "--pin-sha256", server.PinSha256, "--no-ipv6");
        await client.WaitForLineAsync("tunnel up", ClientE2E.UpTimeout);
        var (code, ping) = await ClientE2E.PingAsync(net.ClientNs, "10.88.0.1");
        Assert.True(code == 0, ping);
    }

    [Fact(Timeout = 180_000)]
    public async Task ClientSigkilledDuringTraffic_ServerClosesSession_AddressGoesBackToThePool()
    {
        ClientE2E.RequireRoot();
        await using var net = await NamespacePair.CreateAsync();

        // A /30 pool holds exactly one client address: the next client can come up only if the killed one's came back.
        await using var server = await NamespaceServer.StartAsync(
            net, FaultE2E.Users, $"{NamespacePair.ServerIPv4}:443", "--pool4", "10.88.0.0/30", "--pool6", "off", "--hello-interval", "10s");
        var client = ClientE2E.StartClient(net.ClientNs, NamespacePair.ServerIPv4, "alice", Password, "--pin-sha256", server.PinSha256, "--no-ipv6");
        string address;
        await using (client)
        {
            address = FaultE2E.ClientAddress(await client.WaitForLineAsync("tunnel up", ClientE2E.UpTimeout));
            await using var load = ChildProcess.Start("ping load", ["ip", "netns", "exec", net.ClientNs, "ping", "-n", "-i", "0.01", "-s", "1200", "10.88.0.1"]);
            await load.WaitForLineAsync("bytes from 10.88.0.1", FaultE2E.Step);

            int mark = server.Lines.Count;
            await client.SignalAsync("KILL");
            Assert.NotNull(await client.WaitForExitAsync(FaultE2E.Step));

            // The kernel closes the dead client's socket, so the server hears of it at once; at the latest its hello
            // (10 s) goes unanswered. Either way the close is logged within the step.
            await server.WaitForLineAsync(FaultE2E.Step, mark, "closed:", "user alice");
        }

        Assert.True(await FaultE2E.EventuallyAsync(async () => await FaultE2E.SessionsAsync(server) == (0, 0), FaultE2E.Step), "a session outlived its client");
        await using var next = ClientE2E.StartClient(net.ClientNs, NamespacePair.ServerIPv4, "alice", Password, "--pin-sha256", server.PinSha256, "--no-ipv6");
        Assert.Equal(address, FaultE2E.ClientAddress(await next.WaitForLineAsync("tunnel up", ClientE2E.UpTimeout)));
        var (code, ping) = await ClientE2E.PingAsync(net.ClientNs, "10.88.0.1");
        Assert.True(code == 0, ping);
    }

    [Fact(Timeout = 180_000)]
    public async Task ServerOutputToDevFull_KeepsServing()
    {
        // A full disk for the logs: every write of the server's console fails with ENOSPC.
        ClientE2E.RequireRoot();
        await using var net = await NamespacePair.CreateAsync();
        await using var server = await NamespaceServer.StartWithOutputToAsync(
            net, FaultE2E.Users, 443, "/dev/full", "--pool4", "10.88.0.0/29", "--pool6", "off", "--log-level", "debug");
        for (int round = 0; round < 2; round++)
        {
            await using var client = ClientE2E.StartClient(
                net.ClientNs, NamespacePair.ServerIPv4, "alice", Password, "--insecure", "--no-ipv6", "--tun", $"sstpc{round}");
            await client.WaitForLineAsync("tunnel up", ClientE2E.UpTimeout);
            var (code, ping) = await ClientE2E.PingAsync(net.ClientNs, "10.88.0.1");
            Assert.True(code == 0, ping);
        }

        Assert.False(server.Process.HasExited, "the server ended when its output could not be written");
        Assert.True(await FaultE2E.EventuallyAsync(async () => await FaultE2E.SessionsAsync(server) == (0, 0), FaultE2E.Step));
    }

    [Fact(Timeout = 180_000)]
    public async Task RadiusNeverAnswers_LoginFailsAfterRetriesOnEveryServer_NoSessionLeft_ServerServesOn()
    {
        ClientE2E.RequireRoot();
        await using var net = await NamespacePair.CreateAsync();
        string secret = Path.Combine(Path.GetTempPath(), "sstp-radius-secret-" + Guid.NewGuid().ToString("N")[..8]);
        await File.WriteAllTextAsync(secret, "testing123\n", TestContext.Current.CancellationToken);
        try
        {
            // Two servers on the link that nobody owns: ARP fails, no answer and no ICMP error ever comes back.
            await using var server = await NamespaceServer.StartAsync(
                net, FaultE2E.Users, $"{NamespacePair.ServerIPv4}:443", "--pool4", "10.88.0.0/29", "--pool6", "off",
                "--radius", "192.0.2.77", "--radius", "192.0.2.78", "--radius-secret-file", secret);
            await using var client = ClientE2E.StartClient(
                net.ClientNs, NamespacePair.ServerIPv4, "alice", Password, "--pin-sha256", server.PinSha256, "--no-ipv6");

            // 3 tries of 3 s on each of the two servers: the refusal comes after about 18 s.
            int? exit = await client.WaitForExitAsync(TimeSpan.FromSeconds(90));
            Assert.True(exit is not null and not 0, client.Output);
            await server.WaitForLineAsync(FaultE2E.Step, 0, "RADIUS server 192.0.2.77:1812 did not answer after 3 tries");
            await server.WaitForLineAsync(FaultE2E.Step, 0, "RADIUS server 192.0.2.78:1812 did not answer after 3 tries");
            await server.WaitForLineAsync(FaultE2E.Step, 0, "authentication failed for user alice", "no RADIUS server answered");
            Assert.Equal((0, 0), await FaultE2E.SessionsAsync(server));
            Assert.False(server.Process.HasExited);
        }
        finally
        {
            File.Delete(secret);
        }
    }
}
