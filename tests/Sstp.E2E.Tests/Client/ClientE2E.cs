using System.Text.Json;

namespace Sstp.E2E.Tests.Client;

/// <summary>What the client end-to-end tests share: skipping, the <c>sstp</c> executable, running our client.</summary>
internal static class ClientE2E
{
    /// <summary>The <c>sstp</c> executable built next to the tests.</summary>
    public static string Sstp { get; } = Path.Combine(AppContext.BaseDirectory, "sstp.dll");

    /// <summary>A generous bound for a tunnel to come up against our own server.</summary>
    public static readonly TimeSpan UpTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Skips the calling test, with the reason, unless we are root with a TUN device and every tool given.</summary>
    public static void RequireRoot(params string[] tools)
    {
        if (!Environment.IsPrivilegedProcess)
        {
            Assert.Skip("needs root: the client and server create TUN devices and the tests create network namespaces");
        }

        if (!File.Exists("/dev/net/tun"))
        {
            Assert.Skip("/dev/net/tun is missing");
        }

        foreach (string tool in (string[])["ip", "ping", .. tools])
        {
            if (!OnPath(tool))
            {
                Assert.Skip($"'{tool}' is not installed (e.g. apt-get install -y {(tool == "ping" ? "iputils-ping" : tool == "ip" ? "iproute2" : tool)})");
            }
        }
    }

    /// <summary>True if <paramref name="program"/> is found on PATH (or the usual sbin folders).</summary>
    public static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':')
            .Concat(["/usr/sbin", "/sbin", "/usr/bin", "/bin"])
            .Any(dir => dir.Length > 0 && File.Exists(Path.Combine(dir, program)));

    /// <summary>
    /// Starts <c>sstp client SERVER --user USER --password-stdin --no-dns OPTIONS</c> inside <paramref name="ns"/>.
    /// DNS is never configured by these tests: a namespace shares the host's /etc/resolv.conf.
    /// </summary>
    public static ChildProcess StartClient(string ns, string server, string user, string password, params string[] options) =>
        ChildProcess.Start(
            "sstp client",
            ["ip", "netns", "exec", ns, "dotnet", Sstp, "client", server, "--user", user, "--password-stdin", "--no-dns", .. options],
            password);

    /// <summary>Runs <c>ip netns exec NS COMMAND</c> to completion.</summary>
    public static Task<(int ExitCode, string Output)> InNamespaceAsync(string ns, params string[] command) =>
        Interop.RunAsync("ip", ["netns", "exec", ns, .. command], timeout: TimeSpan.FromMinutes(1));

    /// <summary>Pings <paramref name="address"/> from <paramref name="ns"/> (3 packets); returns ping's exit code and output.</summary>
    public static Task<(int ExitCode, string Output)> PingAsync(string ns, string address) =>
        InNamespaceAsync(ns, "ping", "-c", "3", "-i", "0.3", "-W", "3", address);

    /// <summary>True if the network device exists in <paramref name="ns"/>.</summary>
    public static async Task<bool> LinkExistsAsync(string ns, string device) =>
        (await Interop.RunAsync("ip", ["-n", ns, "link", "show", "dev", device])).ExitCode == 0;

    /// <summary>
    /// The IPv4 and IPv6 main routing tables of <paramref name="ns"/>, one sorted line per route
    /// ("dst [via gateway] dev device [proto p] [metric m]"), without the ageing fields so two snapshots compare.
    /// </summary>
    public static async Task<IReadOnlyList<string>> RoutesAsync(string ns)
    {
        var routes = new List<string>();
        foreach (string family in (string[])["-4", "-6"])
        {
            var (code, json) = await Interop.RunAsync("ip", ["-n", ns, family, "-j", "route", "show"]);
            Assert.True(code == 0, json);
            using var document = JsonDocument.Parse(json);
            foreach (var route in document.RootElement.EnumerateArray())
            {
                string Field(string name, string prefix) =>
                    route.TryGetProperty(name, out var value) ? $" {prefix}{value}" : string.Empty;
                routes.Add($"{route.GetProperty("dst")}{Field("gateway", "via ")}{Field("dev", "dev ")}{Field("protocol", "proto ")}{Field("metric", "metric ")}");
            }
        }

        routes.Sort(StringComparer.Ordinal);
        return routes;
    }
}
