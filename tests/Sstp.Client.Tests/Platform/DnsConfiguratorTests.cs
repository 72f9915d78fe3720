using System.Net;
using Sstp.Client.Platform;
using Sstp.IO.Tun;

namespace Sstp.Client.Tests.Platform;

/// <summary>Backend choice and the exact resolvectl/resolvconf calls, through stand-in programs.</summary>
public sealed class DnsConfiguratorTests : IDisposable
{
    private static readonly IPAddress[] Servers = [IPAddress.Parse("10.0.0.53"), IPAddress.Parse("fd00::53")];
    private readonly FakeTools _tools = new();
    private readonly string _resolvectl;
    private readonly string _resolvconf;

    public DnsConfiguratorTests()
    {
        _resolvectl = _tools.Create("resolvectl");
        _resolvconf = _tools.Create("resolvconf", readsStdin: true);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(true, true, true, DnsBackend.Resolvectl)]
    [InlineData(true, true, false, DnsBackend.Resolvectl)]
    [InlineData(true, false, true, DnsBackend.Resolvconf)]
    [InlineData(true, false, false, DnsBackend.None)]
    [InlineData(false, true, true, DnsBackend.Resolvconf)]
    [InlineData(false, true, false, DnsBackend.None)]
    [InlineData(false, false, true, DnsBackend.Resolvconf)]
    [InlineData(false, false, false, DnsBackend.None)]
    public void DetectBackend_ResolvedThenResolvconfThenNone(bool resolved, bool hasResolvectl, bool hasResolvconf, DnsBackend expected)
    {
        string[] programs = [.. new[] { hasResolvectl ? "resolvectl" : null, hasResolvconf ? "resolvconf" : null }.OfType<string>()];
        Assert.Equal(expected, Configurator(resolved, programs).DetectBackend());
    }

    [Theory(Timeout = 10_000)]
    [InlineData(false, new[] { "dns sstp0 10.0.0.53 fd00::53" })]
    [InlineData(true, new[] { "dns sstp0 10.0.0.53 fd00::53", "domain sstp0 ~." })]
    public async Task Resolvectl_SetsServersAndRoutingDomainOnlyWithDefaultRoute(bool defaultRoute, string[] expected)
    {
        var dns = Configurator(true, "resolvectl", "resolvconf");

        var result = await dns.ApplyAsync("sstp0", Servers, defaultRoute, Ct);

        Assert.Equal(DnsBackend.Resolvectl, result.Backend);
        Assert.Equal(DnsBackend.Resolvectl, dns.AppliedBackend);
        Assert.Contains("10.0.0.53, fd00::53", result.Message, StringComparison.Ordinal);
        Assert.Equal(expected, _tools.Calls("resolvectl"));
        Assert.Empty(_tools.Calls("resolvconf"));

        await dns.RestoreAsync(Ct);
        await dns.RestoreAsync(Ct);
        Assert.Equal([.. expected, "revert sstp0"], _tools.Calls("resolvectl"));
        Assert.Equal(DnsBackend.None, dns.AppliedBackend);
    }

    [Fact(Timeout = 10_000)]
    public async Task Resolvconf_NameserverLinesOnStdin_UndoneWithDashD()
    {
        var dns = Configurator(false, "resolvectl", "resolvconf");

        var result = await dns.ApplyAsync("sstp0", Servers, defaultRoute: true, Ct);

        Assert.Equal(DnsBackend.Resolvconf, result.Backend);
        Assert.Equal(["-a sstp0"], _tools.Calls("resolvconf"));
        Assert.Equal("nameserver 10.0.0.53\nnameserver fd00::53\n", _tools.Stdin("resolvconf"));

        await dns.RestoreAsync(Ct);
        await dns.RestoreAsync(Ct);
        Assert.Equal(["-a sstp0", "-d sstp0"], _tools.Calls("resolvconf"));
        Assert.Empty(_tools.Calls("resolvectl"));
    }

    [Fact(Timeout = 10_000)]
    public async Task NoBackend_ChangesNothingAndTellsTheServers()
    {
        var dns = Configurator(false);

        var result = await dns.ApplyAsync("sstp0", Servers, defaultRoute: true, Ct);
        await dns.RestoreAsync(Ct);

        Assert.Equal(DnsBackend.None, result.Backend);
        Assert.Equal(Servers, result.Servers);
        Assert.Contains("set your DNS servers to 10.0.0.53, fd00::53", result.Message, StringComparison.Ordinal);
        Assert.Empty(_tools.Calls("resolvectl"));
        Assert.Empty(_tools.Calls("resolvconf"));
    }

    [Fact(Timeout = 10_000)]
    public async Task NoServers_ChangesNothing()
    {
        var dns = Configurator(true, "resolvectl");

        var result = await dns.ApplyAsync("sstp0", [], defaultRoute: true, Ct);
        await dns.RestoreAsync(Ct);

        Assert.Equal(DnsBackend.None, result.Backend);
        Assert.Contains("no DNS servers", result.Message, StringComparison.Ordinal);
        Assert.Empty(_tools.Calls("resolvectl"));
    }

    [Fact(Timeout = 10_000)]
    public async Task Restore_LinkAlreadyGone_CountsAsUndone()
    {
        var dns = Configurator(true, "resolvectl");
        await dns.ApplyAsync("sstp0", Servers, false, Ct);
        _tools.Fail("revert sstp0", "Failed to resolve interface \"sstp0\": No such device");

        await dns.RestoreAsync(Ct);
        await dns.RestoreAsync(Ct);

        Assert.Equal(["dns sstp0 10.0.0.53 fd00::53", "revert sstp0"], _tools.Calls("resolvectl"));
    }

    [Fact(Timeout = 10_000)]
    public async Task Restore_Fails_StaysPendingForRetry()
    {
        var dns = Configurator(false, "resolvconf");
        await dns.ApplyAsync("sstp0", Servers, false, Ct);
        _tools.Fail("-d sstp0", "resolvconf: permission denied");

        var e = await Assert.ThrowsAsync<LinkConfigurationException>(() => dns.RestoreAsync(Ct));
        Assert.Contains("permission denied", e.StandardError, StringComparison.Ordinal);
        Assert.Equal(DnsBackend.Resolvconf, dns.AppliedBackend);

        _tools.Unfail("-d sstp0");
        await dns.RestoreAsync(Ct);
        Assert.Equal(["-a sstp0", "-d sstp0", "-d sstp0"], _tools.Calls("resolvconf"));
    }

    [Fact(Timeout = 10_000)]
    public async Task Apply_CommandFails_RestoreStillUndoes()
    {
        var dns = Configurator(true, "resolvectl");
        _tools.Fail("domain sstp0 ~.", "Failed to set domain configuration: Access denied");

        await Assert.ThrowsAsync<LinkConfigurationException>(() => dns.ApplyAsync("sstp0", Servers, true, Ct));
        await dns.RestoreAsync(Ct);

        Assert.Equal(["dns sstp0 10.0.0.53 fd00::53", "domain sstp0 ~.", "revert sstp0"], _tools.Calls("resolvectl"));
    }

    [Fact(Timeout = 10_000)]
    public async Task Apply_Twice_WithoutRestore_Throws()
    {
        var dns = Configurator(true, "resolvectl");
        await dns.ApplyAsync("sstp0", Servers, false, Ct);

        await Assert.ThrowsAsync<InvalidOperationException>(() => dns.ApplyAsync("sstp0", Servers, false, Ct));
    }

    [Fact]
    public void SystemDnsProbe_FindsProgramsOnPathOrByFullPath()
    {
        var probe = new SystemDnsProbe();
        Assert.True(probe.IsProgramAvailable("sh"));
        Assert.True(probe.IsProgramAvailable("/bin/sh"));
        Assert.True(probe.IsProgramAvailable(_resolvectl));
        Assert.False(probe.IsProgramAvailable("sstp-no-such-program"));
        Assert.False(probe.IsProgramAvailable("/nonexistent/resolvectl"));
        Assert.Equal(File.Exists(SystemDnsProbe.ResolvedSocketPath), probe.IsResolvedRunning());
    }

    public void Dispose() => _tools.Dispose();

    private DnsConfigurator Configurator(bool resolvedRunning, params string[] programs) =>
        new(new FakeDnsProbe(resolvedRunning, programs), _resolvectl, _resolvconf);
}
