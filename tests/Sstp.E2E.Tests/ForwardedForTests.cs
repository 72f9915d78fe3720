using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;
using Sstp.E2E.Tests.Hostile;
using Sstp.IO.Driving;
using Sstp.IO.Primitives;
using Sstp.Protocol.Ppp;
using Sstp.Protocol.Ppp.Auth;
using Sstp.Protocol.Session;
using Sstp.Protocol.Sstp;
using Sstp.Server.Hosting;

namespace Sstp.E2E.Tests;

/// <summary>
/// X-Forwarded-For on an offload listener without <c>proxy</c> (issue 10): a connection from a trusted proxy's
/// address carries the header the proxy would add, and the server must see the client it names; the same header
/// from an untrusted source is ignored. The "proxy" is our own client session on plain TCP from the guest's
/// namespace (which the server shares), its HTTP request extended with the header.
/// </summary>
public sealed class ForwardedForTests
{
    private static readonly Dictionary<string, string> Alice = new() { ["alice"] = "alice-secret" };

    /// <summary>The source of the connections: they start in the server's own namespace, from its address.</summary>
    private const string SourceAddress = Interop.ServerAddress;

    private const string Forwarded = "198.51.100.9";

    private static readonly int BasePort = 20000 + (Environment.ProcessId % 1000 * 8) + 6;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task OffloadListener_TakesTheClientFromXForwardedFor_OnlyFromATrustedProxy(bool trusted)
    {
        Interop.RequireRootAndSstpc();
        int node = BasePort + (trusted ? 0 : 1);
        string directory = HaProxy.NewDirectory();
        try
        {
            string pem = await HaProxy.CreateCertificateAsync(directory, "lb");
            var (sha1, sha256) = LoadBalancerSupport.OffloadHashesOf(await File.ReadAllTextAsync(pem, TestContext.Current.CancellationToken))!.Value;
            await using var server = await ServerProcess.StartAsync(Alice, "--pool4", "10.88.5.0/24", "--auth", "mschapv2",
                "--listen", $"{Interop.ServerAddress}:{node} offload", "--offload-cert", pem,
                "--trusted-proxies", trusted ? $"{SourceAddress}/32" : "192.0.2.1/32");

            bool up = await RunAsync(node, sha1, sha256, $"X-Forwarded-For: 203.0.113.7, {Forwarded}");
            Assert.True(up, string.Join('\n', server.Lines));
            var line = await server.WaitForLineAsync("up: user alice", TimeSpan.FromSeconds(10));
            string seen = trusted ? Forwarded : SourceAddress;
            Assert.Contains($"from {seen}:", line, StringComparison.Ordinal);
            Assert.DoesNotContain($"from {(trusted ? SourceAddress : Forwarded)}:", line, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task OffloadListener_RefusesAMalformedXForwardedForFromATrustedProxy()
    {
        Interop.RequireRootAndSstpc();
        int node = BasePort + 2;
        string directory = HaProxy.NewDirectory();
        try
        {
            string pem = await HaProxy.CreateCertificateAsync(directory, "lb");
            var (sha1, sha256) = LoadBalancerSupport.OffloadHashesOf(await File.ReadAllTextAsync(pem, TestContext.Current.CancellationToken))!.Value;
            await using var server = await ServerProcess.StartAsync(Alice, "--pool4", "10.88.6.0/24", "--auth", "mschapv2",
                "--listen", $"{Interop.ServerAddress}:{node} offload", "--offload-cert", pem, "--trusted-proxies", $"{SourceAddress}/32");

            bool up = await RunAsync(node, sha1, sha256, "X-Forwarded-For: 198.51.100.9, unknown");
            Assert.False(up);
            var line = await server.WaitForLineAsync("X-Forwarded-For", TimeSpan.FromSeconds(10));
            Assert.Contains("refused: the last X-Forwarded-For entry 'unknown' is not an IP address", line, StringComparison.Ordinal);
            Assert.Contains(SourceAddress, line, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>One session over plain TCP whose HTTP request carries <paramref name="header"/>; true when the tunnel came up.</summary>
    private static async Task<bool> RunAsync(int port, byte[] sha1, byte[] sha256, string header)
    {
        var socket = await NamespaceSocket.ConnectAsync(port, TimeSpan.FromSeconds(10));
        await using var stream = new HeaderAddingStream(new NetworkStream(socket, ownsSocket: true), header);
        var settings = new ClientSessionSettings
        {
            Host = Interop.ServerAddress,
            Credentials = new AuthPeerSettings("alice", "alice-secret"),
            Sstp = new SstpClientSettings { ServerCertHashSha1 = sha1, ServerCertHashSha256 = sha256 },
            EnableIpv6 = false,
        };
        var host = new Host();
        var driver = new SessionDriver(new ClientSession(settings, CryptoRandom.Instance, TimeSpan.Zero), stream, host, TimeProvider.System);
        using var stop = new CancellationTokenSource();
        var run = driver.RunAsync(stop.Token);
        var first = await Task.WhenAny(host.Up.Task, run).WaitAsync(TimeSpan.FromSeconds(30));
        if (first == host.Up.Task)
        {
            await stop.CancelAsync();
        }

        await run.WaitAsync(TimeSpan.FromSeconds(30));
        return host.Up.Task.IsCompletedSuccessfully;
    }

    private sealed class Host : ISessionHost
    {
        public ConcurrentQueue<SessionEvent> Events { get; } = new();

        public TaskCompletionSource<TunnelInfo> Up { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void OnEvent(SessionDriver driver, SessionEvent sessionEvent)
        {
            Events.Enqueue(sessionEvent);
            if (sessionEvent is SessionEvent.TunnelUp up)
            {
                Up.TrySetResult(up.Info);
            }
        }

        public void OnPacket(SessionDriver driver, Span<byte> packet, PppProtocol protocol)
        {
            // Only the tunnel coming up matters here.
        }
    }

    /// <summary>Adds one header line to the first HTTP request written through it, as a proxy in front would.</summary>
    private sealed class HeaderAddingStream(Stream inner, string header) : Hostile.PassThroughStream(inner)
    {
        private bool _added;

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (!_added)
            {
                int end = buffer.Span.IndexOf("\r\n\r\n"u8);
                Assert.True(end >= 0, "the HTTP request is not in the first write");
                _added = true;
                byte[] line = Encoding.ASCII.GetBytes("\r\n" + header);
                return Inner.WriteAsync((byte[])[.. buffer.Span[..end], .. line, .. buffer.Span[end..]], cancellationToken);
            }

            return Inner.WriteAsync(buffer, cancellationToken);
        }
    }
}
