using System.Globalization;
using Sstp.TestKit;

namespace Sstp.E2E.Tests;

/// <summary>
/// The real server started as root with <c>--user nobody</c>, watched by a NOTIFY_SOCKET the test binds: it
/// switches users once the TUN device and listener are open, keeps CAP_NET_ADMIN on its launcher thread only,
/// serves sstpc, removes its NAT table through nft after the switch and stops cleanly.
/// </summary>
public sealed class ServerPrivilegeDropTests(SstpcGuest guest)
{
    private const string CapNetAdmin = "0000000000001000";
    private static readonly Dictionary<string, string> Alice = new() { ["alice"] = "alice-secret" };
    private static readonly Dictionary<string, string> Hold = new() { ["SSTPC_HOLD"] = "1" };

    [Fact]
    public async Task UserNobody_KeepsOnlyNetAdmin_ServesSstpc_NotifiesSystemd_AndStopsCleanly()
    {
        Interop.RequireRootAndSstpc();
        var nobody = File.ReadLines("/etc/passwd").FirstOrDefault(l => l.StartsWith("nobody:", StringComparison.Ordinal));
        Assert.SkipWhen(nobody is null, "no user 'nobody' on this machine");
        string uid = nobody.Split(':')[2];
        string gid = nobody.Split(':')[3];
        bool nft = File.Exists("/usr/sbin/nft");

        using var notify = new NotifyListener(worldWritable: true);
        var environment = new Dictionary<string, string> { ["NOTIFY_SOCKET"] = notify.Path };
        string[] options = ["--pool4", "10.88.0.0/24", "--auth", "mschapv2", "--user", "nobody", .. nft ? (string[])["--nat"] : []];
        var server = await ServerProcess.StartAsync(Alice, environment, options);
        await using (server)
        {
            await server.WaitForLineAsync("Switched to user nobody", TimeSpan.FromSeconds(10));
            // READY=1 comes after the switch: systemd never sees a ready server still running as root.
            await notify.WaitForAsync("READY=1", TimeSpan.FromSeconds(10));
            int pid = server.Process.Id;

            var status = StatusOf($"/proc/{pid}/status");
            Assert.Equal($"{uid}\t{uid}\t{uid}\t{uid}", status["Uid"]);
            Assert.Equal($"{gid}\t{gid}\t{gid}\t{gid}", status["Gid"]);
            AssertThreads(pid);

            // sstpc connects and pings the server's tunnel address through the tunnel.
            var (code, output) = await guest.RunAsync(server.Port, "alice", "alice-secret", "mschapv2", "10.88.0.1", Hold);
            Assert.True(code == 0, output);
            await server.WaitForLineAsync("up: user alice", TimeSpan.FromSeconds(10));
            await notify.WaitForAsync("STATUS=serving 1 session", TimeSpan.FromSeconds(20));

            int exit = await server.StopAsync(TimeSpan.FromSeconds(30));

            Assert.Equal(0, exit);
            await server.WaitForLineAsync("Stopped", TimeSpan.FromSeconds(1));
            await notify.WaitForAsync("STOPPING=1", TimeSpan.FromSeconds(1));
            Assert.DoesNotContain(server.Lines, l => l.Contains("fail", StringComparison.OrdinalIgnoreCase) && l.Contains("nft", StringComparison.Ordinal));
            var (linkCode, _) = await Interop.RunAsync("ip", ["-n", Interop.Namespace, "link", "show", server.Tun]);
            Assert.NotEqual(0, linkCode);
            if (nft)
            {
                // The table was removed by `nft delete table` run after the switch, through the launcher thread.
                var (tableCode, _) = await Interop.RunAsync("ip", ["netns", "exec", Interop.Namespace, "nft", "list", "table", "ip", "sstp_nat_" + server.Tun]);
                Assert.NotEqual(0, tableCode);
            }
        }

        await Interop.RunAsync(Path.Combine(Interop.Sstpc, "run"), ["--stop"], timeout: TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task UnknownUser_IsAConfigurationError_BeforeAnythingIsOpened()
    {
        Interop.RequireRootAndSstpc();
        string name = "sstp-none-" + Guid.NewGuid().ToString("N")[..6];

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => ServerProcess.StartAsync(Alice, "--user", name));

        Assert.Contains($"configuration error: server.user: no such user '{name}'", failure.Message, StringComparison.Ordinal);
    }

    /// <summary>Only the launcher thread holds a capability, CAP_NET_ADMIN, also ambient; every other thread holds none.</summary>
    private static void AssertThreads(int pid)
    {
        int launchers = 0;
        foreach (string task in Directory.GetDirectories($"/proc/{pid}/task"))
        {
            string name = File.ReadAllText(Path.Combine(task, "comm")).Trim();
            var status = StatusOf(Path.Combine(task, "status"));
            if (name == "sstp-launcher")
            {
                launchers++;
                Assert.Equal(CapNetAdmin, status["CapEff"]);
                Assert.Equal(CapNetAdmin, status["CapPrm"]);
                Assert.Equal(CapNetAdmin, status["CapAmb"]);
            }
            else
            {
                Assert.True(status["CapEff"] == "0000000000000000" && status["CapPrm"] == "0000000000000000", $"thread '{name}' holds capabilities: {status["CapEff"]}");
            }
        }

        Assert.Equal(1, launchers);
    }

    private static Dictionary<string, string> StatusOf(string path) =>
        File.ReadLines(path)
            .Select(l => l.Split(':', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1].Trim(), StringComparer.Ordinal);
}
