using System.Globalization;

namespace Sstp.E2E.Tests.Client;

/// <summary>
/// Two fresh network namespaces, one for our server and one for our client, joined by a veth pair with IPv4 and
/// IPv6 addresses (192.0.2.1/24 + fd00:5757::1/64 on the server side, .2 and ::2 on the client side). Dispose
/// kills whatever still runs inside them (only the tests' own processes can) and deletes both.
/// </summary>
internal sealed class NamespacePair : IAsyncDisposable
{
    /// <summary>The server's veth address.</summary>
    public const string ServerIPv4 = "192.0.2.1";

    /// <summary>The client's veth address.</summary>
    public const string ClientIPv4 = "192.0.2.2";

    /// <summary>The server's veth IPv6 address.</summary>
    public const string ServerIPv6 = "fd00:5757::1";

    /// <summary>The client's veth IPv6 address.</summary>
    public const string ClientIPv6 = "fd00:5757::2";

    private readonly List<string> _created = [];

    private NamespacePair(string suffix)
    {
        ServerNs = $"sstp-ce-s-{suffix}";
        ClientNs = $"sstp-ce-c-{suffix}";
        ServerVeth = $"sce{suffix}s";
        ClientVeth = $"sce{suffix}c";
    }

    /// <summary>The server's namespace.</summary>
    public string ServerNs { get; }

    /// <summary>The client's namespace.</summary>
    public string ClientNs { get; }

    /// <summary>The server's end of the veth pair.</summary>
    public string ServerVeth { get; }

    /// <summary>The client's end of the veth pair.</summary>
    public string ClientVeth { get; }

    /// <summary>Creates the namespaces and the link; on any failure removes what it created and throws.</summary>
    public static async Task<NamespacePair> CreateAsync()
    {
        var pair = new NamespacePair(Convert.ToHexStringLower(Guid.NewGuid().ToByteArray().AsSpan(0, 2)));
        try
        {
            await pair.SetUpAsync();
            return pair;
        }
        catch
        {
            await pair.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs <c>ip netns exec CLIENT_NS COMMAND</c>.</summary>
    public Task<(int ExitCode, string Output)> InClientAsync(params string[] command) => ClientE2E.InNamespaceAsync(ClientNs, command);

    /// <summary>Runs <c>ip netns exec SERVER_NS COMMAND</c>.</summary>
    public Task<(int ExitCode, string Output)> InServerAsync(params string[] command) => ClientE2E.InNamespaceAsync(ServerNs, command);

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        foreach (string ns in Enumerable.Reverse(_created))
        {
            // Anything left inside was started by this test (a namespace of ours): kill it before deleting.
            var (_, pids) = await Interop.RunAsync("ip", ["netns", "pids", ns]);
            foreach (string pid in pids.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (int.TryParse(pid, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                {
                    await Interop.RunAsync("kill", ["-KILL", pid]);
                }
            }

            await Interop.RunAsync("ip", ["netns", "del", ns]);
        }

        _created.Clear();
    }

    private async Task SetUpAsync()
    {
        foreach (string ns in (string[])[ServerNs, ClientNs])
        {
            await Run("netns", "add", ns);
            _created.Add(ns);
            await Run("-n", ns, "link", "set", "lo", "up");
        }

        await Run("link", "add", ServerVeth, "type", "veth", "peer", "name", ClientVeth);
        await Run("link", "set", ServerVeth, "netns", ServerNs);
        await Run("link", "set", ClientVeth, "netns", ClientNs);
        foreach (var (ns, dev, v4, v6) in new[] { (ServerNs, ServerVeth, ServerIPv4, ServerIPv6), (ClientNs, ClientVeth, ClientIPv4, ClientIPv6) })
        {
            await Run("-n", ns, "addr", "add", $"{v4}/24", "dev", dev);

            // nodad: usable at once, no 1-2 s of "tentative".
            await Run("-n", ns, "-6", "addr", "add", $"{v6}/64", "dev", dev, "nodad");
            await Run("-n", ns, "link", "set", dev, "up");
        }
    }

    private static async Task Run(params string[] arguments)
    {
        var (code, output) = await Interop.RunAsync("ip", arguments);
        if (code != 0)
        {
            throw new InvalidOperationException($"ip {string.Join(' ', arguments)} failed: {output}");
        }
    }
}
