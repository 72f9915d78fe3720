using System.Text.RegularExpressions;
using Sstp.E2E.Tests.Client;

namespace Sstp.E2E.Tests.Radius;

/// <summary>
/// RADIUS accounting (RFC 2866) as FreeRADIUS's detail file records it, and the RFC 5176 Disconnect/CoA listener
/// (<c>--das</c>) driven by FreeRADIUS's own <c>radclient</c>, for <c>sstp client</c> → <c>sstp server --radius</c>.
/// </summary>
public sealed partial class ServerRadiusAccountingTests
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(20);

    [GeneratedRegex(@"tunnel up: (\d+\.\d+\.\d+\.\d+) <->")]
    private static partial Regex TunnelAddress();

    [Fact(Timeout = 180_000)]
    public async Task StartAndStop_InTheDetailFile_WithSessionIdClassAndTheServersByteCounts()
    {
        await using var setup = await RadiusSetup.StartAsync("mschapv2");
        await using var client = setup.StartClient(RadiusUsers.Alice, RadiusUsers.AlicePassword, "mschapv2");
        string up = await client.WaitForLineAsync("tunnel up", ClientE2E.UpTimeout);
        string address = TunnelAddress().Match(up).Groups[1].Value;

        var start = await WaitForAliceStartAsync(setup);
        Assert.Equal("0x" + Convert.ToHexStringLower("alice-class"u8), start.Get("Class"));   // RFC 2865 §5.25: echoed
        Assert.Equal(address, start.Get("Framed-IP-Address"));
        Assert.Contains(NamespacePair.ClientIPv4, start.Get("Calling-Station-Id") ?? string.Empty, StringComparison.Ordinal);

        // 5 echo requests of 1028 IP bytes each way, so both counters are far from zero.
        var (code, ping) = await ClientE2E.InNamespaceAsync(setup.Net.ClientNs, "ping", "-c", "5", "-i", "0.2", "-s", "1000", "-W", "3", "10.88.0.1");
        Assert.True(code == 0, ping);
        await client.SignalAsync("TERM");
        Assert.Equal(0, await client.WaitForExitAsync(Step));
        string closed = await setup.Server.WaitForLineAsync(Step, 0, "closed:", $"user {RadiusUsers.Alice}");
        var counters = RadiusSetup.ClosedCounters(closed);

        var stop = await setup.Radius.WaitForAccountingAsync(r => r.StatusType == "Stop" && r.SessionId == start.SessionId, Step);
        Assert.Equal(counters.BytesIn, Octets(stop, "Input"));
        Assert.Equal(counters.BytesOut, Octets(stop, "Output"));
        Assert.Equal(counters.PacketsIn, stop.GetNumber("Acct-Input-Packets"));
        Assert.Equal(counters.PacketsOut, stop.GetNumber("Acct-Output-Packets"));
        Assert.True(Octets(stop, "Input") >= 5 * 1028, stop.ToString());
        Assert.True(Octets(stop, "Output") >= 5 * 1028, stop.ToString());
        Assert.InRange(stop.GetNumber("Acct-Session-Time"), 0, 120);
        Assert.Equal("User-Request", stop.Get("Acct-Terminate-Cause"));   // RFC 2866 §5.10: the user logged off
        Assert.Equal(start.Get("Class"), stop.Get("Class"));
        Assert.Single(setup.Radius.ReadDetail(), r => r.StatusType == "Start" && r.SessionId == start.SessionId);
        Assert.Single(setup.Radius.ReadDetail(), r => r.StatusType == "Stop" && r.SessionId == start.SessionId);
    }

    [Theory(Timeout = 180_000)]
    [InlineData("Acct-Session-Id")]
    [InlineData("User-Name")]
    public async Task DisconnectRequest_FromRadclient_Ack_SessionEndsWithinOneSecond(string selector)
    {
        await using var setup = await RadiusSetup.StartAsync("mschapv2", more: ["--das", RadiusSetup.DasEndpoint]);
        await using var client = setup.StartClient(RadiusUsers.Alice, RadiusUsers.AlicePassword, "mschapv2");
        await client.WaitForLineAsync("tunnel up", ClientE2E.UpTimeout);
        var start = await WaitForAliceStartAsync(setup);
        int skip = setup.Server.Lines.Count;

        string attribute = selector == "User-Name" ? $"User-Name = \"{RadiusUsers.Alice}\"" : $"Acct-Session-Id = \"{start.SessionId}\"";
        var (code, output) = await setup.Radius.RadclientAsync(RadiusSetup.DasEndpoint, "disconnect", attribute);

        Assert.True(code == 0, output);
        Assert.Contains("Received Disconnect-ACK", output, StringComparison.Ordinal);
        await setup.Server.WaitForLineAsync(TimeSpan.FromSeconds(1), skip, "closed: AdminDisconnect", $"user {RadiusUsers.Alice}");
        Assert.NotNull(await client.WaitForExitAsync(Step));
        var stop = await setup.Radius.WaitForAccountingAsync(r => r.StatusType == "Stop" && r.SessionId == start.SessionId, Step);
        Assert.Equal("Admin-Reset", stop.Get("Acct-Terminate-Cause"));   // AUTH.md §7.7 (RFC 5176)
    }

    [Fact(Timeout = 180_000)]
    public async Task DisconnectRequest_UnknownSession_Nak503_LiveSessionStaysUp()
    {
        await using var setup = await RadiusSetup.StartAsync("mschapv2", more: ["--das", RadiusSetup.DasEndpoint]);
        await using var client = setup.StartClient(RadiusUsers.Alice, RadiusUsers.AlicePassword, "mschapv2");
        await client.WaitForLineAsync("tunnel up", ClientE2E.UpTimeout);

        var (_, output) = await setup.Radius.RadclientAsync(RadiusSetup.DasEndpoint, "disconnect", "Acct-Session-Id = \"no-such-session\"");

        Assert.Contains("Received Disconnect-NAK", output, StringComparison.Ordinal);
        Assert.Contains("Error-Cause = Session-Context-Not-Found", output, StringComparison.Ordinal);   // 503
        var (code, ping) = await ClientE2E.PingAsync(setup.Net.ClientNs, "10.88.0.1");
        Assert.True(code == 0, ping);
        Assert.False(client.HasExited, client.Output);
    }

    [Fact(Timeout = 180_000)]
    public async Task DisconnectRequest_ForAnotherNas_Nak403_LiveSessionStaysUp()
    {
        await using var setup = await RadiusSetup.StartAsync("mschapv2", more: ["--das", RadiusSetup.DasEndpoint]);
        await using var client = setup.StartClient(RadiusUsers.Alice, RadiusUsers.AlicePassword, "mschapv2");
        await client.WaitForLineAsync("tunnel up", ClientE2E.UpTimeout);

        // The right user, but addressed to another NAS: NAS-Identifier is not ours (the host name by default).
        var (_, output) = await setup.Radius.RadclientAsync(
            RadiusSetup.DasEndpoint, "disconnect", $"User-Name = \"{RadiusUsers.Alice}\"", "NAS-Identifier = \"not-this-nas\"");

        Assert.Contains("Received Disconnect-NAK", output, StringComparison.Ordinal);
        Assert.Contains("Error-Cause = NAS-Identification-Mismatch", output, StringComparison.Ordinal);   // 403, AUTH.md §7.7
        var (code, ping) = await ClientE2E.PingAsync(setup.Net.ClientNs, "10.88.0.1");
        Assert.True(code == 0, ping);
        Assert.False(client.HasExited, client.Output);
    }

    [Fact(Timeout = 180_000)]
    public async Task DisconnectRequest_WrongSecret_IsDropped_SessionStaysUp()
    {
        await using var setup = await RadiusSetup.StartAsync("mschapv2", more: ["--das", RadiusSetup.DasEndpoint]);
        await using var client = setup.StartClient(RadiusUsers.Alice, RadiusUsers.AlicePassword, "mschapv2");
        await client.WaitForLineAsync("tunnel up", ClientE2E.UpTimeout);
        string file = Path.Combine(Path.GetTempPath(), "sstp-das-" + Guid.NewGuid().ToString("N")[..8]);
        await File.WriteAllTextAsync(file, $"User-Name = \"{RadiusUsers.Alice}\"\n", TestContext.Current.CancellationToken);
        try
        {
            // The authenticator does not verify under our secret: no answer at all (AUTH.md §7.7: requests are verified).
            var (code, output) = await ClientE2E.InNamespaceAsync(
                setup.Net.ServerNs, "radclient", "-x", "-r", "1", "-t", "2", "-f", file, RadiusSetup.DasEndpoint, "disconnect", "not-the-secret");
            Assert.NotEqual(0, code);
            Assert.DoesNotContain("Received Disconnect-", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }

        Assert.False(client.HasExited, client.Output);
        var (pingCode, ping) = await ClientE2E.PingAsync(setup.Net.ClientNs, "10.88.0.1");
        Assert.True(pingCode == 0, ping);
    }

    [Fact(Timeout = 180_000)]
    public async Task CoaRequest_SessionTimeout_Ack_SessionEndsSoon()
    {
        await using var setup = await RadiusSetup.StartAsync("mschapv2", more: ["--das", RadiusSetup.DasEndpoint]);
        await using var client = setup.StartClient(RadiusUsers.Alice, RadiusUsers.AlicePassword, "mschapv2");
        await client.WaitForLineAsync("tunnel up", ClientE2E.UpTimeout);
        var start = await WaitForAliceStartAsync(setup);
        int skip = setup.Server.Lines.Count;

        var (code, output) = await setup.Radius.RadclientAsync(
            RadiusSetup.DasEndpoint, "coa", $"Acct-Session-Id = \"{start.SessionId}\"", "Session-Timeout = 2");

        Assert.True(code == 0, output);
        Assert.Contains("Received CoA-ACK", output, StringComparison.Ordinal);

        // Counted from the session's start or from the CoA, 2 s is over within a few seconds.
        await setup.Server.WaitForLineAsync(TimeSpan.FromSeconds(8), skip, "closed: SessionTimeout", $"user {RadiusUsers.Alice}");
        Assert.NotNull(await client.WaitForExitAsync(Step));
        var stop = await setup.Radius.WaitForAccountingAsync(r => r.StatusType == "Stop" && r.SessionId == start.SessionId, Step);
        Assert.Equal("Session-Timeout", stop.Get("Acct-Terminate-Cause"));
    }

    private static Task<DetailRecord> WaitForAliceStartAsync(RadiusSetup setup) =>
        setup.Radius.WaitForAccountingAsync(r => r.StatusType == "Start" && r.UserName == RadiusUsers.Alice && !string.IsNullOrEmpty(r.SessionId), Step);

    /// <summary>Acct-{Input|Output}-Octets plus Acct-{…}-Gigawords × 2^32 (RFC 2869 §5.1, §5.2).</summary>
    private static long Octets(DetailRecord record, string direction)
    {
        long gigawords = record.Get($"Acct-{direction}-Gigawords") is null ? 0 : record.GetNumber($"Acct-{direction}-Gigawords");
        return (gigawords << 32) + record.GetNumber($"Acct-{direction}-Octets");
    }
}
