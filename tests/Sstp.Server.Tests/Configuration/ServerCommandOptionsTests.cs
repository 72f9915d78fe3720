using System.CommandLine;
using System.Net;
using Sstp.Server.Configuration;

namespace Sstp.Server.Tests.Configuration;

public class ServerCommandOptionsTests
{
    private static (ServerCommandOptions Options, ParseResult Result) Parse(params string[] args)
    {
        var options = new ServerCommandOptions();
        var command = new RootCommand();
        options.AddTo(command);
        return (options, command.Parse(args));
    }

    [Fact]
    public void Options_HaveTheNamesTheIssueRequires()
    {
        var names = new ServerCommandOptions().All.Select(o => o.Name).ToHashSet();
        string[] required =
        [
            "--config", "--listen", "--cert", "--key", "--users", "--pool4", "--pool6", "--dns", "--tun", "--auth",
            "--state-dir", "--nat", "--max-sessions", "--max-sessions-per-user", "--mtu", "--crypto-binding", "--log-level",
        ];
        Assert.Empty(required.Except(names));
    }

    [Fact]
    public void Options_OnePerKeyPlusConfig()
    {
        var options = new ServerCommandOptions();
        Assert.Equal(ConfigKeys.All.Count + 1, options.All.Count);
        Assert.All(ConfigKeys.All, key => Assert.Equal(key.CliOption, options.For(key).Name));
    }

    [Fact]
    public void GetOverlay_NoOptions_IsEmpty()
    {
        var (options, result) = Parse();
        Assert.Empty(result.Errors);
        Assert.Empty(options.GetOverlay(result));
        Assert.Null(options.GetConfigPath(result));
    }

    [Fact]
    public void GetOverlay_RepeatedAndCommaLists_AllReachTheKey()
    {
        var (options, result) = Parse("--listen", "0.0.0.0:443", "--listen", "[::]:443,127.0.0.1:8443", "--dns", "9.9.9.9");

        var overlay = options.GetOverlay(result);

        Assert.Equal(["0.0.0.0:443", "[::]:443,127.0.0.1:8443"], overlay["server.listen"]);
        var o = ServerOptionsLoader.LoadFromText(null, overlay).Options!;
        Assert.Equal(
            [IPEndPoint.Parse("0.0.0.0:443"), IPEndPoint.Parse("[::]:443"), IPEndPoint.Parse("127.0.0.1:8443")], o.Listen);
        Assert.Equal([IPAddress.Parse("9.9.9.9")], o.Pool.Dns);
    }

    [Fact]
    public void GetOverlay_EveryOption_SetsItsKey()
    {
        var (options, result) = Parse(
            "--config", "/etc/sstp/other.conf",
            "--listen", "0.0.0.0:1443",
            "--cert", "/c.pem", "--key", "/k.pem", "--sni-cert", "/b.pem:/b.key", "--web-backend", "127.0.0.1:8080",
            "--state-dir", "/s", "--users", "/u",
            "--auth", "pap,mschapv2",
            "--crypto-binding", "off",
            "--hello-interval", "30s",
            "--log-level", "error", "--log-format", "json", "--user", "sstp",
            "--trusted-proxies", "10.0.0.0/8", "--offload-cert", "/o.pem",
            "--pool4", "10.1.0.0/24", "--pool6", "fd01::/56", "--dns", "1.1.1.1",
            "--tun", "tun7", "--mtu", "1500", "--nat", "--write-merging", "off", "--tun-offload", "off",
            "--max-sessions", "5", "--max-sessions-per-user", "1", "--pre-auth-timeout", "10", "--max-handshakes", "3", "--rate", "10M/2M",
            "--tls-handshake-timeout", "5s", "--http-request-timeout", "5s", "--setup-timeout", "30s", "--source-rate", "10/1m",
            "--max-pre-auth-per-source", "4", "--auth-failures", "3/1m", "--ban-time", "10m", "--max-buffered", "64M",
            "--radius", "127.0.0.1", "--radius-acct", "127.0.0.1:1813", "--radius-secret-file", "/r", "--das", "127.0.0.1:3799",
            "--nas-identifier", "vpn1", "--radius-require-message-authenticator", "false", "--radius-min-interim-interval", "5s",
            "--metrics", "127.0.0.1:9108", "--control-socket", "/run/other/sstp.sock");

        Assert.Empty(result.Errors);
        Assert.Equal("/etc/sstp/other.conf", options.GetConfigPath(result));
        var overlay = options.GetOverlay(result);
        Assert.Equal(ConfigKeys.All.Select(k => k.Name).Order(), overlay.Keys.Order());
        Assert.Equal(["true"], overlay["tunnel.nat"]);

        var load = ServerOptionsLoader.LoadFromText(null, overlay);
        Assert.True(load.Succeeded, string.Join("\n", load.Errors));
        var o = load.Options!;
        Assert.Equal("tun7", o.Tunnel.Name);
        Assert.Equal(1500, o.Tunnel.Mtu);
        Assert.True(o.Tunnel.Nat);
        Assert.Equal(WriteMerging.Off, o.Tunnel.WriteMerging);
        Assert.False(o.Tunnel.Offload);
        Assert.Equal(IPNetwork.Parse("fd01::/56"), o.Pool.Ipv6);
        Assert.Equal(3, o.Limits.MaxConcurrentHandshakes);
        Assert.Equal(IPEndPoint.Parse("127.0.0.1:9108"), o.MetricsListen);
        Assert.Equal(new Sstp.Protocol.Policing.RateLimit(10_000_000, 2_000_000), o.Limits.Rate);
    }

    [Fact]
    public void CommandLine_OverridesTheFile()
    {
        var (options, result) = Parse("--mtu", "1300", "--pool4", "10.9.0.0/16");
        var o = ServerOptionsLoader.LoadFromText("[tunnel]\nmtu = 1450\nname = fromfile\n[pool]\nipv4 = 10.8.0.0/16\n", options.GetOverlay(result)).Options!;
        Assert.Equal(1300, o.Tunnel.Mtu);
        Assert.Equal(IPNetwork.Parse("10.9.0.0/16"), o.Pool.Ipv4);
        Assert.Equal("fromfile", o.Tunnel.Name);
    }

    [Fact]
    public void CommandLine_BadValue_IsReportedWithItsKey()
    {
        var (options, result) = Parse("--listen", "0.0.0.0:99999");
        var load = ServerOptionsLoader.LoadFromText(null, options.GetOverlay(result));
        Assert.Equal("server.listen: port 99999 is out of range (1-65535)", Assert.Single(load.Errors).ToString());
    }

    [Fact]
    public void NatFalse_OverridesTheFile()
    {
        var (options, result) = Parse("--nat", "false");
        var o = ServerOptionsLoader.LoadFromText("[tunnel]\nnat = true\n", options.GetOverlay(result)).Options!;
        Assert.False(o.Tunnel.Nat);
    }
}
