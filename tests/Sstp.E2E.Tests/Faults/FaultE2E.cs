using System.Text.Json;
using System.Text.RegularExpressions;
using Sstp.E2E.Tests.Client;

namespace Sstp.E2E.Tests.Faults;

/// <summary>What the fault tests share: users, the tunnel address a client printed, the server's session count.</summary>
internal static partial class FaultE2E
{
    /// <summary>One user, known to every server of these tests.</summary>
    public static readonly Dictionary<string, string> Users = new() { ["alice"] = "alice-secret" };

    /// <summary>A generous bound for one step.</summary>
    public static readonly TimeSpan Step = TimeSpan.FromSeconds(30);

    /// <summary>The client's own tunnel address from its "tunnel up: A &lt;-&gt; B" line.</summary>
    public static string ClientAddress(string upLine) => UpLine().Match(upLine) is { Success: true } m
        ? m.Groups[1].Value
        : throw new InvalidOperationException($"not a tunnel-up line: {upLine}");

    /// <summary>Sessions up and in setup, from <c>sstp ctl status --json</c> against the server's control socket.</summary>
    public static async Task<(int Up, int Setup)> SessionsAsync(NamespaceServer server)
    {
        var (code, output) = await Interop.RunAsync("dotnet", [ClientE2E.Sstp, "ctl", "--socket", server.ControlSocket, "status", "--json"]);
        Assert.True(code == 0, output);
        using var json = JsonDocument.Parse(output);
        var status = json.RootElement.GetProperty("status");
        return (status.GetProperty("sessions_up").GetInt32(), status.GetProperty("sessions_setup").GetInt32());
    }

    /// <summary>Polls <paramref name="condition"/> every 200 ms until it holds or <paramref name="timeout"/> passes; returns whether it held.</summary>
    public static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (await condition())
            {
                return true;
            }

            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(200);
        }
    }

    [GeneratedRegex(@"tunnel up: (\d+\.\d+\.\d+\.\d+) <-> ")]
    private static partial Regex UpLine();
}
