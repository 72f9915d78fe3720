namespace Sstp.E2E.Tests.Radius;

/// <summary>
/// The "done when": the real sstpc + pppd authenticates through <c>sstp server --radius</c> against
/// FreeRADIUS (MS-CHAPv2 with crypto binding, and PAP; also EAP-MSCHAPv2 pass-through), and the detail file shows Start and Stop with the byte
/// counts the server counted. FreeRADIUS runs on 127.0.0.1 inside the guest's namespace, beside the server.
/// </summary>
public sealed class SstpcRadiusTests(SstpcGuest guest)
{
    /// <summary>The EAP-TLS user: the CN of the client certificate and pppd's EAP identity.</summary>
    private const string EapTlsUser = "ivan";

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

    [Fact(Timeout = 300_000)]
    public async Task Sstpc_EapTls_PassedThroughToFreeRadius_CertificateLogin()
    {
        // pppd 2.4.9 (Debian) is built with EAP-TLS: its ca/cert/key options name the client's PKI. The server only
        // relays the EAP packets; FreeRADIUS runs EAP-TLS. sstpc is started here without --password: given one, it
        // snoops the PPP stream for MS-CHAPv2 keys and dies on EAP-TLS ("EAP TLS not supported in this mode").
        // Crypto binding is log-only: the HLAK is the first 32 octets of the EAP-TLS MSK (what FreeRADIUS sends as
        // MS-MPPE-Recv-Key), but pppd 2.4.9 keeps only 16 octets of each MPPE key, so sstpc cannot compute it and
        // its Compound MAC cannot match. The server must say so, not pretend.
        Interop.RequireRootAndSstpc();
        if (guest.Unavailable is not null)
        {
            Assert.Skip(guest.Unavailable);
        }

        using var pki = EapTlsCertificates.Create(SstpcGuest.StateDirectory, EapTlsUser);
        await using var radius = await FreeRadiusServer.StartAsync(Interop.Namespace, pki);
        await using var server = await StartServerAsync(radius, "eap-mschapv2", "--crypto-binding", "log-only");

        var (code, output) = await SstpcGuest.ExecAsync(EapTlsScript(server.Port, pki));

        string logs = output + "\n" + ReadOr(Path.Combine(pki.Folder, "pppd.log")) + "\n" + ReadOr(Path.Combine(pki.Folder, "sstpc.log")) + "\n" + radius.Log;
        Assert.True(code == 0 && output.Contains("UP=1", StringComparison.Ordinal), logs);
        var up = await server.WaitForLineAsync($"up: user {EapTlsUser}", TimeSpan.FromSeconds(10));
        Assert.Contains("auth EapPassThrough,", up, StringComparison.Ordinal);
        Assert.DoesNotContain("binding Sha256 Ok", up, StringComparison.Ordinal);   // see above: sstpc's HLAK is not the MSK's
        Assert.Contains(" 3 packets received", output, StringComparison.Ordinal);   // busybox ping through the tunnel
        Assert.Contains("EAP-TLS", ReadOr(Path.Combine(pki.Folder, "pppd.log")), StringComparison.Ordinal);
        var start = await radius.WaitForAccountingAsync(r => r.StatusType == "Start" && r.UserName == EapTlsUser, TimeSpan.FromSeconds(20));
        Assert.False(string.IsNullOrEmpty(start.SessionId), start.ToString());
        TestContext.Current.TestOutputHelper?.WriteLine(up);
    }

    /// <summary>
    /// The guest side of the EAP-TLS test: sstpc (no password) with pppd's EAP-TLS options, wait for ppp0, ping the
    /// server's tunnel address, stop. Logs go to the PKI folder (inside the harness's state directory).
    /// Without a password sstpc starts pppd and connects at once; a frame from the server that reaches the pty
    /// before pppd has made it raw is echoed back (the server then sees its own LCP request). A longer uplink delay
    /// makes that rare and a failed attempt is retried (at most three).
    /// </summary>
    private static string EapTlsScript(int port, EapTlsCertificates pki) => $$"""
        PATH=/usr/sbin:/usr/bin:/sbin:/bin
        UPLINK=$(cat /run/interop/uplink 2>/dev/null || echo vec0)
        L={{pki.Folder}}
        tc qdisc replace dev "$UPLINK" root netem delay 50ms
        stop() {
          kill $pid 2>/dev/null
          for i in $(seq 1 50); do kill -0 $pid 2>/dev/null || break; sleep 0.1; done
          kill -9 $pid 2>/dev/null
          for p in $(/bin/busybox pidof pppd); do kill $p; done
          for i in $(seq 1 30); do /bin/busybox pidof pppd >/dev/null || break; sleep 0.1; done
        }
        ok=0
        for attempt in 1 2 3; do
          echo "attempt $attempt"
          sstpc --cert-warn --log-level 4 --log-stderr --user {{EapTlsUser}} {{Interop.ServerAddress}}:{{port}} \
            nodetach noauth nodefaultroute noipdefault nobsdcomp nodeflate novj \
            ca {{pki.Ca}} cert {{pki.ClientCertificate}} key {{pki.ClientKey}} \
            debug logfile "$L/pppd.log" </dev/null >"$L/sstpc.log" 2>&1 &
          pid=$!
          for i in $(seq 1 300); do
            if ip -4 addr show dev ppp0 2>/dev/null | grep -q "inet "; then ok=1; break; fi
            kill -0 $pid 2>/dev/null || break
            sleep 0.1
          done
          if [ $ok = 1 ]; then break; fi
          stop
        done
        tc qdisc del dev "$UPLINK" root 2>/dev/null
        if [ $ok = 1 ]; then sleep 0.3; ip -4 addr show dev ppp0; /bin/busybox ping -c 3 -W 3 10.88.0.1; fi
        stop
        echo "UP=$ok"
        """;

    private static string ReadOr(string path) => File.Exists(path) ? File.ReadAllText(path) : string.Empty;

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

    private static Task<ServerProcess> StartServerAsync(FreeRadiusServer radius, string auth, params string[] more) =>
        ServerProcess.StartAsync(
            LocalOnly, ["--pool4", "10.88.0.0/24", "--auth", auth, "--radius", radius.AuthEndpoint, "--radius-secret-file", radius.SecretFile, .. more]);
}
