namespace Sstp.E2E.Tests;

/// <summary>
/// The secrets check of <see cref="LogSecretsTests"/> with the real sstpc + pppd as the client: the server at
/// trace level in JSON through MS-CHAPv2 and EAP-MSCHAPv2 logins, right and wrong password.
/// </summary>
public sealed class LogSecretsSstpcTests(SstpcGuest guest)
{
    private const string Password = "Sstpc-Log-Pw-5c2d";

    [Fact(Timeout = 180_000)]
    public async Task Sstpc_MsChapV2AndEap_GoodAndWrongPassword_TraceJsonLogsHoldNoSecret()
    {
        Interop.RequireRootAndSstpc();
        await using var server = await ServerProcess.StartAsync(
            new Dictionary<string, string> { ["alice"] = Password },
            "--pool4", "10.88.0.0/24", "--auth", "mschapv2,eap-mschapv2", "--log-level", "trace", "--log-format", "json");

        foreach (string auth in (string[])["mschapv2", "any"])
        {
            var (code, output) = await guest.RunAsync(server.Port, "alice", Password, auth, "10.88.0.1");
            Assert.True(code == 0, output + "\n" + SstpcGuest.PppdLog);
            var (wrongCode, _) = await guest.RunAsync(server.Port, "alice", "wrong-" + Password, auth);
            Assert.NotEqual(0, wrongCode);
        }

        await server.WaitForLineAsync("\"windows_error\":691", TimeSpan.FromSeconds(10));
        Assert.Equal(0, await server.StopAsync(TimeSpan.FromSeconds(20)));
        var lines = server.Lines;

        LogSecretsTests.AssertNoSecrets(lines, [Password, "wrong-" + Password], null, CertificatePin(lines));
        LogSecretsTests.AssertJsonSessionLines(lines, ["alice"], peerPrefix: "10.77.77.");
    }

    private static string CertificatePin(IEnumerable<string> lines) =>
        lines.Select(l => System.Text.RegularExpressions.Regex.Match(l, "SHA-256 ([0-9A-F]{64})")).First(m => m.Success).Groups[1].Value;
}
