using System.Text.RegularExpressions;

[assembly: AssemblyFixture(typeof(Sstp.E2E.Tests.SstpcGuest))]

namespace Sstp.E2E.Tests;

/// <summary>
/// `sstp server` on a real TUN in the guest's namespace, proven with the real sstpc + pppd client
/// (issue "Server end to end"). Each test starts its own server with the command line a user would type.
/// </summary>
public sealed partial class ServerAgainstSstpcTests(SstpcGuest guest)
{
    private static readonly Dictionary<string, string> Alice = new() { ["alice"] = "alice-secret" };

    [GeneratedRegex(@"ppp0 (\d+\.\d+\.\d+\.\d+) peer")]
    private static partial Regex Ppp0Address();

    private static async Task<ServerProcess> StartServerAsync(string auth, params string[] more)
    {
        Interop.RequireRootAndSstpc();
        return await ServerProcess.StartAsync(Alice, ["--pool4", "10.88.0.0/24", "--auth", auth, .. more]);
    }

    [Theory]
    [InlineData("mschapv2", "mschapv2")]
    [InlineData("pap", "pap")]
    public async Task Sstpc_GetsPoolAddress_PingsServer_IperfBothWays(string serverAuth, string clientAuth)
    {
        await using var server = await StartServerAsync(serverAuth);

        var (code, output) = await guest.RunAsync(server.Port, "alice", "alice-secret", clientAuth, "10.88.0.1");
        Assert.True(code == 0, output);
        var address = Ppp0Address().Match(output);
        Assert.True(address.Success, output);
        Assert.StartsWith("10.88.0.", address.Groups[1].Value, StringComparison.Ordinal);
        var up = await server.WaitForLineAsync("up: user alice", TimeSpan.FromSeconds(10));
        Assert.Contains("binding Sha256 Ok", up, StringComparison.Ordinal);

        foreach (string direction in new[] { string.Empty, "-R" })
        {
            await using var iperf = await IperfServer.StartAsync("10.88.0.1");
            var env = new Dictionary<string, string> { ["SSTPC_IPERF3_SERVER"] = "10.88.0.1", ["SSTPC_IPERF3_TIME"] = "3" };
            if (direction.Length > 0)
            {
                env["SSTPC_IPERF3_ARGS"] = direction;
            }

            var (iperfCode, iperfOutput) = await guest.RunAsync(server.Port, "alice", "alice-secret", clientAuth, environment: env);
            Assert.True(iperfCode == 0, iperfOutput);
            Assert.Contains("iperf3 ok", iperfOutput, StringComparison.Ordinal);
            TestContext.Current.TestOutputHelper?.WriteLine($"iperf3 {direction}: {string.Join(" | ", iperfOutput.Split('\n').Where(l => l.Contains("receiver", StringComparison.Ordinal)))}");
        }
    }

    [Fact]
    public async Task Sstpc_EapMsChapV2_Connects()
    {
        // The server offers only EAP; pppd ("any") answers EAP-Identity and EAP-MSCHAPv2.
        await using var server = await StartServerAsync("eap-mschapv2");

        var (code, output) = await guest.RunAsync(server.Port, "alice", "alice-secret", "any", "10.88.0.1");
        Assert.True(code == 0, output + "\n" + SstpcGuest.PppdLog);
        var up = await server.WaitForLineAsync("up: user alice", TimeSpan.FromSeconds(10));
        Assert.Contains("EapMsChapV2", up, StringComparison.Ordinal);
        Assert.Contains("binding Sha256 Ok", up, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sstpc_WrongPassword_IsRefusedWith691()
    {
        await using var server = await StartServerAsync("mschapv2");

        var (code, output) = await guest.RunAsync(server.Port, "alice", "wrong", "mschapv2");
        Assert.NotEqual(0, code);
        Assert.Contains("E=691", output + SstpcGuest.PppdLog, StringComparison.Ordinal);
        var failed = await server.WaitForLineAsync("authentication failed for user alice", TimeSpan.FromSeconds(10));
        Assert.Contains("wrong password", failed, StringComparison.Ordinal);
        await server.WaitForLineAsync("Windows error 691", TimeSpan.FromSeconds(10));
    }
}
