using System.Globalization;

namespace Sstp.E2E.Tests.Client;

/// <summary>
/// <c>sstp client</c> against SoftEther VPN Server 5.01 (issue: our client against SoftEther through
/// shared/interop/softether, MS-CHAPv2 and PAP, ping the gateway it announces, its quirks tolerated). The client
/// runs inside SoftEther's own namespace against vpnserver's inner port on that namespace's loopback, so its TUN
/// never appears in the host's namespace. Quirks met on the way (softether/README "What our client must
/// tolerate"): EAP offered first (the client Naks it), IPv6CP stalls the server's PPP loop ~4 s, the server never
/// answers the client's SSTP echo and drops a silent client after ~20 s.
/// </summary>
public sealed class ClientAgainstSoftEtherTests(SoftEtherServer softEther) : IClassFixture<SoftEtherServer>
{
    private static int _tunNumber;

    [Theory(Timeout = 150_000)]
    [InlineData("mschapv2", "MsChapV2", 0)]
    [InlineData("pap", "Pap", 0)]

    // Held past SoftEther's 20 s idle limit: the client must answer its echoes and ignore its silence to ours.
    [InlineData("mschapv2", "MsChapV2", 30)]
    public async Task Client_TunnelUp_PingsGateway_SigtermRemovesTun(string auth, string method, int holdSeconds)
    {
        softEther.Require();
        string tun = $"sstpse{Interlocked.Increment(ref _tunNumber)}{Environment.ProcessId % 1000}";
        await using var client = ClientE2E.StartClient(
            softEther.Namespace,
            $"127.0.0.1:{softEther.InnerPort.ToString(CultureInfo.InvariantCulture)}",
            softEther.User,
            softEther.Password,
            "--pin-sha256", softEther.CertSha256, "--auth", auth, "--tun", tun);

        // IPCP opens 5-6 s after connect with IPv6CP on this server; allow plenty.
        string up = await client.WaitForLineAsync("tunnel up", TimeSpan.FromSeconds(45));
        Assert.Contains($"auth {method}", up, StringComparison.Ordinal);
        Assert.Matches(@"tunnel up: 192\.168\.30\.\d+ <-> " + softEther.Gateway.Replace(".", @"\.", StringComparison.Ordinal) + " ", up);
        var (code, ping) = await ClientE2E.PingAsync(softEther.Namespace, softEther.Gateway);
        Assert.True(code == 0, ping);

        if (holdSeconds > 0)
        {
            await Task.Delay(TimeSpan.FromSeconds(holdSeconds), TestContext.Current.CancellationToken);
            Assert.False(client.HasExited, "the tunnel dropped while idle:\n" + client.Output);
            var (again, pingAgain) = await ClientE2E.PingAsync(softEther.Namespace, softEther.Gateway);
            Assert.True(again == 0, pingAgain);
        }

        await client.SignalAsync("TERM");
        Assert.Equal(0, await client.WaitForExitAsync(TimeSpan.FromSeconds(20)));
        Assert.False(await ClientE2E.LinkExistsAsync(softEther.Namespace, tun), "the client's TUN outlived it");
    }

    [Fact]
    public void UpOutput_ParsedAsEvalWould()
    {
        var values = SoftEtherServer.ParseAssignments("SOFTETHER_HOST=127.0.0.1\nSOFTETHER_NETNS=sstp-interop-se\nA=a\\ b\nB='c d'\nC=$'e\\nf'\nnot a line\n");
        Assert.Equal("127.0.0.1", values["SOFTETHER_HOST"]);
        Assert.Equal("sstp-interop-se", values["SOFTETHER_NETNS"]);
        Assert.Equal("a b", values["A"]);
        Assert.Equal("c d", values["B"]);
        Assert.Equal("e\nf", values["C"]);
        Assert.Equal(5, values.Count);
    }
}
