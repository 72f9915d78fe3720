using System.Net;
using Sstp.Server.Configuration;
using Sstp.Server.Hosting;

namespace Sstp.Server.Tests.Hosting;

/// <summary>Which keys a reload applies and which wait for a restart.</summary>
public class ReloadDiffTests
{
    private static readonly ServerOptions Running = ServerOptions.Default;

    [Fact]
    public void SameOptions_ChangeNothing()
    {
        var diff = ReloadDiff.Compare(Running, Running with { });
        Assert.Empty(diff.Changed);
        Assert.Empty(diff.NeedsRestart);
        Assert.Equal(Running, diff.Applied);
    }

    [Fact]
    public void LiveKeys_AreApplied()
    {
        var loaded = Running with
        {
            Pool = Running.Pool with { Ipv4 = IPNetwork.Parse("10.99.0.0/16"), Dns = [IPAddress.Parse("192.0.2.53")] },
            Limits = Running.Limits with { MaxSessions = 5, MaxSessionsPerUser = 2, PreAuthTimeout = TimeSpan.FromSeconds(9), MaxConcurrentHandshakes = 7 },
            LogLevel = Microsoft.Extensions.Logging.LogLevel.Debug,
            UsersFile = "other-users",
        };

        var diff = ReloadDiff.Compare(Running, loaded);

        Assert.Equal(
            ["server.users", "server.log-level", "pool.ipv4", "pool.dns", "limits.max-sessions", "limits.max-sessions-per-user", "limits.pre-auth-timeout", "limits.max-handshakes"],
            diff.Changed);
        Assert.Empty(diff.NeedsRestart);
        Assert.Equal(loaded, diff.Applied);
    }

    [Fact]
    public void RestartKeys_AreReported_AndKeepTheirRunningValue()
    {
        var loaded = Running with
        {
            Listen = [new IPEndPoint(IPAddress.Loopback, 8443)],
            Tunnel = Running.Tunnel with { Name = "vpn1", Mtu = 1300, Nat = true, Offload = false },
            MetricsListen = new IPEndPoint(IPAddress.Loopback, 9100),
            Limits = Running.Limits with { MaxSessions = 3 },
        };

        var diff = ReloadDiff.Compare(Running, loaded);

        Assert.Equal(["server.listen", "tunnel.name", "tunnel.mtu", "tunnel.nat", "tunnel.offload", "metrics.listen"], diff.NeedsRestart);
        Assert.Equal(["limits.max-sessions"], diff.Changed);
        Assert.Equal(Running.Listen, diff.Applied.Listen);
        Assert.Equal(Running.Tunnel, diff.Applied.Tunnel);
        Assert.Null(diff.Applied.MetricsListen);
        Assert.Equal(3, diff.Applied.Limits.MaxSessions);
    }

    [Fact]
    public void Ipv6OnOff_NeedsRestart_ButANewPrefixIsLive()
    {
        var off = ReloadDiff.Compare(Running, Running with { Pool = Running.Pool with { Ipv6 = null } });
        Assert.Equal(["pool.ipv6"], off.NeedsRestart);
        Assert.Empty(off.Changed);
        Assert.Equal(Running.Pool.Ipv6, off.Applied.Pool.Ipv6);

        var moved = ReloadDiff.Compare(Running, Running with { Pool = Running.Pool with { Ipv6 = IPNetwork.Parse("fd00:99::/48") } });
        Assert.Empty(moved.NeedsRestart);
        Assert.Equal(["pool.ipv6"], moved.Changed);
    }

    [Fact]
    public void Radius_NewServersAreLive_TurningItOnNeedsRestart_DasNeedsRestart()
    {
        var radiusOn = Running with
        {
            Radius = new RadiusOptions { Servers = [new IPEndPoint(IPAddress.Loopback, 1812)], SecretFile = "secret" },
        };

        var toggled = ReloadDiff.Compare(Running, radiusOn);
        Assert.Equal(["radius.servers"], toggled.NeedsRestart);
        Assert.False(toggled.Applied.Radius.Enabled);

        var other = radiusOn with
        {
            Radius = radiusOn.Radius with { Servers = [new IPEndPoint(IPAddress.Loopback, 1645)], Das = new IPEndPoint(IPAddress.Loopback, 3799) },
        };
        var moved = ReloadDiff.Compare(radiusOn, other);
        Assert.Equal(["radius.servers"], moved.Changed);
        Assert.Equal(["radius.das"], moved.NeedsRestart);
        Assert.Equal(1645, moved.Applied.Radius.Servers[0].Port);
        Assert.Null(moved.Applied.Radius.Das);
    }
}
