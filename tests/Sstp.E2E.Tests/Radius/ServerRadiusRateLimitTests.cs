using System.Globalization;
using System.Text.Json;
using Sstp.E2E.Tests.Client;

namespace Sstp.E2E.Tests.Radius;

/// <summary>
/// Per-user rate limits from RADIUS: WISPr-Bandwidth-Max-Down/-Up in the Access-Accept hold a TCP transfer through
/// the tunnel (iperf3, both directions) under the rate, and a CoA-Request from <c>radclient</c> changes the rate of
/// the running session. A functional check with a generous bound (limit × 1.3), not a speed benchmark.
/// </summary>
public sealed class ServerRadiusRateLimitTests
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(20);

    [Fact(Timeout = 240_000)]
    public async Task WisprRates_BoundTheTunnel_AndCoaChangesThemLive()
    {
        await using var setup = await RadiusSetup.StartAsync("mschapv2", more: ["--das", RadiusSetup.DasEndpoint]);
        await using var client = setup.StartClient(RadiusUsers.Ivan, RadiusUsers.IvanPassword, "mschapv2");
        await client.WaitForLineAsync("tunnel up", ClientE2E.UpTimeout);
        string up = await setup.Server.WaitForLineAsync(Step, 0, $"up: user {RadiusUsers.Ivan}");
        Assert.Contains("rate down 4Mbit/s up 2Mbit/s", up, StringComparison.Ordinal);

        // From the Access-Accept: 4 Mbit/s toward the client, 2 Mbit/s from it.
        double down = await MeasureAsync(setup, download: true);
        double upload = await MeasureAsync(setup, download: false);
        Assert.InRange(down, 0.2 * RadiusUsers.IvanDownBitsPerSecond, 1.3 * RadiusUsers.IvanDownBitsPerSecond);
        Assert.InRange(upload, 0.2 * RadiusUsers.IvanUpBitsPerSecond, 1.3 * RadiusUsers.IvanUpBitsPerSecond);

        // CoA raises the download to 16 Mbit/s; the upload keeps its 2 Mbit/s.
        int skip = setup.Server.Lines.Count;
        var (code, output) = await setup.Radius.RadclientAsync(
            RadiusSetup.DasEndpoint, "coa", $"User-Name = \"{RadiusUsers.Ivan}\"", "WISPr-Bandwidth-Max-Down = 16000000");
        Assert.True(code == 0, output);
        Assert.Contains("Received CoA-ACK", output, StringComparison.Ordinal);
        await setup.Server.WaitForLineAsync(Step, skip, "changed by RADIUS CoA", "to down 16Mbit/s up 2Mbit/s");
        double raised = await MeasureAsync(setup, download: true);
        Assert.InRange(raised, 1.3 * RadiusUsers.IvanDownBitsPerSecond, 1.3 * 16_000_000);

        // CoA lowers both with Mikrotik-Rate-Limit "rx/tx" = upload/download.
        skip = setup.Server.Lines.Count;
        (code, output) = await setup.Radius.RadclientAsync(
            RadiusSetup.DasEndpoint, "coa", $"User-Name = \"{RadiusUsers.Ivan}\"", "Mikrotik-Rate-Limit = \"1M/1500k 2M/3M 0/0 8\"");
        Assert.True(code == 0, output);
        Assert.Contains("Received CoA-ACK", output, StringComparison.Ordinal);
        await setup.Server.WaitForLineAsync(Step, skip, "changed by RADIUS CoA", "to down 1500kbit/s up 1Mbit/s");
        double lowered = await MeasureAsync(setup, download: true);
        double loweredUp = await MeasureAsync(setup, download: false);
        Assert.InRange(lowered, 0.1 * 1_500_000, 1.3 * 1_500_000);
        Assert.InRange(loweredUp, 0.1 * 1_000_000, 1.3 * 1_000_000);

        // The session stayed the same all along, and its close line counts the policed packets.
        await client.SignalAsync("TERM");
        Assert.Equal(0, await client.WaitForExitAsync(Step));
        string closed = await setup.Server.WaitForLineAsync(Step, 0, "closed:", $"user {RadiusUsers.Ivan}");
        Assert.Single(setup.Server.Lines, l => l.Contains($"up: user {RadiusUsers.Ivan}", StringComparison.Ordinal));
        Assert.Contains("rate down 1500kbit/s up 1Mbit/s", closed, StringComparison.Ordinal);
        Assert.DoesNotContain("RateLimited drops in 0 / out 0 pkts", closed, StringComparison.Ordinal);
    }

    [Fact(Timeout = 180_000)]
    public async Task CoaWithAMalformedRate_Nak407_RateUnchanged()
    {
        await using var setup = await RadiusSetup.StartAsync("mschapv2", more: ["--das", RadiusSetup.DasEndpoint]);
        await using var client = setup.StartClient(RadiusUsers.Ivan, RadiusUsers.IvanPassword, "mschapv2");
        await client.WaitForLineAsync("tunnel up", ClientE2E.UpTimeout);

        var (_, output) = await setup.Radius.RadclientAsync(
            RadiusSetup.DasEndpoint, "coa", $"User-Name = \"{RadiusUsers.Ivan}\"", "Mikrotik-Rate-Limit = \"fast\"");

        Assert.Contains("Received CoA-NAK", output, StringComparison.Ordinal);
        Assert.Contains("Error-Cause = Invalid-Attribute-Value", output, StringComparison.Ordinal);   // 407
        Assert.DoesNotContain(setup.Server.Lines, l => l.Contains("changed by RADIUS CoA", StringComparison.Ordinal));
    }

    /// <summary>
    /// A 2-second iperf3 TCP transfer through the tunnel, server → client when <paramref name="download"/>; returns
    /// what the receiving side counted, in bit/s.
    /// </summary>
    private static async Task<double> MeasureAsync(RadiusSetup setup, bool download)
    {
        await using var iperf = await IperfServer.StartAsync("10.88.0.1", setup.Net.ServerNs);
        string[] args = ["iperf3", "-c", "10.88.0.1", "-t", "2", "-J", .. download ? (string[])["-R"] : []];
        var (code, json) = await ClientE2E.InNamespaceAsync(setup.Net.ClientNs, args);
        Assert.True(code == 0, json);
        using var document = JsonDocument.Parse(json);
        double bits = document.RootElement.GetProperty("end").GetProperty("sum_received").GetProperty("bits_per_second").GetDouble();
        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(
            CultureInfo.InvariantCulture, $"iperf3 {(download ? "download" : "upload")}: {bits / 1e6:0.00} Mbit/s"));
        return bits;
    }
}
