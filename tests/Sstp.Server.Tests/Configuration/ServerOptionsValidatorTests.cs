using System.Net;
using Microsoft.Extensions.Logging;
using Sstp.Protocol.Sstp;
using Sstp.Server.Configuration;

namespace Sstp.Server.Tests.Configuration;

public class ServerOptionsValidatorTests
{
    /// <summary>Key, bad value, the exact message expected for that key.</summary>
    public static TheoryData<string, string, string> BadValues => new()
    {
        { "pool.ipv4", "10.88.0.0/33", "'10.88.0.0/33' is not a valid IPv4 CIDR" },
        { "pool.ipv4", "10.88.0.0", "'10.88.0.0' is not a valid IPv4 CIDR (expected ADDRESS/LENGTH)" },
        { "pool.ipv4", "10.88.0.1/16", "'10.88.0.1/16' has host bits set (did you mean '10.88.0.0/16'?)" },
        { "pool.ipv4", "fd00::/48", "'fd00::/48' is not a valid IPv4 CIDR" },
        { "pool.ipv4", "10.88/16", "'10.88/16' is not a valid IPv4 CIDR" },
        { "pool.ipv4", "10.0.0.0/31", "'10.0.0.0/31': the prefix length must be 8-30" },
        { "pool.ipv4", "10.0.0.0/7", "'10.0.0.0/7': the prefix length must be 8-30" },
        { "pool.ipv6", "fd00:88::/64", "'fd00:88::/64': the prefix length must be 16-63" },
        { "pool.ipv6", "10.0.0.0/8", "'10.0.0.0/8' is not a valid IPv6 prefix" },
        { "pool.ipv6", "fd00:88::1/48", "'fd00:88::1/48' has host bits set (did you mean 'fd00:88::/48'?)" },
        { "pool.dns", "8.8.8", "'8.8.8' is not a valid IP address" },
        { "pool.dns", "127.0.0.1", "'127.0.0.1' cannot be a DNS server for clients (unspecified, loopback, multicast or broadcast)" },
        { "server.listen", "0.0.0.0:99999", "port 99999 is out of range (1-65535)" },
        { "server.listen", "0.0.0.0:0", "port 0 is out of range (1-65535)" },
        { "server.listen", "::1:443", "'::1:443': write an IPv6 address in brackets, as [ADDRESS]:PORT" },
        { "server.listen", "[::1]443", "'[::1]443' is not ADDRESS:PORT (an IPv6 address is written [ADDRESS]:PORT)" },
        { "server.listen", "localhost:443", "'localhost' is not a valid IPv4 address" },
        { "server.listen", "0.0.0.0:https", "'https' is not a port number" },
        { "server.listen", "443", "'443' is not ADDRESS:PORT" },
        { "server.listen", "0.0.0.0:443, 0.0.0.0:443", "'0.0.0.0:443' is listed twice" },
        { "server.listen", "0.0.0.0:443 tls", "'tls' in '0.0.0.0:443 tls' is not a listener mark (use offload, proxy)" },
        { "server.listen", "0.0.0.0:443 proxy proxy", "'proxy' is given twice in '0.0.0.0:443 proxy proxy'" },
        { "server.listen", "localhost:443 proxy", "'localhost' is not a valid IPv4 address" },
        { "server.trusted-proxies", "10.0.0.1", "'10.0.0.1' is not a valid IPv4 CIDR (expected ADDRESS/LENGTH)" },
        { "server.trusted-proxies", "10.0.0.1/8", "'10.0.0.1/8' has host bits set (did you mean '10.0.0.0/8'?)" },
        { "server.trusted-proxies", "fd00::1/129", "'fd00::1/129' is not a valid IPv6 prefix" },
        { "server.auth", "mschap", "'mschap' is not an authentication method (use pap, chap, mschapv2, eap-mschapv2)" },
        { "server.auth", "pap, pap", "'pap' is listed twice" },
        { "server.auth", ",", "at least one method is needed (pap, chap, mschapv2, eap-mschapv2)" },
        { "server.sni-certs", ":b.key", "':b.key' is not CERT.pem[:KEY.pem] (a certificate file, then optionally ':' and its key file)" },
        { "server.sni-certs", "b.pem:", "'b.pem:' is not CERT.pem[:KEY.pem] (a certificate file, then optionally ':' and its key file)" },
        { "server.web-backend", "localhost:8080", "'localhost' is not a valid IPv4 address" },
        { "server.web-backend", "127.0.0.1", "'127.0.0.1' is not ADDRESS:PORT" },
        { "server.crypto-binding", "strict", "'strict' is not a crypto binding policy (use enforce, log-only or off)" },
        { "server.hello-interval", "soon", "'soon' is not a duration (a whole number of seconds, or with a unit: 500ms, 30s, 5m, 1h)" },
        { "server.hello-interval", "5s", "5s is out of range (10s-1h)" },
        { "server.log-level", "verbose", "'verbose' is not a log level (use trace, debug, information, warning, error, critical or none)" },
        { "server.log-format", "syslog", "'syslog' is not a log format (use text or json)" },
        { "tunnel.name", "my tun", "'my tun' is not a valid interface name (1-15 printable ASCII characters, no '/', ':' or spaces)" },
        { "tunnel.name", "a-very-long-name0", "'a-very-long-name0' is not a valid interface name (1-15 printable ASCII characters, no '/', ':' or spaces)" },
        { "tunnel.mtu", "1200", "1200 is out of range (1280-4087; IPv6 needs at least 1280, or set pool.ipv6 = off)" },
        { "tunnel.mtu", "5000", "5000 is out of range (1280-4087; IPv6 needs at least 1280, or set pool.ipv6 = off)" },
        { "tunnel.mtu", "-1", "'-1' is not a whole number" },
        { "tunnel.nat", "maybe", "'maybe' is not a boolean (use true or false)" },
        { "tunnel.offload", "maybe", "'maybe' is neither on nor off" },
        { "tunnel.write-merging", "sometimes", "'sometimes' is not a write merging mode (use auto, on or off)" },
        { "limits.max-sessions", "0", "0 is out of range (1-1000000)" },
        { "limits.max-sessions", "many", "'many' is not a whole number" },
        { "limits.max-sessions", "99999999999", "'99999999999' is not a whole number" },
        { "limits.max-sessions-per-user", "20000", "20000 is more than limits.max-sessions (10000)" },
        { "limits.pre-auth-timeout", "0", "0s is out of range (1s-10m)" },
        { "limits.pre-auth-timeout", "1h", "1h is out of range (1s-10m)" },
        { "limits.max-handshakes", "0", "0 is out of range (1-100000)" },
        { "limits.rate", "10Mbps", "'10Mbps' is not a rate (a number of bits per second with an optional k, M or G, at most 1000G; e.g. 10M/2M)" },
        { "limits.rate", "10M/2M/1M", "'10M/2M/1M' is not a rate (expected DOWN[/UP] in bits per second with an optional k, M or G, e.g. 10M/2M)" },
        { "limits.tls-handshake-timeout", "0", "0s is out of range (1s-5m)" },
        { "limits.tls-handshake-timeout", "soon", "'soon' is not a duration (a whole number of seconds, or with a unit: 500ms, 30s, 5m, 1h)" },
        { "limits.http-request-timeout", "10m", "10m is out of range (1s-5m)" },
        { "limits.setup-timeout", "1h", "1h is out of range (1s-10m)" },
        { "limits.source-rate", "20", "'20' is not COUNT/PERIOD (COUNT 1-1000000, PERIOD 1s-24h, e.g. 30/10s), nor off" },
        { "limits.source-rate", "20/0s", "'20/0s' is not COUNT/PERIOD (COUNT 1-1000000, PERIOD 1s-24h, e.g. 30/10s), nor off" },
        { "limits.max-pre-auth-per-source", "-1", "'-1' is not a whole number" },
        { "limits.max-pre-auth-per-source", "200000", "200000 is out of range (0-100000; 0 = no limit)" },
        { "limits.auth-failures", "five/1m", "'five/1m' is not COUNT/PERIOD (COUNT 1-1000000, PERIOD 1s-24h, e.g. 30/10s), nor off" },
        { "limits.ban-time", "30d", "'30d' is not a duration (a whole number of seconds, or with a unit: 500ms, 30s, 5m, 1h)" },
        { "limits.ban-time", "500ms", "500ms is out of range (1s-168h); 0 = never ban" },
        { "limits.max-buffered", "lots", "'lots' is not a size (a whole number of bytes, or with k, M or G: 256M)" },
        { "limits.max-buffered", "64k", "64k is out of range (1M-64G)" },
        { "radius.servers", "0.0.0.0:99999", "port 99999 is out of range (1-65535)" },
        { "radius.accounting", "10.0.0.1:1813", "needs radius.servers (--radius)" },
        { "radius.das", "0.0.0.0:3799", "needs radius.servers (--radius): only they may send Disconnect/CoA requests" },
        { "radius.nas-identifier", new string('x', 300), "must be 1-253 characters" },
        { "radius.require-message-authenticator", "sometimes", "'sometimes' is not a boolean (use true or false)" },
        { "radius.min-interim-interval", "0", "0s is out of range (1s-1h)" },
        { "metrics.listen", "localhost:9108", "'localhost' is not a valid IPv4 address" },
        { "metrics.listen", "9108", "'9108' is not ADDRESS:PORT" },
        { "control.socket", "run/sstp.sock", "'run/sstp.sock' is not an absolute path to a socket file (or off)" },
        { "control.socket", "/run/sstp/", "'/run/sstp/' is not an absolute path to a socket file (or off)" },
        { "control.socket", "/" + new string('s', 107), "the path is longer than 107 bytes, the limit of a Unix socket address" },
        { "server.user", "-sstp", "'-sstp' is not a user name (1-32 letters, digits, '.', '_' or '-', not starting with '-')" },
        { "server.user", "sstp vpn", "'sstp vpn' is not a user name (1-32 letters, digits, '.', '_' or '-', not starting with '-')" },
        { "server.user", "root", "'root' is not an unprivileged user (leave server.user unset to stay as started)" },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public void Validate_BadValue_NamesItsKeyAndTheProblem(string key, string value, string message)
    {
        var errors = ServerOptionsValidator.Validate(Settings.Of((key, value)), out var options);

        Assert.Null(options);
        var error = Assert.Single(errors);
        Assert.Equal(key, error.Key);
        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData("10M/2M", 10_000_000L, 2_000_000L)]
    [InlineData("512k", 512_000L, 512_000L)]
    [InlineData("0/1M", null, 1_000_000L)]
    [InlineData("0", null, null)]
    [InlineData("off", null, null)]
    public void Validate_Rate_ZeroMeansNotSet(string value, long? down, long? up)
    {
        Assert.Empty(ServerOptionsValidator.Validate(Settings.Of(("limits.rate", value)), out var options));
        Assert.Equal(new Sstp.Protocol.Policing.RateLimit(down, up), options!.Limits.Rate);
    }

    [Fact]
    public void Validate_EveryKeyHasABadValueRow()
    {
        var covered = BadValues.Select(row => (string)row.Data.Item1).ToHashSet();
        // Paths accept any non-empty text; cert/key are covered by the pairing rule below.
        // server.offload-cert is covered by the offload listener rule (LoadBalancerConfigTests).
        string[] free = ["server.cert", "server.key", "server.state-dir", "server.users", "radius.secret-file", "server.offload-cert"];
        Assert.Empty(ConfigKeys.All.Select(k => k.Name).Except(covered).Except(free));
    }

    [Fact]
    public void Validate_UnknownKey_IsReportedWithASuggestion()
    {
        var errors = ServerOptionsValidator.Validate(Settings.Of(("server.lisen", "0.0.0.0:443")), out _);
        var error = Assert.Single(errors);
        Assert.Equal("server.lisen", error.Key);
        Assert.Equal("unknown key 'server.lisen' (did you mean 'server.listen'?)", error.Message);
    }

    [Fact]
    public void Validate_KnownNameInTheWrongSection_SuggestsTheRightSection()
    {
        var errors = ServerOptionsValidator.Validate(Settings.Of(("server.mtu", "1400")), out _);
        Assert.Equal("unknown key 'server.mtu' (did you mean 'tunnel.mtu'?)", Assert.Single(errors).Message);
    }

    [Fact]
    public void Validate_UnrelatedUnknownKey_HasNoSuggestion()
    {
        var errors = ServerOptionsValidator.Validate(Settings.Of(("colour", "blue")), out _);
        Assert.Equal("unknown key 'colour'", Assert.Single(errors).Message);
    }

    [Fact]
    public void Validate_SeveralProblems_AreAllReported()
    {
        var settings = Settings.Of(
            ("pool.ipv4", "10.88.0.0/33"), ("server.listen", "0.0.0.0:99999"), ("typo.key", "1"), ("tunnel.nat", "x"));

        var errors = ServerOptionsValidator.Validate(settings, out var options);

        Assert.Null(options);
        Assert.Equal(["pool.ipv4", "server.listen", "tunnel.nat", "typo.key"], errors.Select(e => e.Key).Order());
    }

    [Fact]
    public void Validate_ScalarGivenTwice_IsAnError()
    {
        var settings = new Dictionary<string, IReadOnlyList<string>> { ["tunnel.mtu"] = ["1400", "1300"] };
        var error = Assert.Single(ServerOptionsValidator.Validate(settings, out _));
        Assert.Equal(new ConfigError("tunnel.mtu", "takes one value, got 2"), error);
    }

    [Theory]
    [InlineData("server.cert", "/etc/sstp/c.pem", "server.key", "is needed when server.cert is set")]
    [InlineData("server.key", "/etc/sstp/k.pem", "server.cert", "is needed when server.key is set")]
    public void Validate_CertWithoutKeyOrKeyWithoutCert_IsAnError(string given, string value, string missing, string message)
    {
        var error = Assert.Single(ServerOptionsValidator.Validate(Settings.Of((given, value)), out _));
        Assert.Equal(new ConfigError(missing, message), error);
    }

    [Fact]
    public void Validate_SniCertsWithoutTheDefaultCertificate_IsAnError()
    {
        var error = Assert.Single(ServerOptionsValidator.Validate(Settings.Of(("server.sni-certs", "/b.pem:/b.key")), out _));
        Assert.Equal(new ConfigError("server.sni-certs", "needs server.cert (the default certificate for clients that send no known name)"), error);
    }

    [Fact]
    public void Validate_SniCerts_BindCertificateAndOptionalKey()
    {
        var errors = ServerOptionsValidator.Validate(
            Settings.Of(("server.cert", "/a.pem"), ("server.key", "/a.key"), ("server.sni-certs", "/b.pem:/b.key, /c.pfx")), out var options);
        Assert.Empty(errors);
        Assert.Equal([new SniCertificate("/b.pem", "/b.key"), new SniCertificate("/c.pfx", null)], options!.Tls.SniCertificates);
    }

    [Fact]
    public void Validate_GoodValues_BindEveryKey()
    {
        var settings = Settings.Of(
            ("server.listen", "127.0.0.1:8443, [::1]:8443"),
            ("server.cert", "/etc/sstp/c.pem"),
            ("server.key", "/etc/sstp/k.pem"),
            ("server.state-dir", "/tmp/state"),
            ("server.users", "/tmp/users"),
            ("server.auth", "PAP, chap, mschapv2, eap-mschapv2"),
            ("server.crypto-binding", "log-only"),
            ("server.hello-interval", "2m"),
            ("server.log-level", "warn"),
            ("server.log-format", "JSON"),
            ("server.user", "sstp"),
            ("pool.ipv4", "192.168.77.0/24"),
            ("pool.ipv6", "off"),
            ("pool.dns", "9.9.9.9, 2620:fe::fe"),
            ("tunnel.name", "vpn%d"),
            ("tunnel.mtu", "1000"),
            ("tunnel.nat", "yes"),
            ("limits.max-sessions", "50"),
            ("limits.max-sessions-per-user", "2"),
            ("limits.pre-auth-timeout", "1500ms"),
            ("limits.max-handshakes", "8"),
            ("limits.tls-handshake-timeout", "5s"),
            ("limits.http-request-timeout", "7s"),
            ("limits.setup-timeout", "2m"),
            ("limits.source-rate", "100/1m"),
            ("limits.max-pre-auth-per-source", "0"),
            ("limits.auth-failures", "off"),
            ("limits.ban-time", "1h"),
            ("limits.max-buffered", "1G"));

        var errors = ServerOptionsValidator.Validate(settings, out var o);

        Assert.Empty(errors);
        Assert.NotNull(o);
        Assert.Equal([IPEndPoint.Parse("127.0.0.1:8443"), IPEndPoint.Parse("[::1]:8443")], o.Listen);
        Assert.Equal("/etc/sstp/c.pem", o.Tls.CertificatePath);
        Assert.Equal("/etc/sstp/k.pem", o.Tls.KeyPath);
        Assert.Equal("/tmp/state", o.StateDirectory);
        Assert.Equal("/tmp/users", o.UsersFile);
        Assert.Equal([AuthMethod.Pap, AuthMethod.Chap, AuthMethod.MsChapV2, AuthMethod.EapMsChapV2], o.Auth);
        Assert.Equal(CryptoBindingPolicy.LogOnly, o.CryptoBinding);
        Assert.Equal(TimeSpan.FromMinutes(2), o.HelloInterval);
        Assert.Equal(LogLevel.Warning, o.LogLevel);
        Assert.Equal(LogFormat.Json, o.LogFormat);
        Assert.Equal("sstp", o.User);
        Assert.Equal(IPNetwork.Parse("192.168.77.0/24"), o.Pool.Ipv4);
        Assert.Null(o.Pool.Ipv6);
        Assert.Equal([IPAddress.Parse("9.9.9.9"), IPAddress.Parse("2620:fe::fe")], o.Pool.Dns);
        Assert.Equal("vpn%d", o.Tunnel.Name);
        Assert.Equal(1000, o.Tunnel.Mtu); // allowed below 1280 because IPv6 is off
        Assert.True(o.Tunnel.Nat);
        Assert.Equal(50, o.Limits.MaxSessions);
        Assert.Equal(2, o.Limits.MaxSessionsPerUser);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), o.Limits.PreAuthTimeout);
        Assert.Equal(8, o.Limits.MaxConcurrentHandshakes);
        Assert.Equal(TimeSpan.FromSeconds(5), o.Limits.TlsHandshakeTimeout);
        Assert.Equal(TimeSpan.FromSeconds(7), o.Limits.HttpRequestTimeout);
        Assert.Equal(TimeSpan.FromMinutes(2), o.Limits.SetupTimeout);
        Assert.Equal(new Sstp.Server.Protection.CountPerPeriod(100, TimeSpan.FromMinutes(1)), o.Limits.SourceRate);
        Assert.Equal(0, o.Limits.MaxPreAuthPerSource);
        Assert.False(o.Limits.AuthFailures.IsOn);
        Assert.Equal(TimeSpan.FromHours(1), o.Limits.BanTime);
        Assert.Equal(1L << 30, o.Limits.MaxBuffered);
    }

    [Fact]
    public void Validate_KeysAreCaseInsensitive()
    {
        var errors = ServerOptionsValidator.Validate(Settings.Of(("Tunnel.MTU", "1300")), out var o);
        Assert.Empty(errors);
        Assert.Equal(1300, o!.Tunnel.Mtu);
    }

    [Fact]
    public void Validate_EmptyScalar_KeepsTheDefault()
    {
        var errors = ServerOptionsValidator.Validate(Settings.Of(("server.cert", ""), ("tunnel.mtu", " ")), out var o);
        Assert.Empty(errors);
        Assert.Null(o!.Tls.CertificatePath);
        Assert.Equal(1400, o.Tunnel.Mtu);
    }

    [Fact]
    public void Validate_EmptyListen_IsAnError()
    {
        var error = Assert.Single(ServerOptionsValidator.Validate(Settings.Of(("server.listen", "")), out _));
        Assert.Equal(new ConfigError("server.listen", "at least one endpoint is needed"), error);
    }

    [Fact]
    public void Validate_TypedSnapshot_ChecksRecordsBuiltInCode()
    {
        var o = ServerOptions.Default with
        {
            Listen = [],
            StateDirectory = " ",
            Tunnel = new TunnelOptions { Name = "", Mtu = 100 },
            Limits = new LimitsOptions { MaxSessionsPerUser = -1, MaxConcurrentHandshakes = 0 },
            Pool = new PoolOptions { Ipv4 = IPNetwork.Parse("10.0.0.0/31"), Ipv6 = IPNetwork.Parse("fd00::/8") },
            Auth = [],
            LogLevel = (LogLevel)42,
            LogFormat = (LogFormat)7,
            CryptoBinding = (CryptoBindingPolicy)9,
        };

        var keys = ServerOptionsValidator.Validate(o).Select(e => e.Key).Distinct().Order();

        Assert.Equal(
            new[]
            {
                "limits.max-handshakes", "limits.max-sessions-per-user", "pool.ipv4", "pool.ipv6", "server.auth",
                "server.crypto-binding", "server.listen", "server.log-format", "server.log-level", "server.state-dir", "tunnel.mtu", "tunnel.name",
            },
            keys);
    }
}
