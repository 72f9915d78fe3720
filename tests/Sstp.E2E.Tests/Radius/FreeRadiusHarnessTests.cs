namespace Sstp.E2E.Tests.Radius;

/// <summary>
/// The test FreeRADIUS on its own (no <c>sstp</c> involved), on the host's loopback: proves the generated
/// configuration does what the RADIUS end-to-end tests rely on, with FreeRADIUS's own <c>radtest</c> and
/// <c>radclient</c>. Needs freeradius and freeradius-utils, not root.
/// </summary>
public sealed class FreeRadiusHarnessTests
{
    [Fact(Timeout = 60_000)]
    public async Task StatusServer_IsAnswered()
    {
        await using var radius = await FreeRadiusServer.StartAsync();

        var (code, output) = await radius.RadclientAsync(radius.AuthEndpoint, "status", "Message-Authenticator = 0x00");

        Assert.True(code == 0, output);
        Assert.Contains("Received Access-Accept", output, StringComparison.Ordinal);
    }

    [Theory(Timeout = 60_000)]
    [InlineData("pap")]
    [InlineData("chap")]
    [InlineData("mschap")]
    public async Task Radtest_RightPassword_AcceptWithClass_WrongPassword_Reject(string method)
    {
        await using var radius = await FreeRadiusServer.StartAsync();

        var (code, output) = await radius.RadtestAsync(RadiusUsers.Alice, RadiusUsers.AlicePassword, method);
        Assert.True(code == 0, output);
        Assert.Contains("Received Access-Accept", output, StringComparison.Ordinal);
        Assert.Contains("Class = 0x" + Convert.ToHexStringLower("alice-class"u8), output, StringComparison.Ordinal);
        Assert.Contains("Message-Authenticator = 0x", output, StringComparison.Ordinal);

        var (badCode, badOutput) = await radius.RadtestAsync(RadiusUsers.Alice, "not-" + RadiusUsers.AlicePassword, method);
        Assert.NotEqual(0, badCode);
        Assert.Contains("Received Access-Reject", badOutput, StringComparison.Ordinal);
        Assert.Contains("Message-Authenticator = 0x", badOutput, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task MsChap_Accept_CarriesMppeKeys_Reject_CarriesError691()
    {
        // radtest's "mschap" is MS-CHAPv1; the mschap module answers MS-CHAPv2 (what sstp sends) the same way,
        // with MS-MPPE-Send/Recv-Key in place of MS-CHAP-MPPE-Keys.
        await using var radius = await FreeRadiusServer.StartAsync();

        var (_, output) = await radius.RadtestAsync(RadiusUsers.Alice, RadiusUsers.AlicePassword, "mschap");
        Assert.Contains("MS-CHAP-MPPE-Keys = 0x", output, StringComparison.Ordinal);

        var (_, badOutput) = await radius.RadtestAsync(RadiusUsers.Alice, "wrong", "mschap");
        Assert.Contains("E=691", badOutput, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task ReplyAttributes_BobFramedIp_CarolSessionTimeout()
    {
        await using var radius = await FreeRadiusServer.StartAsync();

        var (bobCode, bob) = await radius.RadtestAsync(RadiusUsers.Bob, RadiusUsers.BobPassword);
        Assert.True(bobCode == 0, bob);
        Assert.Contains("Framed-IP-Address = " + RadiusUsers.BobAddress, bob, StringComparison.Ordinal);

        var (carolCode, carol) = await radius.RadtestAsync(RadiusUsers.Carol, RadiusUsers.CarolPassword);
        Assert.True(carolCode == 0, carol);
        Assert.Contains($"Session-Timeout = {RadiusUsers.CarolSessionTimeoutSeconds}", carol, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task Accounting_StartAndStop_AppearInTheDetailFile()
    {
        await using var radius = await FreeRadiusServer.StartAsync();
        string acct = $"{FreeRadiusServer.Address}:{radius.AcctPort}";

        var (startCode, start) = await radius.RadclientAsync(acct, "acct",
            "Acct-Status-Type = Start", "Acct-Session-Id = \"harness-1\"", "User-Name = \"alice\"", "Class = 0x616c6963652d636c617373");
        Assert.True(startCode == 0, start);
        var (stopCode, stop) = await radius.RadclientAsync(acct, "acct",
            "Acct-Status-Type = Stop", "Acct-Session-Id = \"harness-1\"", "User-Name = \"alice\"",
            "Acct-Input-Octets = 1234", "Acct-Output-Octets = 5678", "Acct-Session-Time = 9", "Acct-Terminate-Cause = User-Request");
        Assert.True(stopCode == 0, stop);

        var records = radius.ReadDetail();
        Assert.Equal(["Start", "Stop"], records.Select(r => r.StatusType));
        Assert.All(records, r => Assert.Equal("harness-1", r.SessionId));
        Assert.Equal(RadiusUsers.Alice, records[0].UserName);
        Assert.Equal("0x616c6963652d636c617373", records[0].Get("Class"));
        Assert.Equal(1234, records[1].GetNumber("Acct-Input-Octets"));
        Assert.Equal(5678, records[1].GetNumber("Acct-Output-Octets"));
        Assert.Equal("User-Request", records[1].Get("Acct-Terminate-Cause"));
    }

    [Fact(Timeout = 60_000)]
    public async Task WrongSecret_IsNotAnswered()
    {
        // FreeRADIUS drops a request whose authenticator it cannot verify: what a server with a wrong
        // --radius-secret-file sees (a timeout, not a Reject).
        await using var radius = await FreeRadiusServer.StartAsync();
        string file = Path.Combine(Path.GetTempPath(), "sstp-radius-attrs-" + Guid.NewGuid().ToString("N")[..8]);
        await File.WriteAllTextAsync(file, "User-Name = \"alice\"\nUser-Password = \"" + RadiusUsers.AlicePassword + "\"\nMessage-Authenticator = 0x00\n", TestContext.Current.CancellationToken);
        try
        {
            var (code, output) = await Interop.RunAsync("radclient", ["-x", "-r", "1", "-t", "1", "-f", file, radius.AuthEndpoint, "auth", "not-the-secret"]);
            Assert.NotEqual(0, code);
            Assert.DoesNotContain("Received Access-Accept", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
