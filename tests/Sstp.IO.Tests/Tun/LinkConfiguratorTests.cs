using System.Net;
using Sstp.IO.Tun;

namespace Sstp.IO.Tests.Tun;

/// <summary>
/// Checks the exact iproute2 argument lists through a stand-in "ip" script that records its arguments one
/// per line, and the failure reporting with the real tool.
/// </summary>
public sealed class LinkConfiguratorTests : IDisposable
{
    private readonly string _directory;
    private readonly string _fakeIp;
    private readonly string _log;

    public LinkConfiguratorTests()
    {
        _directory = Path.Combine(Path.GetTempPath(), "sstp-io-ip-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(_directory);
        _log = Path.Combine(_directory, "args.log");
        _fakeIp = Path.Combine(_directory, "ip");
        File.WriteAllText(_fakeIp, $"#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done > '{_log}'\necho fake-out\n");
        File.SetUnixFileMode(_fakeIp, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string?, string, string> Commands => new()
    {
        { null, "addr4", "address add 10.0.0.1/24 dev sstp0" },
        { "ns1", "addr4", "-n ns1 address add 10.0.0.1/24 dev sstp0" },
        { null, "addr6", "address add fd00::1/64 dev sstp0" },
        { null, "peer", "address add 10.0.0.1 peer 10.0.0.2/32 dev sstp0" },
        { "ns1", "mtu", "-n ns1 link set dev sstp0 mtu 1400" },
        { null, "up", "link set dev sstp0 up" },
        { null, "down", "link set dev sstp0 down" },
        { null, "route", "route add 192.168.0.0/16 dev sstp0" },
        { null, "route-via", "route add 192.168.0.0/16 via 10.0.0.2 dev sstp0 metric 50" },
        { "ns1", "route-del", "-n ns1 route del 192.168.0.0/16 dev sstp0" },
        { null, "move", "link set dev sstp0 netns ns2" },
        { "ns 'x;rm'", "up", "-n|ns 'x;rm'|link set dev sstp0 up" },
    };

    [Theory(Timeout = 10_000)]
    [MemberData(nameof(Commands))]
    public async Task Command_RunsIpWithExactArguments(string? ns, string action, string expected)
    {
        var cfg = new LinkConfigurator(ns, _fakeIp);
        var task = action switch
        {
            "addr4" => cfg.AddAddressAsync("sstp0", IPAddress.Parse("10.0.0.1"), 24, Ct),
            "addr6" => cfg.AddAddressAsync("sstp0", IPAddress.Parse("fd00::1"), 64, Ct),
            "peer" => cfg.AddPeerAddressAsync("sstp0", IPAddress.Parse("10.0.0.1"), IPAddress.Parse("10.0.0.2"), 32, Ct),
            "mtu" => cfg.SetMtuAsync("sstp0", 1400, Ct),
            "up" => cfg.SetStateAsync("sstp0", up: true, Ct),
            "down" => cfg.SetStateAsync("sstp0", up: false, Ct),
            "route" => cfg.AddRouteAsync("sstp0", IPAddress.Parse("192.168.0.0"), 16, cancellationToken: Ct),
            "route-via" => cfg.AddRouteAsync("sstp0", IPAddress.Parse("192.168.0.0"), 16, IPAddress.Parse("10.0.0.2"), 50, Ct),
            "route-del" => cfg.DeleteRouteAsync("sstp0", IPAddress.Parse("192.168.0.0"), 16, cancellationToken: Ct),
            "move" => cfg.MoveToNamespaceAsync("sstp0", "ns2", Ct),
            _ => throw new ArgumentOutOfRangeException(nameof(action)),
        };
        await task;

        // One argument per line; the '|' rows show where a value with spaces or quotes stays one argument.
        string[] args = await File.ReadAllLinesAsync(_log, Ct);
        string[] expectedArgs = expected.Contains('|', StringComparison.Ordinal)
            ? [.. expected.Split('|')[..^1], .. expected.Split('|')[^1].Split(' ')]
            : expected.Split(' ');
        Assert.Equal(expectedArgs, args);
    }

    [Fact(Timeout = 10_000)]
    public async Task RunAsync_ReturnsStdout()
    {
        string output = await new LinkConfigurator(null, _fakeIp).RunAsync(["link", "show"], Ct);
        Assert.Equal("fake-out\n", output);
    }

    [Theory(Timeout = 10_000)]
    [InlineData("10.0.0.1", 33)]
    [InlineData("10.0.0.1", -1)]
    [InlineData("fd00::1", 129)]
    public async Task AddAddress_PrefixOutOfRange_Throws(string address, int prefix)
    {
        var cfg = new LinkConfigurator(null, _fakeIp);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => cfg.AddAddressAsync("sstp0", IPAddress.Parse(address), prefix, Ct));
        Assert.False(File.Exists(_log));
    }

    [Fact(Timeout = 10_000)]
    public async Task AddPeerAddress_MixedFamilies_Throws()
    {
        var cfg = new LinkConfigurator(null, _fakeIp);
        await Assert.ThrowsAsync<ArgumentException>(
            () => cfg.AddPeerAddressAsync("sstp0", IPAddress.Parse("10.0.0.1"), IPAddress.Parse("fd00::2"), 128, Ct));
    }

    [Fact(Timeout = 10_000)]
    public async Task FailingCommand_MessageHasCommandLineAndStderr()
    {
        string? ip = FindOnPath("ip");
        if (ip is null)
        {
            Assert.Skip("iproute2 'ip' is not installed.");
        }

        // Fails for anyone, root or not, without changing anything: the device does not exist.
        var cfg = new LinkConfigurator(null, ip);
        var e = await Assert.ThrowsAsync<LinkConfigurationException>(
            () => cfg.SetStateAsync("sstpnodev0", up: true, Ct));
        Assert.Equal($"{ip} link set dev sstpnodev0 up", e.CommandLine);
        Assert.NotEqual(0, e.ExitCode);
        Assert.Contains("sstpnodev0", e.StandardError, StringComparison.Ordinal);
        Assert.Contains(e.CommandLine!, e.Message, StringComparison.Ordinal);
        Assert.Contains(e.StandardError, e.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = 10_000)]
    public async Task MissingProgram_ThrowsWithCommandLine()
    {
        var cfg = new LinkConfigurator(null, Path.Combine(_directory, "no-such-ip"));
        var e = await Assert.ThrowsAsync<LinkConfigurationException>(() => cfg.SetStateAsync("sstp0", true, Ct));
        Assert.Contains("no-such-ip link set dev sstp0 up", e.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    internal static string? FindOnPath(string program)
    {
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/sbin:/usr/bin:/sbin:/bin").Split(':'))
        {
            string candidate = Path.Combine(dir, program);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
