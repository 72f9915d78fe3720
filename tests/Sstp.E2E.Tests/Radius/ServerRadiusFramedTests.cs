using Sstp.E2E.Tests.Client;

namespace Sstp.E2E.Tests.Radius;

/// <summary>
/// Addresses and routes from FreeRADIUS's Access-Accept honoured by <c>sstp server --radius</c> (issue "RADIUS"):
/// Framed-IPv6-Prefix inside and outside the pool, Framed-Route (the client routes a subnet), a Framed-IP-Address
/// inside the pool reserved there, and Interim-Update accounting.
/// </summary>
public sealed class ServerRadiusFramedTests
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(20);

    [Theory(Timeout = 180_000)]
    [InlineData(RadiusUsers.Frank, RadiusUsers.FrankPrefix)]   // inside pool6: reserved there
    [InlineData(RadiusUsers.Gina, RadiusUsers.GinaPrefix)]     // outside: the server adds a kernel route for it
    public async Task FramedIpv6Prefix_IsTheClientsSlash64_Ping6Through(string user, string prefix)
    {
        await using var setup = await RadiusSetup.StartAsync("mschapv2");
        await using var client = setup.StartClient(user, RadiusUsers.PasswordOf(user), "mschapv2", "--route", "fd00:88::/48");
        await client.WaitForLineAsync("tunnel up", ClientE2E.UpTimeout);
        await setup.Server.WaitForLineAsync(Step, 0, $"up: user {user}", $" {prefix},");

        // SLAAC from the server's Router Advertisement puts an address of that /64 on the client's TUN.
        string stem = prefix[..prefix.IndexOf("::", StringComparison.Ordinal)] + ":";
        await WaitUntilAsync(async () => (await setup.Net.InClientAsync("ip", "-6", "addr", "show", "dev", "sstpc0", "scope", "global")).Output.Contains(stem, StringComparison.Ordinal), "SLAAC address in " + prefix);

        // The echo requests leave from that address: the server accepts the source, and its kernel routes the
        // replies back into the TUN (for gina only thanks to the route the server added).
        var (code, ping) = await setup.Net.InClientAsync("ping", "-6", "-c", "3", "-i", "0.3", "-W", "3", "fd00:88::1");
        Assert.True(code == 0, ping);
        var (_, routes) = await setup.Net.InServerAsync("ip", "-6", "route", "show", prefix);
        if (user == RadiusUsers.Gina)
        {
            Assert.Contains(prefix + " dev sstpd0", routes, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(string.Empty, routes.Trim());   // the pool's own route on the TUN covers frank's /64
        }

        Assert.DoesNotContain(setup.Server.Lines, l => l.Contains("dropped a packet", StringComparison.Ordinal));

        await client.SignalAsync("TERM");
        Assert.Equal(0, await client.WaitForExitAsync(Step));
        await setup.Server.WaitForLineAsync(Step, 0, "closed:", $"user {user}");
        if (user == RadiusUsers.Gina)
        {
            // The kernel route went with the session.
            await WaitUntilAsync(async () => (await setup.Net.InServerAsync("ip", "-6", "route", "show", prefix)).Output.Trim().Length == 0, "route removed");
        }
    }

    [Fact(Timeout = 180_000)]
    public async Task FramedRoute_HostBehindTheClient_ReachableFromTheServerSide_RouteGoneAfterwards()
    {
        await using var setup = await RadiusSetup.StartAsync("mschapv2");
        await using var client = setup.StartClient(RadiusUsers.Erin, RadiusUsers.ErinPassword, "mschapv2");
        await client.WaitForLineAsync("tunnel up", ClientE2E.UpTimeout);
        await setup.Server.WaitForLineAsync(Step, 0, $"user {RadiusUsers.Erin}: Framed-Route 198.51.100.0/24 routed to the session");
        await WaitUntilAsync(async () => (await setup.Net.InServerAsync("ip", "route", "show", "198.51.100.0/24")).Output.Contains("dev sstpd0", StringComparison.Ordinal), "kernel route");

        // A host of erin's routed subnet, on the client's side of the tunnel.
        var (addCode, add) = await setup.Net.InClientAsync("ip", "addr", "add", "198.51.100.7/32", "dev", "lo");
        Assert.True(addCode == 0, add);
        var (code, ping) = await setup.Net.InServerAsync("ping", "-c", "3", "-i", "0.3", "-W", "3", "198.51.100.7");

        // The replies come from 198.51.100.7, not erin's own address: accepted because the prefix is routed to her.
        Assert.True(code == 0, ping + "\n" + setup.Server.Process.Output);
        Assert.DoesNotContain(setup.Server.Lines, l => l.Contains("dropped a packet", StringComparison.Ordinal));

        await client.SignalAsync("TERM");
        Assert.Equal(0, await client.WaitForExitAsync(Step));
        await setup.Server.WaitForLineAsync(Step, 0, "closed:", $"user {RadiusUsers.Erin}");
        await WaitUntilAsync(async () => (await setup.Net.InServerAsync("ip", "route", "show", "198.51.100.0/24")).Output.Trim().Length == 0, "route removed");
    }

    [Fact(Timeout = 180_000)]
    public async Task FramedIpAddress_InsideThePool_ReservedThere_ASecondClaimIsRefused()
    {
        await using var setup = await RadiusSetup.StartAsync("mschapv2");

        // grace takes 10.88.0.2 by RADIUS, the address the pool hands out first.
        await using var grace = setup.StartClient(RadiusUsers.Grace, RadiusUsers.GracePassword, "mschapv2");
        string up = await grace.WaitForLineAsync("tunnel up", ClientE2E.UpTimeout);
        Assert.Contains($"tunnel up: {RadiusUsers.GraceAddress} <-> 10.88.0.1 ", up, StringComparison.Ordinal);

        // The pool knows: alice gets the next one, not grace's.
        await using var alice = setup.StartClient(RadiusUsers.Alice, RadiusUsers.AlicePassword, "mschapv2", "--tun", "sstpc1");
        string aliceUp = await alice.WaitForLineAsync("tunnel up", ClientE2E.UpTimeout);
        Assert.Contains("tunnel up: 10.88.0.3 <-> 10.88.0.1 ", aliceUp, StringComparison.Ordinal);

        // A second session of grace asks for the same address: refused, and the log names the clash.
        await using var again = setup.StartClient(RadiusUsers.Grace, RadiusUsers.GracePassword, "mschapv2", "--tun", "sstpc2");
        Assert.NotNull(await again.WaitForExitAsync(ClientE2E.UpTimeout));
        await setup.Server.WaitForLineAsync(Step, 0, $"user {RadiusUsers.Grace} refused: RADIUS Framed-IP-Address {RadiusUsers.GraceAddress} is in use by another session");

        // The first two are unharmed.
        Assert.False(grace.HasExited, grace.Output);
        Assert.False(alice.HasExited, alice.Output);
        var (code, ping) = await ClientE2E.PingAsync(setup.Net.ClientNs, "10.88.0.1");
        Assert.True(code == 0, ping);
    }

    [Fact(Timeout = 180_000)]
    public async Task AcctInterimInterval_InterimUpdatesWithGrowingCounters_ThenStop()
    {
        await using var setup = await RadiusSetup.StartAsync("mschapv2", more: ["--radius-min-interim-interval", "1s"]);
        await using var client = setup.StartClient(RadiusUsers.Heidi, RadiusUsers.HeidiPassword, "mschapv2");
        await client.WaitForLineAsync("tunnel up", ClientE2E.UpTimeout);
        var start = await setup.Radius.WaitForAccountingAsync(r => r.StatusType == "Start" && r.UserName == RadiusUsers.Heidi, Step);

        // Traffic between interims, so the counters must grow from one to the next.
        var (code, ping) = await ClientE2E.InNamespaceAsync(setup.Net.ClientNs, "ping", "-c", "3", "-i", "0.2", "-s", "500", "-W", "3", "10.88.0.1");
        Assert.True(code == 0, ping);
        var first = await setup.Radius.WaitForAccountingAsync(r => r.StatusType == "Interim-Update" && r.SessionId == start.SessionId, Step);
        (code, ping) = await ClientE2E.InNamespaceAsync(setup.Net.ClientNs, "ping", "-c", "3", "-i", "0.2", "-s", "500", "-W", "3", "10.88.0.1");
        Assert.True(code == 0, ping);
        long firstIn = first.GetNumber("Acct-Input-Octets");
        var later = await setup.Radius.WaitForAccountingAsync(
            r => r.StatusType == "Interim-Update" && r.SessionId == start.SessionId && r.GetNumber("Acct-Input-Octets") > firstIn, Step);

        Assert.True(firstIn >= 3 * 528, first.ToString());
        Assert.True(later.GetNumber("Acct-Output-Octets") > first.GetNumber("Acct-Output-Octets"), later.ToString());
        Assert.True(later.GetNumber("Acct-Session-Time") >= first.GetNumber("Acct-Session-Time"), later.ToString());
        Assert.Equal(start.Get("Framed-IP-Address"), later.Get("Framed-IP-Address"));

        await client.SignalAsync("TERM");
        Assert.Equal(0, await client.WaitForExitAsync(Step));
        var stop = await setup.Radius.WaitForAccountingAsync(r => r.StatusType == "Stop" && r.SessionId == start.SessionId, Step);
        Assert.True(stop.GetNumber("Acct-Input-Octets") >= later.GetNumber("Acct-Input-Octets"), stop.ToString());

        // No Interim-Update after the Stop: the timer died with the session.
        int interims = setup.Radius.ReadDetail().Count(r => r.StatusType == "Interim-Update" && r.SessionId == start.SessionId);
        await Task.Delay(TimeSpan.FromSeconds(RadiusUsers.HeidiInterimSeconds + 1), TestContext.Current.CancellationToken);
        Assert.Equal(interims, setup.Radius.ReadDetail().Count(r => r.StatusType == "Interim-Update" && r.SessionId == start.SessionId));
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Step;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for: " + what);
            await Task.Delay(250, TestContext.Current.CancellationToken);
        }
    }
}
