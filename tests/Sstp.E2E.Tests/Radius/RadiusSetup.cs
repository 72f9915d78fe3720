using System.Globalization;
using System.Text.RegularExpressions;
using Sstp.E2E.Tests.Client;

namespace Sstp.E2E.Tests.Radius;

/// <summary>
/// One RADIUS end-to-end setup: a <see cref="NamespacePair"/>, FreeRADIUS on 127.0.0.1 inside the server's
/// namespace, and <c>sstp server --radius 127.0.0.1:PORT --radius-secret-file FILE</c> beside it (192.0.2.1:443,
/// pool 10.88.0.0/24). The server's local users file holds only a user no test logs in as, so every accepted
/// login was accepted by RADIUS. Disposed in reverse order.
/// </summary>
internal sealed partial class RadiusSetup : IAsyncDisposable
{
    /// <summary>The DM/CoA listener address used with <c>--das</c> (inside the server's namespace).</summary>
    public const string DasEndpoint = "127.0.0.1:3799";

    /// <summary>The server's own local users: nobody the tests log in as.</summary>
    private static readonly Dictionary<string, string> LocalOnly = new() { ["local-only"] = "local-only-" + Guid.NewGuid().ToString("N") };

    private RadiusSetup(NamespacePair net, FreeRadiusServer radius)
    {
        Net = net;
        Radius = radius;
    }

    /// <summary>The two namespaces.</summary>
    public NamespacePair Net { get; }

    /// <summary>FreeRADIUS in <see cref="NamespacePair.ServerNs"/>.</summary>
    public FreeRadiusServer Radius { get; }

    /// <summary>The <c>sstp server</c> (set once started).</summary>
    public NamespaceServer Server { get; private set; } = null!;

    /// <summary>
    /// Starts everything. <paramref name="radiusOptions"/> gives the <c>--radius</c>/<c>--radius-acct</c> options
    /// from the running FreeRADIUS (default: <c>--radius 127.0.0.1:AUTHPORT</c>); <paramref name="more"/> are
    /// further server options (e.g. <c>--das</c>).
    /// </summary>
    public static async Task<RadiusSetup> StartAsync(string auth, Func<FreeRadiusServer, string[]>? radiusOptions = null, params string[] more)
    {
        ClientE2E.RequireRoot();
        FreeRadiusServer.RequireInstalled();
        var net = await NamespacePair.CreateAsync();
        FreeRadiusServer? radius = null;
        try
        {
            radius = await FreeRadiusServer.StartAsync(net.ServerNs);
            var setup = new RadiusSetup(net, radius);
            string[] servers = radiusOptions?.Invoke(radius) ?? ["--radius", radius.AuthEndpoint];
            setup.Server = await NamespaceServer.StartAsync(
                net, LocalOnly, $"{NamespacePair.ServerIPv4}:443",
                ["--pool4", "10.88.0.0/24", "--auth", auth, .. servers, "--radius-secret-file", radius.SecretFile, .. more]);
            return setup;
        }
        catch
        {
            if (radius is not null)
            {
                TestContext.Current.TestOutputHelper?.WriteLine("FreeRADIUS log:\n" + radius.Log);
                await radius.DisposeAsync();
            }

            await net.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts <c>sstp client</c> in the client namespace, pinned to the server's certificate, with <paramref name="more"/> options.</summary>
    public ChildProcess StartClient(string user, string password, string auth, params string[] more) =>
        ClientE2E.StartClient(Net.ClientNs, NamespacePair.ServerIPv4, user, password, ["--pin-sha256", Server.PinSha256, "--auth", auth, .. more]);

    /// <summary>The data counters of a server "closed:" line: bytes and packets received from and sent to the client.</summary>
    public static (long BytesIn, long PacketsIn, long BytesOut, long PacketsOut) ClosedCounters(string closedLine)
    {
        var match = Counters().Match(closedLine);
        Assert.True(match.Success, "no counters in: " + closedLine);
        long Get(int group) => long.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);
        return (Get(1), Get(2), Get(3), Get(4));
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }

        TestContext.Current.TestOutputHelper?.WriteLine("FreeRADIUS log:\n" + Radius.Log);
        if (File.Exists(Radius.DetailFile))
        {
            TestContext.Current.TestOutputHelper?.WriteLine("detail file:\n" + await File.ReadAllTextAsync(Radius.DetailFile));
        }

        await Radius.DisposeAsync();
        await Net.DisposeAsync();
    }

    [GeneratedRegex(@"in (\d+) B / (\d+) pkts, out (\d+) B / (\d+) pkts")]
    private static partial Regex Counters();
}
