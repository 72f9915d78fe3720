using System.Text.RegularExpressions;

namespace Sstp.E2E.Tests.Client;

/// <summary>
/// <c>sstp demo</c> run as a user would (issue: with no arguments and no config, as root, it pings through the
/// tunnel, prints what it did and the figures, and cleans everything up, also on Ctrl-C).
/// </summary>
public sealed partial class DemoTests
{
    [GeneratedRegex(@"network namespaces (sstp-demo-s-[0-9a-f]+) .* and (sstp-demo-c-[0-9a-f]+) ")]
    private static partial Regex Namespaces();

    [GeneratedRegex("certificate SHA-256 ([0-9A-F]{64})")]
    private static partial Regex Pin();

    [Fact(Timeout = 180_000)]
    public async Task Demo_Exit0_ThreeOfThreeAnswered_NoNamespaceLeft()
    {
        ClientE2E.RequireRoot();
        await using var demo = ChildProcess.Start("sstp demo", ["dotnet", ClientE2E.Sstp, "demo"]);

        Assert.Equal(0, await demo.WaitForExitAsync(TimeSpan.FromSeconds(150)));
        Assert.Contains("3/3 answered", demo.Output, StringComparison.Ordinal);
        Assert.Contains("6. clean up", demo.Output, StringComparison.Ordinal);
        await AssertCleanedUpAsync(demo.Output);
    }

    [Fact(Timeout = 180_000)]
    public async Task Demo_SigintAfterClientStarts_ExitsAndLeavesNothing()
    {
        ClientE2E.RequireRoot();
        await using var demo = ChildProcess.Start("sstp demo", ["dotnet", ClientE2E.Sstp, "demo"]);
        await demo.WaitForLineAsync("4. sstp client", TimeSpan.FromSeconds(120));

        await demo.SignalAsync("INT");

        int? code = await demo.WaitForExitAsync(TimeSpan.FromSeconds(60));
        Assert.True(code is not null, "the demo ignored SIGINT:\n" + demo.Output);
        Assert.Contains("6. clean up", demo.Output, StringComparison.Ordinal);
        await AssertCleanedUpAsync(demo.Output);
    }

    private static async Task AssertCleanedUpAsync(string output)
    {
        var names = Namespaces().Match(output);
        Assert.True(names.Success, output);
        var (_, list) = await Interop.RunAsync("ip", ["netns", "list"]);
        Assert.DoesNotContain(names.Groups[1].Value, list, StringComparison.Ordinal);
        Assert.DoesNotContain(names.Groups[2].Value, list, StringComparison.Ordinal);

        // Nor any of its processes: the server and client ran with the demo's temp folder on their command line.
        string folder = "sstp-demo-" + names.Groups[1].Value[^4..];
        var (found, pids) = await Interop.RunAsync("pgrep", ["-f", folder]);
        Assert.True(found != 0, $"the demo's server is still running: {pids}");

        // The client ran with the pinned certificate hash on its command line.
        var pin = Pin().Match(output);
        if (pin.Success)
        {
            var (clientFound, clientPids) = await Interop.RunAsync("pgrep", ["-f", pin.Groups[1].Value]);
            Assert.True(clientFound != 0, $"the demo's client is still running: {clientPids}");
        }

        Assert.False(Directory.Exists(Path.Combine(Path.GetTempPath(), folder)), "the demo's temp folder is left");
    }
}
