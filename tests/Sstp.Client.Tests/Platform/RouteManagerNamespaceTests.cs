using System.Net;
using System.Text.Json;
using Sstp.Client.Platform;
using Sstp.IO.Tun;

namespace Sstp.Client.Tests.Platform;

/// <summary>
/// RouteManager against the real kernel, root only: a namespace made by the test with a dummy "uplink"
/// (one end of a veth pair: 198.51.100.2/24 and 2001:db8:1::2/64, default routes via .1 and ::1) and a
/// TUN opened here and moved into it.
/// </summary>
public sealed class RouteManagerNamespaceTests : IAsyncLifetime
{
    private readonly string _suffix = RootOnly.UniqueSuffix();
    private LinkConfigurator _ns = null!;
    private LinuxTunDevice? _tun;
    private bool _created;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string Namespace => "sstpcl-" + _suffix;

    public async ValueTask InitializeAsync()
    {
        // Without root the tests themselves skip with the reason (RootOnly.Require at their start).
        if (RootOnly.WhyNot() is not null)
        {
            return;
        }

        await new LinkConfigurator().RunAsync(["netns", "add", Namespace], Ct);
        _created = true;
        _ns = new LinkConfigurator(Namespace);
        try
        {
            await SetUpUplinkAsync();
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    private async Task SetUpUplinkAsync()
    {
        // A veth pair whose far end stays down: the near end is a plain uplink with a gateway on its subnet.
        await _ns.SetStateAsync("lo", up: true, Ct);
        await _ns.RunAsync(["link", "add", "up0", "type", "veth", "peer", "name", "up1"], Ct);
        await _ns.RunAsync(["address", "add", "198.51.100.2/24", "dev", "up0"], Ct);
        await _ns.RunAsync(["address", "add", "2001:db8:1::2/64", "dev", "up0", "nodad"], Ct);
        await _ns.SetStateAsync("up0", up: true, Ct);
        await _ns.RunAsync(["route", "add", "default", "via", "198.51.100.1", "dev", "up0"], Ct);
        await _ns.RunAsync(["-6", "route", "add", "default", "via", "2001:db8:1::1", "dev", "up0"], Ct);
    }

    public async ValueTask DisposeAsync()
    {
        _tun?.Dispose();
        if (_created)
        {
            _created = false;
            // Deleting the namespace destroys everything left inside it.
            await new LinkConfigurator().RunAsync(["netns", "del", Namespace], CancellationToken.None);
        }
    }

    [Theory(Timeout = 30_000)]
    [InlineData("203.0.113.10", "203.0.113.10", "198.51.100.1")]
    [InlineData("2001:db8:99::10", "2001:db8:99::10", "2001:db8:1::1")]
    public async Task DefaultRouteAndSplit_AllPresent_ThenRestoreLeavesTableAsBefore(string server, string pinned, string gateway)
    {
        RootOnly.Require();
        string tun = await CreateTunAsync();
        string before = await RoutesAsync();
        var routes = new RouteManager(Namespace);

        await routes.ApplyAsync(tun, IPAddress.Parse(server), RouteManagerTests.Cidrs("10.20.0.0/16 fd10::/48"), defaultRoute: true, ipv6Up: true, Ct);

        var table = await RouteListAsync();
        Assert.Contains((pinned, gateway, "up0"), table);
        Assert.Contains(("default", "198.51.100.1", "up0"), table);
        Assert.Contains(("default", "2001:db8:1::1", "up0"), table);
        foreach (string half in (string[])["0.0.0.0/1", "128.0.0.0/1", "::/1", "8000::/1", "10.20.0.0/16", "fd10::/48"])
        {
            Assert.Contains((half, (string?)null, tun), table);
        }

        // The kernel now sends everything through the TUN, except the server.
        Assert.Equal(tun, await RouteGetDeviceAsync("192.0.2.99"));
        Assert.Equal(tun, await RouteGetDeviceAsync("2001:db8:77::1"));
        Assert.Equal("up0", await RouteGetDeviceAsync(server));

        await routes.RestoreAsync(Ct);

        Assert.Equal(before, await RoutesAsync());
        Assert.Empty(routes.Installed);
    }

    [Fact(Timeout = 30_000)]
    public async Task Restore_AfterTunIsGone_RemovesTheServerRouteAndLeavesTableAsBeforeTheTun()
    {
        RootOnly.Require();
        string before = await RoutesAsync();
        string tun = await CreateTunAsync();
        var routes = new RouteManager(Namespace);
        await routes.ApplyAsync(tun, IPAddress.Parse("203.0.113.10"), RouteManagerTests.Cidrs("10.20.0.0/16"), defaultRoute: true, ipv6Up: true, Ct);

        _tun!.Dispose();
        _tun = null;
        await routes.RestoreAsync(Ct);
        await routes.RestoreAsync(Ct);

        Assert.Equal(before, await RoutesAsync());
        Assert.Empty(routes.Installed);
    }

    [Fact(Timeout = 30_000)]
    public async Task PreexistingRoutes_SameOneKept_ConflictingOneFailsAndNothingLeaks()
    {
        RootOnly.Require();
        string tun = await CreateTunAsync();
        await _ns.AddRouteAsync(tun, IPAddress.Parse("10.20.0.0"), 16, cancellationToken: Ct);
        await _ns.AddRouteAsync("up0", IPAddress.Parse("10.30.0.0"), 16, IPAddress.Parse("198.51.100.1"), cancellationToken: Ct);
        string before = await RoutesAsync();
        var routes = new RouteManager(Namespace);

        var e = await Assert.ThrowsAsync<LinkConfigurationException>(
            () => routes.ApplyAsync(tun, IPAddress.Parse("203.0.113.10"), RouteManagerTests.Cidrs("10.20.0.0/16 10.30.0.0/16"), false, false, Ct));
        Assert.Contains("another route to 10.30.0.0/16 exists", e.Message, StringComparison.Ordinal);
        Assert.Empty(routes.Installed);

        await routes.RestoreAsync(Ct);
        Assert.Equal(before, await RoutesAsync());
    }

    /// <summary>Opens a TUN in our namespace, moves it into the test's, and configures it like a tunnel that is up.</summary>
    private async Task<string> CreateTunAsync()
    {
        string name = "sstpc" + _suffix;
        _tun = LinuxTunDevice.Open(name);
        await new LinkConfigurator().MoveToNamespaceAsync(_tun.Name, Namespace, Ct);
        await _ns.AddPeerAddressAsync(_tun.Name, IPAddress.Parse("10.9.0.2"), IPAddress.Parse("10.9.0.1"), 32, Ct);
        await _ns.RunAsync(["address", "add", "fd09::2/64", "dev", _tun.Name, "nodad"], Ct);
        await _ns.SetStateAsync(_tun.Name, up: true, Ct);
        return _tun.Name;
    }

    /// <summary>The main IPv4 and IPv6 tables as iproute2 prints them, for exact before/after comparison.</summary>
    private async Task<string> RoutesAsync() =>
        await _ns.RunAsync(["-4", "route", "show"], Ct) + await _ns.RunAsync(["-6", "route", "show"], Ct);

    private async Task<List<(string Dst, string? Gateway, string Dev)>> RouteListAsync()
    {
        var list = new List<(string, string?, string)>();
        foreach (string family in (string[])["-4", "-6"])
        {
            using var json = JsonDocument.Parse(await _ns.RunAsync(["-j", family, "route", "show"], Ct));
            foreach (var route in json.RootElement.EnumerateArray())
            {
                list.Add((
                    route.GetProperty("dst").GetString()!,
                    route.TryGetProperty("gateway", out var gw) ? gw.GetString() : null,
                    route.GetProperty("dev").GetString()!));
            }
        }

        TestContext.Current.TestOutputHelper?.WriteLine(string.Join('\n', list));
        return list;
    }

    private async Task<string?> RouteGetDeviceAsync(string address)
    {
        using var json = JsonDocument.Parse(await _ns.RunAsync(["-j", "route", "get", address], Ct));
        return json.RootElement[0].GetProperty("dev").GetString();
    }
}
