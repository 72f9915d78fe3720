using System.Text.RegularExpressions;
using Sstp.E2E.Tests.Client;
using Sstp.E2E.Tests.Radius;

namespace Sstp.E2E.Tests;

/// <summary>
/// Many nodes behind one HAProxy (issue 10): two <c>sstp server</c> nodes with <c>proxy</c> listeners, each with its
/// own pool, TUN device, <c>/health</c> endpoint and NAS-Identifier, sharing one certificate and one FreeRADIUS for
/// authentication and accounting. HAProxy balances round-robin with PROXY v2 and checks <c>/health</c>; draining a
/// node turns it DOWN there, so new sessions go to the other node while the drained node's own session runs on until
/// it is kicked, and then the node exits 0.
/// </summary>
public sealed partial class ManyNodesTests
{
    private const string Front = $"{NamespacePair.ServerIPv4}:443";
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(20);

    /// <summary>The server's own local users: nobody the test logs in as, so RADIUS accepts every login.</summary>
    private static readonly Dictionary<string, string> LocalOnly = new() { ["local-only"] = "local-only-" + Guid.NewGuid().ToString("N") };

    [GeneratedRegex(@"address (\d+\.\d+\.\d+\.\d+) ([0-9a-f:]+/64)")]
    private static partial Regex UpAddress();

    [GeneratedRegex(@"tunnel up: \d+\.\d+\.\d+\.\d+ <-> (\d+\.\d+\.\d+\.\d+)")]
    private static partial Regex TunnelPeer();

    [Fact(Timeout = 300_000)]
    public async Task TwoNodesBehindHaProxy_OwnPoolsAndAccounting_DrainMovesNewSessionsToTheOtherNode()
    {
        ClientE2E.RequireRoot("curl");
        HaProxy.Require();
        FreeRadiusServer.RequireInstalled();
        await using var net = await NamespacePair.CreateAsync();
        await using var radius = await FreeRadiusServer.StartAsync(net.ServerNs);
        string certificates = HaProxy.NewDirectory();
        var nodes = new Node[2];
        var processes = new List<ChildProcess>();
        try
        {
            // Every node serves the same certificate, so a client pinning it reaches whichever node HAProxy picks.
            await HaProxy.CreateCertificateAsync(certificates, "nodes");
            for (int i = 0; i < nodes.Length; i++)
            {
                nodes[i] = await Node.StartAsync(net, radius, certificates, i + 1);
            }

            Assert.Equal(nodes[0].Server.PinSha256, nodes[1].Server.PinSha256);
            await using var haproxy = await HaProxy.StartAsync(HaProxy.NewDirectory(), HaProxyConfig(nodes), 443, net.ServerNs);

            // First session: our client with a TUN device, so the drained node's tunnel can be shown to keep working.
            var tunClient = ClientE2E.StartClient(net.ClientNs, NamespacePair.ServerIPv4, RadiusUsers.Alice, RadiusUsers.AlicePassword, "--pin-sha256", nodes[0].Server.PinSha256, "--auth", "mschapv2");
            processes.Add(tunClient);
            string tunnelUp = await tunClient.WaitForLineAsync("tunnel up", ClientE2E.UpTimeout);
            var first = await WaitForNewSessionAsync(nodes, new int[nodes.Length]);

            // Second session: round robin puts it on the other node.
            int[] before = [.. nodes.Select(n => n.UpCount)];
            processes.Add(StartHold(net, nodes[0].Server.PinSha256));
            var second = await WaitForNewSessionAsync(nodes, before);
            Assert.NotEqual(first.Node, second.Node);
            foreach (var (node, address) in new[] { first, second })
            {
                Assert.StartsWith($"10.88.{node + 1}.", address, StringComparison.Ordinal);
            }

            Assert.NotEqual(first.Address, second.Address);
            foreach (var node in nodes)
            {
                string up = await node.Server.WaitForLineAsync(Step, 0, "up: user alice");
                Assert.Contains($"from {NamespacePair.ClientIPv4}:", up, StringComparison.Ordinal);   // PROXY v2: the real client
            }

            // Accounting-Start from each node, told apart by NAS-Identifier.
            foreach (var node in nodes)
            {
                await radius.WaitForAccountingAsync(r => r.StatusType == "Start" && r.Get("NAS-Identifier") == node.NasIdentifier, Step);
            }

            // Drain the node that holds the TUN client: /health answers 503 and HAProxy takes it out.
            var drained = nodes[first.Node];
            var other = nodes[1 - first.Node];
            var (drainCode, drainText) = await CtlAsync(drained, "drain", "--deadline", "120");
            Assert.True(drainCode == 0, drainText);
            Assert.Equal("503", await HealthAsync(net, drained));
            Assert.Equal("200", await HealthAsync(net, other));
            await WaitForHaProxyAsync(haproxy, $"{drained.Name} is DOWN");

            // The next two sessions both land on the other node.
            int drainedUps = drained.UpCount;
            for (int i = 0; i < 2; i++)
            {
                int upBefore = other.UpCount;
                processes.Add(StartHold(net, nodes[0].Server.PinSha256));
                await WaitUntilAsync(() => other.UpCount > upBefore, $"session {i + 3} did not come up on {other.Name} (the output of each process is printed when it is stopped)");
            }

            Assert.Equal(drainedUps, drained.UpCount);
            Assert.Equal(3, other.UpCount);

            // No address clash: every session holds its own IPv4 address and IPv6 /64, each from its node's pools.
            var addresses = nodes.SelectMany((n, i) => n.UpLines.Select(l => (Node: i, Match: UpAddress().Match(l)))).ToList();
            Assert.Equal(4, addresses.Count);
            Assert.All(addresses, a => Assert.StartsWith($"10.88.{a.Node + 1}.", a.Match.Groups[1].Value, StringComparison.Ordinal));
            Assert.All(addresses, a => Assert.StartsWith($"fd00:88:{a.Node + 1}:", a.Match.Groups[2].Value, StringComparison.Ordinal));
            Assert.Equal(4, addresses.Select(a => a.Match.Groups[1].Value).Distinct().Count());
            Assert.Equal(4, addresses.Select(a => a.Match.Groups[2].Value).Distinct().Count());

            // The drained node's session still carries traffic.
            string peer = TunnelPeer().Match(tunnelUp).Groups[1].Value;
            var (ping, pingText) = await ClientE2E.PingAsync(net.ClientNs, peer);
            Assert.True(ping == 0, pingText);

            // Kick it: the node finishes draining and exits 0, and its Accounting-Stop arrives.
            var start = radius.ReadDetail().Single(r => r.StatusType == "Start" && r.Get("NAS-Identifier") == drained.NasIdentifier);
            var (kicked, kickText) = await CtlAsync(drained, "kick", "--user", RadiusUsers.Alice);
            Assert.True(kicked == 0, kickText);
            Assert.Equal(0, await drained.Server.Process.WaitForExitAsync(Step));
            await drained.Server.WaitForLineAsync(Step, 0, "Drain finished: no session left");
            var stop = await radius.WaitForAccountingAsync(r => r.StatusType == "Stop" && r.SessionId == start.SessionId, Step);
            Assert.Equal(drained.NasIdentifier, stop.Get("NAS-Identifier"));
            Assert.Equal(first.Address, stop.Get("Framed-IP-Address"));

            // The other node is untouched: still three sessions up.
            var (status, statusText) = await CtlAsync(other, "status");
            Assert.True(status == 0, statusText);
            Assert.Contains("sessions:     3 up", statusText, StringComparison.Ordinal);
        }
        finally
        {
            foreach (var process in processes)
            {
                await process.DisposeAsync();
            }

            foreach (var node in nodes)
            {
                if (node is not null)
                {
                    await node.Server.DisposeAsync();
                }
            }

            Directory.Delete(certificates, recursive: true);
            if (File.Exists(radius.DetailFile))
            {
                TestContext.Current.TestOutputHelper?.WriteLine("detail file:\n" + await File.ReadAllTextAsync(radius.DetailFile, TestContext.Current.CancellationToken));
            }
        }
    }

    /// <summary>HAProxy 2.6: TCP mode, round robin, PROXY v2 to each node, health checked on the node's <c>/health</c>.</summary>
    private static string HaProxyConfig(IEnumerable<Node> nodes) => $"""
        defaults
            mode tcp
            timeout connect 5s
            timeout client 5m
            timeout server 5m
            timeout check 2s
        frontend sstp
            bind {Front}
            default_backend nodes
        backend nodes
            balance roundrobin
            option httpchk
            http-check send meth GET uri /health
            http-check expect status 200
        {string.Join('\n', nodes.Select(n => $"    server {n.Name} {NamespacePair.ServerIPv4}:{n.Port} send-proxy-v2 check addr 127.0.0.1 port {n.MetricsPort} inter 500ms fall 1 rise 1"))}
        """;

    private static ChildProcess StartHold(NamespacePair net, string pin) =>
        ChildProcess.Start(
            "sstp bench hold",
            ["ip", "netns", "exec", net.ClientNs, "dotnet", ClientE2E.Sstp, "bench", "hold", "--server", Front, "--user", RadiusUsers.Alice,
                "--password-stdin", "--sessions", "1", "--concurrency", "1", "--pin-sha256", pin, "--auth", "mschapv2"],
            RadiusUsers.AlicePassword);

    /// <summary>Waits for exactly one more "up:" line than <paramref name="before"/> in total; returns its node and address.</summary>
    private static async Task<(int Node, string Address)> WaitForNewSessionAsync(Node[] nodes, int[] before)
    {
        await WaitUntilAsync(() => nodes.Sum(n => n.UpCount) > before.Sum(), "no new session on any node");
        for (int i = 0; i < nodes.Length; i++)
        {
            if (nodes[i].UpCount > before[i])
            {
                string line = nodes[i].UpLines.Last();
                return (i, UpAddress().Match(line).Groups[1].Value);
            }
        }

        throw new InvalidOperationException("unreachable");
    }

    private static async Task WaitForHaProxyAsync(HaProxy haproxy, string text) =>
        await WaitUntilAsync(() => haproxy.Output.Contains(text, StringComparison.Ordinal), $"HAProxy never printed '{text}' (its output is printed when it is stopped)");

    private static async Task WaitUntilAsync(Func<bool> condition, string failure)
    {
        var deadline = DateTime.UtcNow + Step;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail(failure);
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    private static Task<(int ExitCode, string Output)> CtlAsync(Node node, params string[] arguments) =>
        Interop.RunAsync("dotnet", [ClientE2E.Sstp, "ctl", "--socket", node.Server.ControlSocket, .. arguments], timeout: TimeSpan.FromMinutes(1));

    private static async Task<string> HealthAsync(NamespacePair net, Node node)
    {
        var (_, code) = await net.InServerAsync("curl", "-sS", "--max-time", "5", "-o", "/dev/null", "-w", "%{http_code}", $"http://127.0.0.1:{node.MetricsPort}/health");
        return code.Trim();
    }

    /// <summary>One node: its server, proxy port, metrics port and NAS-Identifier (node N: pools 10.88.N.0/24 and fd00:88:N::/48, TUN sstpdN).</summary>
    private sealed record Node(NamespaceServer Server, string Name, int Port, int MetricsPort, string NasIdentifier)
    {
        public IEnumerable<string> UpLines => Server.Lines.Where(l => l.Contains("up: user", StringComparison.Ordinal));

        public int UpCount => UpLines.Count();

        public static async Task<Node> StartAsync(NamespacePair net, FreeRadiusServer radius, string certificates, int n)
        {
            int port = 4430 + n, metrics = 9100 + n;
            string nas = $"sstp-node-{n}";
            var server = await NamespaceServer.StartAsync(
                net, LocalOnly, $"{NamespacePair.ServerIPv4}:{port} proxy",
                "--trusted-proxies", $"{NamespacePair.ServerIPv4}/32", "--tun", $"sstpd{n}", "--pool4", $"10.88.{n}.0/24", "--pool6", $"fd00:88:{n}::/48", "--auth", "mschapv2",
                "--cert", Path.Combine(certificates, "nodes.crt"), "--key", Path.Combine(certificates, "nodes.key"),
                "--metrics", $"127.0.0.1:{metrics}", "--radius", radius.AuthEndpoint, "--radius-secret-file", radius.SecretFile, "--nas-identifier", nas);
            return new Node(server, $"node{n}", port, metrics, nas);
        }
    }
}
