namespace Sstp.E2E.Tests;

/// <summary>
/// `sstp server` behind HAProxy (issue 10): TCP mode with PROXY v2 in front of two nodes, each of which must log the
/// client's own address; and TLS terminated by HAProxy in front of an offload listener, where crypto binding is
/// checked against HAProxy's certificate.
/// </summary>
public sealed class LoadBalancerTests(SstpcGuest guest)
{
    private static readonly Dictionary<string, string> Alice = new() { ["alice"] = "alice-secret" };

    /// <summary>sstpc's address in the guest, the real client address the nodes must see.</summary>
    private const string GuestAddress = "10.77.77.2";

    /// <summary>Ports of this test run for HAProxy and the marked listeners (distinct from ServerProcess's own).</summary>
    private static readonly int BasePort = 20000 + (Environment.ProcessId % 1000 * 8);

    [Fact]
    public async Task ProxyV2_RoundRobinOverTwoNodes_EachLogsTheRealClient()
    {
        Interop.RequireRootAndSstpc();
        HaProxy.Require();
        int front = BasePort, node1 = BasePort + 1, node2 = BasePort + 2;
        string address = Interop.ServerAddress;
        await using var server1 = await ServerProcess.StartAsync(Alice, "--pool4", "10.88.1.0/24", "--auth", "mschapv2",
            "--listen", $"{address}:{node1} proxy", "--trusted-proxies", $"{address}/32");
        await using var server2 = await ServerProcess.StartAsync(Alice, "--pool4", "10.88.2.0/24", "--auth", "mschapv2",
            "--listen", $"{address}:{node2} proxy", "--trusted-proxies", $"{address}/32");
        string directory = HaProxy.NewDirectory();
        await using var haproxy = await HaProxy.StartAsync(directory, $"""
            defaults
                mode tcp
                timeout connect 5s
                timeout client 5m
                timeout server 5m
            frontend sstp
                bind {address}:{front}
                default_backend nodes
            backend nodes
                balance roundrobin
                server node1 {address}:{node1} send-proxy-v2
                server node2 {address}:{node2} send-proxy-v2
            """, front);

        for (int i = 0; i < 2; i++)
        {
            var (code, output) = await guest.RunAsync(front, "alice", "alice-secret", "mschapv2");
            Assert.True(code == 0, output + "\n" + haproxy.Output);
        }

        foreach (var server in new[] { server1, server2 })
        {
            var up = await server.WaitForLineAsync("up: user alice", TimeSpan.FromSeconds(10));
            Assert.Contains($"from {GuestAddress}:", up, StringComparison.Ordinal);
            Assert.DoesNotContain($"from {address}:", up, StringComparison.Ordinal);
            Assert.Contains("binding Sha256 Ok", up, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ProxyListener_RefusesAnUntrustedSource()
    {
        Interop.RequireRootAndSstpc();
        int node = BasePort + 3;
        await using var server = await ServerProcess.StartAsync(Alice, "--pool4", "10.88.3.0/24", "--auth", "mschapv2",
            "--listen", $"{Interop.ServerAddress}:{node} proxy", "--trusted-proxies", "192.0.2.1/32");

        // sstpc straight at the proxy listener: its address is not a trusted proxy.
        var (code, _) = await guest.RunAsync(node, "alice", "alice-secret", "mschapv2");
        Assert.NotEqual(0, code);
        var refused = await server.WaitForLineAsync("not a trusted proxy", TimeSpan.FromSeconds(10));
        Assert.Contains(GuestAddress, refused, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task TlsTerminatedByHaProxy_OffloadListener_ChecksBindingAgainstTheProxyCertificate(bool rightCertificate)
    {
        Interop.RequireRootAndSstpc();
        HaProxy.Require();
        int front = BasePort + 4, node = BasePort + 5;
        string address = Interop.ServerAddress;
        string directory = HaProxy.NewDirectory();
        string proxyPem = await HaProxy.CreateCertificateAsync(directory, "lb");
        string otherPem = await HaProxy.CreateCertificateAsync(directory, "other");
        await using var server = await ServerProcess.StartAsync(Alice, "--pool4", "10.88.4.0/24", "--auth", "mschapv2",
            "--listen", $"{address}:{node} offload", "--offload-cert", rightCertificate ? proxyPem : otherPem);
        await using var haproxy = await HaProxy.StartAsync(directory, $"""
            defaults
                mode tcp
                timeout connect 5s
                timeout client 5m
                timeout server 5m
            frontend sstp
                bind {address}:{front} ssl crt {proxyPem}
                default_backend node
            backend node
                server node1 {address}:{node}
            """, front);

        var (code, output) = await guest.RunAsync(front, "alice", "alice-secret", "mschapv2");
        if (rightCertificate)
        {
            Assert.True(code == 0, output + "\n" + haproxy.Output);
            var up = await server.WaitForLineAsync("up: user alice", TimeSpan.FromSeconds(10));
            Assert.Contains("binding Sha256 Ok", up, StringComparison.Ordinal);
            Assert.Contains("offload", up, StringComparison.Ordinal);
        }
        else
        {
            Assert.NotEqual(0, code);
            var line = await server.WaitForLineAsync("TLS is terminated by something else (offload or TLS inspection)", TimeSpan.FromSeconds(10));
            Assert.Contains("offload listener", line, StringComparison.Ordinal);
        }
    }
}
