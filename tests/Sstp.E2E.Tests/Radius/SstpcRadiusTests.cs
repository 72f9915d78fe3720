namespace Sstp.E2E.Tests.Radius;

/// <summary>
/// The "done when": the real sstpc + pppd authenticates through <c>sstp server --radius</c> against
/// FreeRADIUS (MS-CHAPv2 with crypto binding, and PAP; also EAP-MSCHAPv2 pass-through), and the detail file shows Start and Stop with the byte
/// counts the server counted. FreeRADIUS runs on 127.0.0.1 inside the guest's namespace, beside the server.
/// </summary>
public sealed class SstpcRadiusTests(SstpcGuest guest)
{
    private static readonly Dictionary<string, string> LocalOnly = new() { ["local-only"] = "local-only-" + Guid.NewGuid().ToString("N") };

    [Theory(Timeout = 300_000)]
    [InlineData("mschapv2", "mschapv2", "MsChapV2")]
    [InlineData("pap", "pap", "Pap")]
    [InlineData("eap-mschapv2", "any", "EapPassThrough")]   // pppd answers EAP-Identity and EAP-MSCHAPv2; FreeRADIUS runs the EAP
    public async Task Sstpc_AuthenticatedByFreeRadius_BindingOk_AccountingStartStopWithTheServersCounts(string serverAuth, string clientAuth, string method)
    {
        await using var radius = await StartRadiusAsync();
        await using var server = await StartServerAsync(radius, serverAuth);

        var (code, output) = await guest.RunAsync(server.Port, RadiusUsers.Alice, RadiusUsers.AlicePassword, clientAuth, "10.88.0.1");

        Assert.True(code == 0, output + "\n" + SstpcGuest.PppdLog);
        var up = await server.WaitForLineAsync($"up: user {RadiusUsers.Alice}", TimeSpan.FromSeconds(10));
        Assert.Contains($"auth {method},", up, StringComparison.Ordinal);
        Assert.Contains("binding Sha256 Ok", up, StringComparison.Ordinal);

        // sstpc/run ends the tunnel after its pings: the server closes the session and sends the Stop.
        string closed = await server.WaitForLineAsync("closed:", TimeSpan.FromSeconds(30));
        var counters = RadiusSetup.ClosedCounters(closed);
        var start = await radius.WaitForAccountingAsync(r => r.StatusType == "Start" && r.UserName == RadiusUsers.Alice, TimeSpan.FromSeconds(20));
        var stop = await radius.WaitForAccountingAsync(r => r.StatusType == "Stop" && r.SessionId == start.SessionId, TimeSpan.FromSeconds(20));
        Assert.False(string.IsNullOrEmpty(start.SessionId), start.ToString());
        Assert.Equal(counters.BytesIn, stop.GetNumber("Acct-Input-Octets"));
        Assert.Equal(counters.BytesOut, stop.GetNumber("Acct-Output-Octets"));
        Assert.True(stop.GetNumber("Acct-Input-Octets") > 0, stop.ToString());
        Assert.True(stop.GetNumber("Acct-Output-Octets") > 0, stop.ToString());
    }

    [Fact(Timeout = 300_000)]
    public async Task Sstpc_WrongPassword_RejectedByFreeRadius_691()
    {
        await using var radius = await StartRadiusAsync();
        await using var server = await StartServerAsync(radius, "mschapv2");

        var (code, output) = await guest.RunAsync(server.Port, RadiusUsers.Alice, "wrong", "mschapv2");

        Assert.NotEqual(0, code);
        Assert.Contains("E=691", output + SstpcGuest.PppdLog, StringComparison.Ordinal);
        await server.WaitForLineAsync($"authentication failed for user {RadiusUsers.Alice}", TimeSpan.FromSeconds(10));
    }

    private async Task<FreeRadiusServer> StartRadiusAsync()
    {
        Interop.RequireRootAndSstpc();
        if (guest.Unavailable is not null)
        {
            Assert.Skip(guest.Unavailable);
        }

        // The server runs in the guest's namespace, whose loopback is its own: FreeRADIUS goes there too.
        return await FreeRadiusServer.StartAsync(Interop.Namespace);
    }

    private static Task<ServerProcess> StartServerAsync(FreeRadiusServer radius, string auth) =>
        ServerProcess.StartAsync(
            LocalOnly, "--pool4", "10.88.0.0/24", "--auth", auth, "--radius", radius.AuthEndpoint, "--radius-secret-file", radius.SecretFile);
}
