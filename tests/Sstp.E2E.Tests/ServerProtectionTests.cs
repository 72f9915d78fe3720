using System.Text;
using Sstp.E2E.Tests.Hostile;
using Sstp.Protocol.Session;

namespace Sstp.E2E.Tests;

/// <summary>
/// The real <c>sstp server</c> against abusive clients (issue 8, protections): connections that stall in TLS or in
/// the HTTP request are closed at their deadlines with a log line naming the phase, and repeated wrong passwords
/// from one address ban it at accept while a client from another address (sstpc in the guest) still connects.
/// The raw clients come from the server's side of the namespace (10.77.77.1), sstpc from the guest.
/// </summary>
public sealed class ServerProtectionTests(SstpcGuest guest)
{
    private static readonly Dictionary<string, string> Alice = new() { [HostileServer.User] = HostileServer.Password };

    /// <summary>A generous bound for one step; the deadlines under test are 2 s.</summary>
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(15);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static async Task<ServerProcess> StartServerAsync(params string[] more)
    {
        Interop.RequireRootAndSstpc();
        return await ServerProcess.StartAsync(Alice, ["--pool4", "10.88.0.0/24", "--auth", "mschapv2", .. more]);
    }

    [Fact]
    public async Task SilentAndHalfHttpClients_AreClosedAtTheirDeadlines_WithAPhaseLogLine()
    {
        await using var server = await StartServerAsync("--tls-handshake-timeout", "2s", "--http-request-timeout", "2s");

        // Slowloris: TCP open, nothing sent.
        await using var silent = await RawClient.ConnectAsync(server.Port, tls: false, Cancel);
        var silentBytes = await silent.ReadUntilClosedAsync(Step, Cancel);
        Assert.True(silent.Closed, "the silent connection is still open");
        Assert.Empty(silentBytes);
        await server.WaitForLineAsync($"Connection from {silent.PeerInLog} closed: TLS handshake not done within 2 s", Step);

        // TLS done, then half an HTTP request and nothing more.
        await using var half = await RawClient.ConnectAsync(server.Port, tls: true, Cancel);
        await half.WriteAsync(Encoding.ASCII.GetBytes($"SSTP_DUPLEX_POST /sra_{{BA195980-CD49-458b-9E23-C84EE0ADCD75}}/ HTTP/1.1\r\nHost: {Interop.ServerAddress}\r\n"), Cancel);
        await half.ReadUntilClosedAsync(Step, Cancel);
        Assert.True(half.Closed, "the half-HTTP connection is still open");
        await server.WaitForLineAsync($"Connection from {half.PeerInLog} closed: HTTP request not done within 2 s", Step);

        // A good client right after is not disturbed.
        var good = await GoodClient.RunAsync(server.Port, HostileServer.User, HostileServer.Password, corruptBinding: false, TimeSpan.FromSeconds(30), Cancel);
        Assert.NotNull(good.Up);
    }

    [Fact]
    public async Task FiveWrongPasswords_BanTheAddress_AtAccept_WhileAnotherAddressConnects()
    {
        await using var server = await StartServerAsync("--auth-failures", "5/1m", "--ban-time", "1m");

        for (int i = 0; i < 5; i++)
        {
            var outcome = await GoodClient.RunAsync(server.Port, HostileServer.User, "wrong", corruptBinding: false, TimeSpan.FromSeconds(30), Cancel);
            Assert.Equal(DisconnectReason.AuthenticationFailed, outcome.Reason);
        }

        string ban = await server.WaitForLineAsync($"Source {Interop.ServerAddress} banned until", Step);
        Assert.Contains("after 5 failed login(s); users tried: alice", ban, StringComparison.Ordinal);

        // The sixth connection from the same address is closed at accept, before TLS: no byte comes back.
        int mark = server.Lines.Count;
        await using var sixth = await RawClient.ConnectAsync(server.Port, tls: false, Cancel);
        var bytes = await sixth.ReadUntilClosedAsync(Step, Cancel);
        Assert.True(sixth.Closed, "the banned source's connection is still open");
        Assert.Empty(bytes);
        await server.WaitForLineAsync($"Connection from {sixth.PeerInLog} refused: the source is banned", Step, mark);

        // sstpc in the guest comes from another address and is not affected.
        var (code, output) = await guest.RunAsync(server.Port, HostileServer.User, HostileServer.Password, "mschapv2", "10.88.0.1");
        Assert.True(code == 0, output);
        await server.WaitForLineAsync("up: user alice", Step, mark);
    }

    [Fact]
    public async Task OneAddress_IsCappedInUnauthenticatedConnections_AndInConnectionRate_AtAccept()
    {
        await using var server = await StartServerAsync("--max-pre-auth-per-source", "2", "--source-rate", "3/1m");

        // Two silent connections hold the address's two pre-auth slots; a third is closed at once.
        await using var first = await RawClient.ConnectAsync(server.Port, tls: false, Cancel);
        await using var second = await RawClient.ConnectAsync(server.Port, tls: false, Cancel);
        await using var third = await RawClient.ConnectAsync(server.Port, tls: false, Cancel);
        Assert.Empty(await third.ReadUntilClosedAsync(Step, Cancel));
        Assert.True(third.Closed, "the third unauthenticated connection is still open");
        await server.WaitForLineAsync($"Connection from {third.PeerInLog} refused: the source already has 2 unauthenticated connection(s)", Step);

        // Closing one gives its slot back, and the refused one took no rate allowance: one more fits (the third
        // of 3 a minute), the next is over the rate.
        await first.DisposeAsync();
        await server.WaitForLineAsync($"TLS handshake with {first.PeerInLog} failed", Step);
        await using var fourth = await RawClient.ConnectAsync(server.Port, tls: false, Cancel);
        await using var fifth = await RawClient.ConnectAsync(server.Port, tls: false, Cancel);
        Assert.Empty(await fifth.ReadUntilClosedAsync(Step, Cancel));
        Assert.True(fifth.Closed, "the connection over the rate is still open");
        await server.WaitForLineAsync($"Connection from {fifth.PeerInLog} refused: the source opens connections faster than 3/1m", Step);
        Assert.False(fourth.Closed);
    }
}
