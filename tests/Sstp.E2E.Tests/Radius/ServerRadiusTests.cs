using Sstp.E2E.Tests.Client;

namespace Sstp.E2E.Tests.Radius;

/// <summary>
/// <c>sstp client</c> → <c>sstp server --radius …</c> → a real FreeRADIUS (issue "RADIUS", tests): Accept and Reject
/// for every method, attributes from the Access-Accept honoured (Framed-IP-Address, Session-Timeout), and failover
/// past a dead first server. Accounting and DM/CoA are in <see cref="ServerRadiusAccountingTests"/>.
/// </summary>
public sealed class ServerRadiusTests
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(20);

    [Theory(Timeout = 120_000)]
    [InlineData("pap", "Pap", "Pap")]
    [InlineData("chap", "ChapMd5", "ChapMd5")]
    [InlineData("mschapv2", "MsChapV2", "MsChapV2")]
    [InlineData("eap-mschapv2", "EapMsChapV2", "EapPassThrough")]   // the server passes EAP through; FreeRADIUS runs EAP-MSCHAPv2
    public async Task EachMethod_AcceptedByFreeRadius_TunnelUp_BindingOk(string auth, string method, string serverMethod)
    {
        await using var setup = await RadiusSetup.StartAsync(auth);
        await using var client = setup.StartClient(RadiusUsers.Alice, RadiusUsers.AlicePassword, auth);

        string up = await client.WaitForLineAsync("tunnel up", ClientE2E.UpTimeout);
        Assert.Contains($"auth {method}", up, StringComparison.Ordinal);
        var (code, ping) = await ClientE2E.PingAsync(setup.Net.ClientNs, "10.88.0.1");
        Assert.True(code == 0, ping);

        // MS-CHAPv2 and EAP-MSCHAPv2: the HLAK comes from the MS-MPPE keys of the Access-Accept; a wrong or
        // missing key would make the client's Compound MAC fail to verify and the server abort.
        string serverUp = await setup.Server.WaitForLineAsync(Step, 0, $"up: user {RadiusUsers.Alice} from {NamespacePair.ClientIPv4}:", $"auth {serverMethod},");
        Assert.Contains("binding Sha256 Ok", serverUp, StringComparison.Ordinal);
    }

    [Theory(Timeout = 120_000)]
    [InlineData("pap")]
    [InlineData("chap")]
    [InlineData("mschapv2")]
    [InlineData("eap-mschapv2")]
    public async Task EachMethod_WrongPassword_RejectedByFreeRadius_ClientExits5(string auth)
    {
        await using var setup = await RadiusSetup.StartAsync(auth);
        await using var client = setup.StartClient(RadiusUsers.Alice, "not-" + RadiusUsers.AlicePassword, auth);

        Assert.Equal(5, await client.WaitForExitAsync(ClientE2E.UpTimeout));
        Assert.Contains("authentication failed", client.Output, StringComparison.Ordinal);
        await setup.Server.WaitForLineAsync(Step, 0, $"authentication failed for user {RadiusUsers.Alice}");
        if (auth.Contains("mschapv2", StringComparison.Ordinal))
        {
            // The MS-CHAP-Error of the Access-Reject (E=691) reaches the client as the Windows error.
            await setup.Server.WaitForLineAsync(Step, 0, "Windows error 691");
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task FramedIpAddress_FromAccessAccept_IsTheClientsAddress()
    {
        await using var setup = await RadiusSetup.StartAsync("mschapv2");
        await using var client = setup.StartClient(RadiusUsers.Bob, RadiusUsers.BobPassword, "mschapv2");

        string up = await client.WaitForLineAsync("tunnel up", ClientE2E.UpTimeout);
        Assert.Contains($"tunnel up: {RadiusUsers.BobAddress} <-> 10.88.0.1 ", up, StringComparison.Ordinal);
        await setup.Server.WaitForLineAsync(Step, 0, $"up: user {RadiusUsers.Bob}", $"address {RadiusUsers.BobAddress}");
        var (code, ping) = await ClientE2E.PingAsync(setup.Net.ClientNs, "10.88.0.1");
        Assert.True(code == 0, ping);
    }

    [Fact(Timeout = 120_000)]
    public async Task SessionTimeout_FromAccessAccept_EndsTheSession()
    {
        await using var setup = await RadiusSetup.StartAsync("mschapv2");
        await using var client = setup.StartClient(RadiusUsers.Carol, RadiusUsers.CarolPassword, "mschapv2");
        await client.WaitForLineAsync("tunnel up", ClientE2E.UpTimeout);
        var upAt = DateTime.UtcNow;

        await setup.Server.WaitForLineAsync(TimeSpan.FromSeconds(RadiusUsers.CarolSessionTimeoutSeconds + 10), 0, "closed: SessionTimeout", $"user {RadiusUsers.Carol}");
        var lasted = DateTime.UtcNow - upAt;

        // Session-Timeout 5 s counts from authentication, a little before "tunnel up".
        Assert.InRange(lasted, TimeSpan.FromSeconds(RadiusUsers.CarolSessionTimeoutSeconds - 2), TimeSpan.FromSeconds(RadiusUsers.CarolSessionTimeoutSeconds + 5));
        Assert.NotNull(await client.WaitForExitAsync(Step));
        var stop = await setup.Radius.WaitForAccountingAsync(r => r.StatusType == "Stop" && r.UserName == RadiusUsers.Carol, Step);
        Assert.Equal("Session-Timeout", stop.Get("Acct-Terminate-Cause"));   // RFC 2866 §5.10
    }

    [Fact(Timeout = 120_000)]
    public async Task IdleTimeout_FromAccessAccept_EndsAQuietSession()
    {
        await using var setup = await RadiusSetup.StartAsync("mschapv2");
        await using var client = setup.StartClient(RadiusUsers.Dave, RadiusUsers.DavePassword, "mschapv2");
        await client.WaitForLineAsync("tunnel up", ClientE2E.UpTimeout);

        // Nothing is sent after "tunnel up": the session is idle from then on.
        await setup.Server.WaitForLineAsync(TimeSpan.FromSeconds(RadiusUsers.DaveIdleTimeoutSeconds + 15), 0, "closed: IdleTimeout", $"user {RadiusUsers.Dave}");
        Assert.NotNull(await client.WaitForExitAsync(Step));
        var stop = await setup.Radius.WaitForAccountingAsync(r => r.StatusType == "Stop" && r.UserName == RadiusUsers.Dave, Step);
        Assert.Equal("Idle-Timeout", stop.Get("Acct-Terminate-Cause"));   // RFC 2866 §5.10
    }

    [Fact(Timeout = 180_000)]
    public async Task Failover_FirstServerDead_SecondAnswers_AccountingToo()
    {
        // Nothing listens on AuthPort + 10 (nor + 11) in the fresh namespace: the first server never answers.
        await using var setup = await RadiusSetup.StartAsync(
            "mschapv2",
            radius => ["--radius", $"{FreeRadiusServer.Address}:{radius.AuthPort + 10}", "--radius", radius.AuthEndpoint]);
        await using var client = setup.StartClient(RadiusUsers.Alice, RadiusUsers.AlicePassword, "mschapv2");

        // Three tries of 3 s at the dead server before the live one: allow for that on top of the usual bound.
        await client.WaitForLineAsync("tunnel up", ClientE2E.UpTimeout + TimeSpan.FromSeconds(30));
        string serverUp = await setup.Server.WaitForLineAsync(Step, 0, $"up: user {RadiusUsers.Alice}");
        Assert.Contains("binding Sha256 Ok", serverUp, StringComparison.Ordinal);
        var start = await setup.Radius.WaitForAccountingAsync(r => r.StatusType == "Start" && r.UserName == RadiusUsers.Alice, TimeSpan.FromSeconds(60));
        Assert.False(string.IsNullOrEmpty(start.SessionId), start.ToString());

        // A second login goes to the live server at once: the dead one is held down.
        await client.SignalAsync("TERM");
        Assert.Equal(0, await client.WaitForExitAsync(Step));
        var again = DateTime.UtcNow;
        await using var second = setup.StartClient(RadiusUsers.Alice, RadiusUsers.AlicePassword, "mschapv2");
        await second.WaitForLineAsync("tunnel up", ClientE2E.UpTimeout);
        // Asking the dead server again would cost its 3 tries of 3 s before the live one answers.
        Assert.True(DateTime.UtcNow - again < TimeSpan.FromSeconds(9), $"the second login took {DateTime.UtcNow - again}: the dead server was tried again");
    }
}
