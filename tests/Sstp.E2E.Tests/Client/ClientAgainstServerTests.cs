using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Sstp.E2E.Tests.Client;

/// <summary>
/// <c>sstp client</c> against <c>sstp server</c>, each in its own namespace joined by a veth pair (issue "Tests (E2E,
/// root): our client against our server"): every authentication method, IPv6 inside the tunnel, IPv6 as the
/// transport, and a real HTTP CONNECT proxy.
/// </summary>
public sealed partial class ClientAgainstServerTests
{
    private static readonly Dictionary<string, string> Users = new()
    {
        ["alice"] = "alice-secret",

        // CHAP-MD5 needs the clear password on the server: `sstp user add --chap`.
        ["carol+chap"] = "carol-secret",
    };

    private static readonly TimeSpan Step = TimeSpan.FromSeconds(20);

    [GeneratedRegex(@"address 10\.88\.0\.\d+ (fd[0-9a-f:]+/64)")]
    private static partial Regex ServerPrefix6();

    [Theory(Timeout = 120_000)]
    [InlineData("pap", "alice", "Pap")]
    [InlineData("chap", "carol", "ChapMd5")]
    [InlineData("mschapv2", "alice", "MsChapV2")]
    [InlineData("eap-mschapv2", "alice", "EapMsChapV2")]
    public async Task EachAuthMethod_TunnelUp_PingsServer_SigtermRemovesTun(string auth, string user, string method)
    {
        ClientE2E.RequireRoot();
        await using var net = await NamespacePair.CreateAsync();
        await using var server = await NamespaceServer.StartAsync(net, Users, $"{NamespacePair.ServerIPv4}:443", "--pool4", "10.88.0.0/24", "--auth", auth);
        await using var client = ClientE2E.StartClient(
            net.ClientNs, NamespacePair.ServerIPv4, user, PasswordOf(user), "--pin-sha256", server.PinSha256, "--auth", auth);

        string up = await client.WaitForLineAsync("tunnel up", ClientE2E.UpTimeout);
        Assert.Contains($"auth {method}", up, StringComparison.Ordinal);
        Assert.Matches(@"tunnel up: 10\.88\.0\.\d+ <-> 10\.88\.0\.1 ", up);
        var (code, ping) = await ClientE2E.PingAsync(net.ClientNs, "10.88.0.1");
        Assert.True(code == 0, ping);
        string serverUp = await server.WaitForLineAsync(Step, 0, $"up: user {user} from {NamespacePair.ClientIPv4}:", $"auth {method},");
        Assert.Contains("binding Sha256 Ok", serverUp, StringComparison.Ordinal);

        await client.SignalAsync("TERM");
        Assert.Equal(0, await client.WaitForExitAsync(Step));
        Assert.False(await ClientE2E.LinkExistsAsync(net.ClientNs, "sstpc0"), "the client's TUN outlived it");
        await server.WaitForLineAsync(Step, 0, "closed:", $"user {user}");
    }

    [Fact(Timeout = 120_000)]
    public async Task Ipv6Inside_LinkLocalAndSlaacAddressFromRa_Ping6ServerTunnelSide()
    {
        ClientE2E.RequireRoot();
        await using var net = await NamespacePair.CreateAsync();

        // The server's default pool6 (fd00:88::/48); its TUN has fd00:88::1, and each client gets a /64 by RA.
        await using var server = await NamespaceServer.StartAsync(net, Users, $"{NamespacePair.ServerIPv4}:443", "--pool4", "10.88.0.0/24", "--auth", "mschapv2");
        await using var client = ClientE2E.StartClient(
            net.ClientNs, NamespacePair.ServerIPv4, "alice", Users["alice"], "--pin-sha256", server.PinSha256, "--route", "fd00:88::/48");
        await client.WaitForLineAsync("tunnel up", ClientE2E.UpTimeout);
        string serverUp = await server.WaitForLineAsync(Step, 0, "up: user alice");
        var prefix = IPNetwork.Parse(ServerPrefix6().Match(serverUp).Groups[1].Value);

        // IPv6CP up: the client put fe80::<its interface id>/64 on the TUN.
        var addresses = await Ipv6AddressesAsync(net.ClientNs, "sstpc0");
        Assert.Contains(addresses, a => a.Scope == "link" && a.Address.IsIPv6LinkLocal && a.PrefixLength == 64);

        // The kernel takes a global address in the client's /64 from the server's Router Advertisement (SLAAC).
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (!addresses.Any(a => a.Scope == "global" && prefix.Contains(a.Address)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250, TestContext.Current.CancellationToken);
            addresses = await Ipv6AddressesAsync(net.ClientNs, "sstpc0");
        }

        Assert.True(addresses.Any(a => a.Scope == "global" && prefix.Contains(a.Address)), $"no SLAAC address in {prefix}: {string.Join(", ", addresses)}");

        // Split tunnel: the RA must not have given the client an IPv6 default route (only --default-route does).
        var routes = await ClientE2E.RoutesAsync(net.ClientNs);
        Assert.DoesNotContain(routes, r => r.StartsWith("default", StringComparison.Ordinal) && r.Contains("dev sstpc0", StringComparison.Ordinal));
        Assert.Contains(routes, r => r.StartsWith("fd00:88::/48 dev sstpc0", StringComparison.Ordinal));

        var (code, ping) = await ClientE2E.InNamespaceAsync(net.ClientNs, "ping", "-6", "-c", "3", "-i", "0.3", "-W", "3", "fd00:88::1");
        Assert.True(code == 0, ping);
    }

    [Fact(Timeout = 120_000)]
    public async Task Ipv6Transport_ServerListensOnV6_ClientConnectsToBracketedAddress()
    {
        ClientE2E.RequireRoot();
        await using var net = await NamespacePair.CreateAsync();
        await using var server = await NamespaceServer.StartAsync(net, Users, $"[{NamespacePair.ServerIPv6}]:443", "--pool4", "10.88.0.0/24", "--auth", "mschapv2");
        await using var client = ClientE2E.StartClient(
            net.ClientNs, $"[{NamespacePair.ServerIPv6}]", "alice", Users["alice"], "--pin-sha256", server.PinSha256);

        await client.WaitForLineAsync("tunnel up", ClientE2E.UpTimeout);
        var (code, ping) = await ClientE2E.PingAsync(net.ClientNs, "10.88.0.1");
        Assert.True(code == 0, ping);
        string serverUp = await server.WaitForLineAsync(Step, 0, "up: user alice");
        Assert.Contains(NamespacePair.ClientIPv6, serverUp, StringComparison.Ordinal);
        Assert.Contains("connected to " + NamespacePair.ServerIPv6, client.Output, StringComparison.OrdinalIgnoreCase);
    }

    [Fact(Timeout = 120_000)]
    public async Task Proxy_TinyproxyWithBasicAuth_CarriesTheTunnel_WrongProxyPasswordIsExit3()
    {
        ClientE2E.RequireRoot("tinyproxy");
        await using var net = await NamespacePair.CreateAsync();
        await using var server = await NamespaceServer.StartAsync(net, Users, $"{NamespacePair.ServerIPv4}:443", "--pool4", "10.88.0.0/24", "--auth", "mschapv2");
        await using var proxy = await TinyProxy.StartAsync(net.ClientNs, 8443, "puser", "ppass");

        await using (var client = ClientE2E.StartClient(
            net.ClientNs, NamespacePair.ServerIPv4, "alice", Users["alice"], "--pin-sha256", server.PinSha256, "--proxy", $"http://puser:ppass@127.0.0.1:{proxy.Port}"))
        {
            await client.WaitForLineAsync("tunnel up", ClientE2E.UpTimeout);
            var (code, ping) = await ClientE2E.PingAsync(net.ClientNs, "10.88.0.1");
            Assert.True(code == 0, ping);
            Assert.Contains($"CONNECT {NamespacePair.ServerIPv4}:443", proxy.Log, StringComparison.Ordinal);

            // The server sees the proxy's connection, which starts in the client's namespace too.
            await server.WaitForLineAsync(Step, 0, "up: user alice", $"from {NamespacePair.ClientIPv4}:");
        }

        await using var refused = ClientE2E.StartClient(
            net.ClientNs, NamespacePair.ServerIPv4, "alice", Users["alice"], "--pin-sha256", server.PinSha256, "--proxy", $"http://puser:wrong@127.0.0.1:{proxy.Port}");
        Assert.Equal(3, await refused.WaitForExitAsync(Step));
        Assert.Contains("rejected the user name or password", refused.Output, StringComparison.Ordinal);
    }

    internal static string PasswordOf(string user) => Users.First(u => u.Key.Split('+')[0] == user).Value;

    private static async Task<List<(IPAddress Address, int PrefixLength, string Scope)>> Ipv6AddressesAsync(string ns, string device)
    {
        var (code, json) = await Interop.RunAsync("ip", ["-n", ns, "-6", "-j", "addr", "show", "dev", device]);
        Assert.True(code == 0, json);
        using var document = JsonDocument.Parse(json);
        return [.. document.RootElement.EnumerateArray()
            .SelectMany(link => link.GetProperty("addr_info").EnumerateArray())
            .Select(a => (IPAddress.Parse(a.GetProperty("local").GetString()!), a.GetProperty("prefixlen").GetInt32(), a.GetProperty("scope").GetString() ?? string.Empty))];
    }
}
