using System.Net;
using Sstp.Client.Platform;
using Sstp.IO.Tun;

namespace Sstp.Client.Tests.Platform;

/// <summary>
/// RouteManager's exact iproute2 calls, undo order and idempotence, through a stand-in <c>ip</c> that
/// answers <c>route get</c> from a file and fails chosen calls.
/// </summary>
public sealed class RouteManagerTests : IDisposable
{
    private const string ViaEth0 = """[{"dst":"203.0.113.10","gateway":"192.0.2.1","dev":"eth0","prefsrc":"192.0.2.2","flags":[],"uid":0,"cache":[]}]""";
    private static readonly IPAddress Server = IPAddress.Parse("203.0.113.10");
    private readonly FakeTools _tools = new();
    private readonly string _ip;

    public RouteManagerTests()
    {
        _ip = _tools.Create("ip");
        _tools.SetOutput("ip", ViaEth0);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string, bool, bool, string[]> ApplyCases => new()
    {
        // Split routes that do not cover the server: no lookup, no host route.
        {
            "10.20.0.0/16 fd10::/48", false, false,
            ["route add 10.20.0.0/16 dev sstp0", "route add fd10::/48 dev sstp0"]
        },

        // A split route covering the server needs the server pinned to the uplink first.
        {
            "203.0.113.0/24", false, false,
            ["-j route get 203.0.113.10", "route add 203.0.113.10/32 via 192.0.2.1 dev eth0", "route add 203.0.113.0/24 dev sstp0"]
        },

        // --default-route, IPv4 only: pin, then the two IPv4 halves.
        {
            "", true, false,
            ["-j route get 203.0.113.10", "route add 203.0.113.10/32 via 192.0.2.1 dev eth0",
             "route add 0.0.0.0/1 dev sstp0", "route add 128.0.0.0/1 dev sstp0"]
        },

        // --default-route with IPv6 up and a split route: pin, split, IPv4 halves, IPv6 halves.
        {
            "10.20.0.0/16", true, true,
            ["-j route get 203.0.113.10", "route add 203.0.113.10/32 via 192.0.2.1 dev eth0", "route add 10.20.0.0/16 dev sstp0",
             "route add 0.0.0.0/1 dev sstp0", "route add 128.0.0.0/1 dev sstp0", "route add ::/1 dev sstp0", "route add 8000::/1 dev sstp0"]
        },

        // IPv6 up without --default-route adds no IPv6 halves.
        { "", false, true, [] },
    };

    [Theory(Timeout = 10_000)]
    [MemberData(nameof(ApplyCases))]
    public async Task Apply_RunsExactCommandsInOrder(string routes, bool defaultRoute, bool ipv6Up, string[] expected)
    {
        var manager = new RouteManager(null, _ip);
        await manager.ApplyAsync("sstp0", Server, Cidrs(routes), defaultRoute, ipv6Up, Ct);

        Assert.Equal(expected, _tools.Calls("ip"));
        Assert.Equal(expected.Count(c => c.StartsWith("route add", StringComparison.Ordinal)), manager.Installed.Count);
    }

    [Fact(Timeout = 10_000)]
    public async Task Restore_DeletesExactlyWhatWasAdded_NewestFirst()
    {
        var manager = new RouteManager(null, _ip);
        await manager.ApplyAsync("sstp0", Server, Cidrs("10.20.0.0/16"), defaultRoute: true, ipv6Up: false, Ct);
        _tools.ClearCalls("ip");

        await manager.RestoreAsync(Ct);

        Assert.Equal(
            ["route del 128.0.0.0/1 dev sstp0", "route del 0.0.0.0/1 dev sstp0", "route del 10.20.0.0/16 dev sstp0",
             "route del 203.0.113.10/32 via 192.0.2.1 dev eth0"],
            _tools.Calls("ip"));
        Assert.Empty(manager.Installed);
    }

    [Fact(Timeout = 10_000)]
    public async Task Restore_Twice_SecondDoesNothing()
    {
        var manager = new RouteManager(null, _ip);
        await manager.ApplyAsync("sstp0", Server, [], defaultRoute: true, ipv6Up: false, Ct);
        await manager.RestoreAsync(Ct);
        _tools.ClearCalls("ip");

        await manager.RestoreAsync(Ct);

        Assert.Empty(_tools.Calls("ip"));
    }

    [Theory(Timeout = 10_000)]
    [InlineData("Cannot find device \"sstp0\"")]
    [InlineData("RTNETLINK answers: No such process")]
    public async Task Restore_RoutesAlreadyGoneWithTheDevice_CountAsRemoved(string stderr)
    {
        var manager = new RouteManager(null, _ip);
        await manager.ApplyAsync("sstp0", Server, [], defaultRoute: true, ipv6Up: false, Ct);
        _tools.Fail("route del 0.0.0.0/1 dev sstp0", stderr);
        _tools.Fail("route del 128.0.0.0/1 dev sstp0", stderr);
        _tools.ClearCalls("ip");

        await manager.RestoreAsync(Ct);

        // The host route on the uplink is still removed.
        Assert.Contains("route del 203.0.113.10/32 via 192.0.2.1 dev eth0", _tools.Calls("ip"));
        Assert.Empty(manager.Installed);
    }

    [Fact(Timeout = 10_000)]
    public async Task Restore_OtherFailure_TriesTheRestThrowsAndKeepsItForRetry()
    {
        var manager = new RouteManager(null, _ip);
        await manager.ApplyAsync("sstp0", Server, [], defaultRoute: true, ipv6Up: false, Ct);
        _tools.Fail("route del 0.0.0.0/1 dev sstp0", "RTNETLINK answers: Operation not permitted");

        var e = await Assert.ThrowsAsync<AggregateException>(() => manager.RestoreAsync(Ct));

        var inner = Assert.IsType<LinkConfigurationException>(Assert.Single(e.InnerExceptions));
        Assert.Contains("Operation not permitted", inner.StandardError, StringComparison.Ordinal);
        Assert.Equal("0.0.0.0/1 dev sstp0", Assert.Single(manager.Installed).ToString());

        _tools.Unfail("route del 0.0.0.0/1 dev sstp0");
        _tools.ClearCalls("ip");
        await manager.RestoreAsync(Ct);
        Assert.Equal(["route del 0.0.0.0/1 dev sstp0"], _tools.Calls("ip"));
        Assert.Empty(manager.Installed);
    }

    [Fact(Timeout = 10_000)]
    public async Task Apply_SameRouteAlreadyExisted_IsNotRecordedNorDeleted()
    {
        var manager = new RouteManager(null, _ip);
        _tools.Fail("route add 10.20.0.0/16 dev sstp0", "RTNETLINK answers: File exists");
        _tools.SetOutput("ip", """[{"dst":"10.20.0.0/16","flags":[]}]""");

        await manager.ApplyAsync("sstp0", Server, Cidrs("10.20.0.0/16 10.30.0.0/16"), false, false, Ct);

        Assert.Equal(
            ["route add 10.20.0.0/16 dev sstp0", "-4 -j route show exact 10.20.0.0/16 dev sstp0", "route add 10.30.0.0/16 dev sstp0"],
            _tools.Calls("ip"));
        Assert.Equal(["10.30.0.0/16 dev sstp0"], manager.Installed.Select(r => r.ToString()));

        _tools.ClearCalls("ip");
        await manager.RestoreAsync(Ct);
        Assert.Equal(["route del 10.30.0.0/16 dev sstp0"], _tools.Calls("ip"));
    }

    [Fact(Timeout = 10_000)]
    public async Task Apply_OtherRouteToSamePrefix_FailsClearly()
    {
        // EEXIST, but `route show exact` finds no route with our device: someone else's route holds the prefix.
        var manager = new RouteManager(null, _ip);
        _tools.Fail("route add 10.20.0.0/16 dev sstp0", "RTNETLINK answers: File exists");
        _tools.SetOutput("ip", "[]");

        var e = await Assert.ThrowsAsync<LinkConfigurationException>(
            () => manager.ApplyAsync("sstp0", Server, Cidrs("10.20.0.0/16"), false, false, Ct));

        Assert.Contains("another route to 10.20.0.0/16 exists", e.Message, StringComparison.Ordinal);
        Assert.Contains("File exists", e.Message, StringComparison.Ordinal);
        Assert.Empty(manager.Installed);
    }

    [Fact(Timeout = 10_000)]
    public async Task Apply_FailsHalfway_KeepsWhatWasAddedForRestore()
    {
        var manager = new RouteManager(null, _ip);
        _tools.Fail("route add 128.0.0.0/1 dev sstp0", "RTNETLINK answers: Network is down");

        await Assert.ThrowsAsync<LinkConfigurationException>(
            () => manager.ApplyAsync("sstp0", Server, [], defaultRoute: true, ipv6Up: false, Ct));
        Assert.Equal(
            ["203.0.113.10/32 via 192.0.2.1 dev eth0", "0.0.0.0/1 dev sstp0"], manager.Installed.Select(r => r.ToString()));

        _tools.ClearCalls("ip");
        await manager.RestoreAsync(Ct);
        Assert.Equal(["route del 0.0.0.0/1 dev sstp0", "route del 203.0.113.10/32 via 192.0.2.1 dev eth0"], _tools.Calls("ip"));
    }

    public static TheoryData<string, string, string?> ServerPaths => new()
    {
        // IPv6 server behind a link-local router.
        {
            "2001:db8::10", """[{"dst":"2001:db8::10","from":"::","gateway":"fe80::1","dev":"eth0","metric":1024,"flags":[],"pref":"medium"}]""",
            "route add 2001:db8::10/128 via fe80::1 dev eth0"
        },

        // On-link server: no gateway.
        { "192.0.2.7", """[{"dst":"192.0.2.7","dev":"eth0","prefsrc":"192.0.2.2","flags":[],"uid":0,"cache":[]}]""", "route add 192.0.2.7/32 dev eth0" },

        // The server is this host: local traffic never uses the main table, so nothing is pinned.
        { "127.0.0.1", """[{"type":"local","dst":"127.0.0.1","dev":"lo","prefsrc":"127.0.0.1","flags":[],"uid":0,"cache":["local"]}]""", null },

        // An IPv4-mapped IPv6 address is the IPv4 server.
        { "::ffff:203.0.113.10", ViaEth0, "route add 203.0.113.10/32 via 192.0.2.1 dev eth0" },
    };

    [Theory(Timeout = 10_000)]
    [MemberData(nameof(ServerPaths))]
    public async Task Apply_DefaultRoute_PinsTheServerAlongItsOriginalPath(string server, string routeGet, string? expectedPin)
    {
        _tools.SetOutput("ip", routeGet);
        var manager = new RouteManager(null, _ip);
        await manager.ApplyAsync("sstp0", IPAddress.Parse(server), [], defaultRoute: true, ipv6Up: false, Ct);

        var calls = _tools.Calls("ip");
        Assert.StartsWith("-j route get ", calls[0], StringComparison.Ordinal);
        string[] pins = [.. calls.Where(c => c.StartsWith("route add", StringComparison.Ordinal) && !c.EndsWith("dev sstp0", StringComparison.Ordinal))];
        Assert.Equal(expectedPin is null ? [] : [expectedPin], pins);
    }

    [Fact(Timeout = 10_000)]
    public async Task Apply_InNamespace_EveryCommandHasDashN()
    {
        var manager = new RouteManager("ns1", _ip);
        await manager.ApplyAsync("sstp0", Server, [], defaultRoute: true, ipv6Up: false, Ct);
        await manager.RestoreAsync(Ct);

        var calls = _tools.Calls("ip");
        Assert.Equal(7, calls.Count);
        Assert.All(calls, c => Assert.StartsWith("-n ns1 ", c, StringComparison.Ordinal));
        Assert.Equal("-n ns1 -j route get 203.0.113.10", calls[0]);
    }

    [Fact(Timeout = 10_000)]
    public async Task Apply_ServerAlreadyRoutedThroughTheTun_FailsBeforeAddingAnything()
    {
        _tools.SetOutput("ip", """[{"dst":"203.0.113.10","dev":"sstp0","flags":[],"uid":0,"cache":[]}]""");
        var manager = new RouteManager(null, _ip);

        var e = await Assert.ThrowsAsync<LinkConfigurationException>(
            () => manager.ApplyAsync("sstp0", Server, [], defaultRoute: true, ipv6Up: false, Ct));

        Assert.Contains("already goes through the tunnel device sstp0", e.Message, StringComparison.Ordinal);
        Assert.Empty(manager.Installed);
        Assert.Single(_tools.Calls("ip"));
    }

    [Fact(Timeout = 10_000)]
    public async Task Apply_UnreadableRouteGet_FailsWithReason()
    {
        _tools.SetOutput("ip", "not json");
        var manager = new RouteManager(null, _ip);

        var e = await Assert.ThrowsAsync<LinkConfigurationException>(
            () => manager.ApplyAsync("sstp0", Server, [], defaultRoute: true, ipv6Up: false, Ct));

        Assert.Contains("Cannot read the route to the server 203.0.113.10", e.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = 10_000)]
    public async Task Apply_ServerUnreachable_PropagatesIpError()
    {
        _tools.Fail("-j route get 203.0.113.10", "RTNETLINK answers: Network is unreachable");
        var manager = new RouteManager(null, _ip);

        var e = await Assert.ThrowsAsync<LinkConfigurationException>(
            () => manager.ApplyAsync("sstp0", Server, [], defaultRoute: true, ipv6Up: false, Ct));

        Assert.Contains("Network is unreachable", e.StandardError, StringComparison.Ordinal);
        Assert.Empty(manager.Installed);
    }

    public void Dispose() => _tools.Dispose();

    internal static IPNetwork[] Cidrs(string text) =>
        [.. text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(c => IPNetwork.Parse(c))];
}
