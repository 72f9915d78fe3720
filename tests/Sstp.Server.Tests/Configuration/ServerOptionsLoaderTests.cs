using CsCheck;
using System.Net;
using Sstp.Server.Configuration;

namespace Sstp.Server.Tests.Configuration;

public class ServerOptionsLoaderTests
{
    private const string Ini = """
        # a comment
        ; another comment
        [server]
        listen = 0.0.0.0:8443, [::]:8443
        auth = mschapv2, pap
        log-level = debug

        [pool]
        ipv4 = "10.77.0.0/24"
        dns = 9.9.9.9

        [tunnel]
        mtu = 1300
        nat = true

        [limits]
        max-sessions = 100
        """;

    [Fact]
    public void LoadFromText_Ini_ReadsSectionsListsAndQuotes()
    {
        var result = ServerOptionsLoader.LoadFromText(Ini, null);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        var o = result.Options!;
        Assert.Equal([IPEndPoint.Parse("0.0.0.0:8443"), IPEndPoint.Parse("[::]:8443")], o.Listen);
        Assert.Equal([AuthMethod.MsChapV2, AuthMethod.Pap], o.Auth);
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Debug, o.LogLevel);
        Assert.Equal(IPNetwork.Parse("10.77.0.0/24"), o.Pool.Ipv4);
        Assert.Equal([IPAddress.Parse("9.9.9.9")], o.Pool.Dns);
        Assert.Equal(1300, o.Tunnel.Mtu);
        Assert.True(o.Tunnel.Nat);
        Assert.Equal(100, o.Limits.MaxSessions);
        // Keys the file does not name keep their defaults.
        Assert.Equal("sstp0", o.Tunnel.Name);
        Assert.Equal(IPNetwork.Parse("fd00:88::/48"), o.Pool.Ipv6);
    }

    [Fact]
    public void LoadFromText_NoFileNoOverlay_GivesTheDefaults()
    {
        var result = ServerOptionsLoader.LoadFromText(null, null);
        Assert.True(result.Succeeded);
        Assert.Equal(ConfigDescription.Of(ServerOptions.Default), ConfigDescription.Of(result.Options!));
    }

    [Fact]
    public void LoadFromText_OverlayWinsOverTheFile()
    {
        var overlay = new Dictionary<string, IReadOnlyList<string>>
        {
            ["server.listen"] = ["127.0.0.1:9443"],
            ["tunnel.mtu"] = ["1350"],
            ["server.auth"] = ["eap-mschapv2"],
        };

        var o = ServerOptionsLoader.LoadFromText(Ini, overlay).Options!;

        Assert.Equal([IPEndPoint.Parse("127.0.0.1:9443")], o.Listen); // replaced, not merged
        Assert.Equal(1350, o.Tunnel.Mtu);
        Assert.Equal([AuthMethod.EapMsChapV2], o.Auth);
        Assert.Equal(100, o.Limits.MaxSessions); // from the file
        Assert.True(o.Tunnel.Nat);
    }

    [Fact]
    public void LoadFromText_BadValueInFileAndOnCommandLine_BothNamed()
    {
        var overlay = new Dictionary<string, IReadOnlyList<string>> { ["limits.max-handshakes"] = ["zero"] };
        var result = ServerOptionsLoader.LoadFromText("[pool]\nipv4 = 10.88.0.0/33\n", overlay);

        Assert.False(result.Succeeded);
        Assert.Null(result.Options);
        Assert.Equal(
            ["limits.max-handshakes: 'zero' is not a whole number", "pool.ipv4: '10.88.0.0/33' is not a valid IPv4 CIDR"],
            result.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void LoadFromText_UnknownKeyInFile_IsReported()
    {
        var result = ServerOptionsLoader.LoadFromText("[server]\nlisten-on = 0.0.0.0:443\n", null);
        var error = Assert.Single(result.Errors);
        Assert.Equal("server.listen-on", error.Key);
        Assert.StartsWith("unknown key 'server.listen-on'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFromText_KeyOutsideASection_IsUnknown()
    {
        var result = ServerOptionsLoader.LoadFromText("mtu = 1400\n", null);
        Assert.Equal("unknown key 'mtu' (did you mean 'tunnel.mtu'?)", Assert.Single(result.Errors).Message);
    }

    [Theory]
    [InlineData("[server]\nthis line has no equals sign\n")]
    [InlineData("[tunnel]\nmtu = 1400\nmtu = 1300\n")]
    public void LoadFromText_MalformedIni_IsOneFileError(string text)
    {
        var result = ServerOptionsLoader.LoadFromText(text, null);
        var error = Assert.Single(result.Errors);
        Assert.Equal(ConfigError.FileKey, error.Key);
        Assert.NotEmpty(error.Message);
    }

    [Theory]
    [InlineData("=x\n")]
    [InlineData("[server]\n= x\n")]
    [InlineData("[]\nx = 1\n")]
    [InlineData(":= 1\n")]
    [InlineData("[server]\na::b = 1\n")]
    [InlineData("[server:listen]\nx = 1\n")]
    [InlineData("[server]\nlisten:x = 1\nlisten = 0.0.0.0:443\n")]
    public void LoadFromText_OddKeys_AreReportedNotThrown(string text)
    {
        var result = ServerOptionsLoader.LoadFromText(text, null);
        Assert.False(result.Succeeded);
        Assert.NotEmpty(result.Errors);
    }

    [Fact]
    public void Load_MissingRequiredFile_IsAnError()
    {
        using var dir = new TempDirectory();
        var result = ServerOptionsLoader.Load(dir.File("nope.conf"), configRequired: true, null);
        Assert.Equal(new ConfigError("config", $"'{dir.File("nope.conf")}' does not exist"), Assert.Single(result.Errors));
    }

    [Fact]
    public void Load_MissingDefaultFile_MeansDefaults()
    {
        using var dir = new TempDirectory();
        var result = ServerOptionsLoader.Load(dir.File("sstp.conf"), configRequired: false, null);
        Assert.True(result.Succeeded);
    }

    [Fact]
    public void Load_ExistingFile_IsRead()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("sstp.conf"), "[tunnel]\nname = vpn0\n");
        var result = ServerOptionsLoader.Load(dir.File("sstp.conf"), configRequired: true, null);
        Assert.Equal("vpn0", result.Options!.Tunnel.Name);
    }

    [Fact]
    public void LoadFromText_RandomText_NeverThrows()
    {
        Gen.String[0, 200].Sample(text =>
        {
            var result = ServerOptionsLoader.LoadFromText(text, null);
            Assert.True(result.Succeeded ^ (result.Errors.Count > 0));
        });
    }

    [Fact]
    public void LoadFromText_RandomValuesForKnownKeys_NeverThrow()
    {
        var keys = Gen.OneOfConst(ConfigKeys.All.Select(k => k.Name).ToArray());
        var value = Gen.String[0, 40];
        Gen.Select(keys, value).Array[1, 5].Sample(pairs =>
        {
            var settings = new Dictionary<string, IReadOnlyList<string>>();
            foreach (var (k, v) in pairs)
            {
                settings[k] = [v];
            }

            var result = ServerOptionsLoader.LoadFromText(null, settings);
            // Every problem names a real key (the one given, or the one it depends on).
            Assert.All(result.Errors, e => Assert.NotNull(ConfigKeys.Find(e.Key)));
            Assert.True(result.Succeeded ^ (result.Errors.Count > 0));
        });
    }
}
