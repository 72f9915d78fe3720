using Sstp.Protocol.Session;
using Sstp.Protocol.Sstp;
using Sstp.TestKit;

namespace Sstp.E2E.Tests.Hostile;

/// <summary>
/// Hostile input after a valid HTTP request and its 200 (issue "Bad input against the live server"): SSTP
/// lengths that cannot delineate a packet, lengths beyond what follows, reserved length bits, an unknown message
/// type and a bad crypto binding. Each ends in a close without reply or a Call Abort with the status SSTP.md
/// names, the server logs the reason, and a good client connects right after.
/// </summary>
public sealed class HostileSstpTests(HostileServer fixture, SstpcGuest guest) : HostileTestBase(fixture), IClassFixture<HostileServer>
{
    /// <summary>sstpc's CALL_CONNECT_REQUEST: one attribute, encapsulated protocol 1 = PPP (sstpc README, item 2).</summary>
    private static readonly byte[] ConnectRequest = Hex.Parse("10 01 00 0E 00 01 00 01 00 01 00 06 00 01");

    /// <summary>
    /// SSTP.md §4.1: the 12-bit Length is masked with 0x0FFF; below 4 (the header) nothing can be delineated, so
    /// the connection closes without a reply [MS-SSTP §3.1.5.1]. A 16-bit 0x1000 ("4096") masks to 0.
    /// </summary>
    public static TheoryData<string, string> UndelineatablePackets => new()
    {
        { "length 0", "10 01 00 00" },
        { "length 3", "10 01 00 03 00" },
        { "data packet, length 3", "10 00 00 03 00" },
        { "16-bit length 0x1000 (4096), masked to 0", "10 01 10 00 00 01 00 01 00 01 00 06 00 01" },
    };

    [Theory(Timeout = 90_000)]
    [MemberData(nameof(UndelineatablePackets))]
    public async Task SstpLengthBelowHeader_ClosedWithoutReply_FramingErrorLogged(string what, string hex)
    {
        int mark = Mark();
        await using (var client = await ConnectAsync(tls: true))
        {
            Assert.StartsWith("HTTP/1.1 200 ", await client.StartSstpAsync(Cancel), StringComparison.Ordinal);
            await client.WriteAsync(Hex.Parse(hex), Cancel);
            var received = await client.ReadUntilClosedAsync(Step, Cancel);

            Assert.True(client.Closed, $"{what}: the server kept the connection open");
            Assert.True(received.Length == 0, $"{what}: the server answered {Convert.ToHexString(received)}");
            await WaitForLogAsync(mark, "failed: SstpFramingError (SSTP framing error: LengthTooSmall)", $"from {client.PeerInLog}");
        }

        await AssertGoodClientConnectsAsync();
    }

    [Fact(Timeout = 90_000)]
    public async Task SstpLengthBeyondWhatFollows_ServerWaitsForTheRest_ThenLogsTransportLost()
    {
        // 10 01 1F FF claims 4095 bytes (the most the 12-bit field can say); only 14 follow, then we hang up.
        int mark = Mark();
        await using (var client = await ConnectAsync(tls: true))
        {
            Assert.StartsWith("HTTP/1.1 200 ", await client.StartSstpAsync(Cancel), StringComparison.Ordinal);
            await client.WriteAsync(Hex.Parse("10 01 1F FF 00 01 00 01 00 01 00 06 00 01 00 00 00 00"), Cancel);
            var received = await client.ReadUntilClosedAsync(TimeSpan.FromSeconds(1), Cancel);

            Assert.False(client.Closed, "the server closed while the packet was still incomplete");
            Assert.Empty(received);
            Assert.DoesNotContain(Server.Lines.Skip(mark), l => l.Contains($"from {client.PeerInLog}", StringComparison.Ordinal));
            client.ShutdownSend();
            await WaitForLogAsync(mark, "failed: TransportLost", $"from {client.PeerInLog}");
        }

        await AssertGoodClientConnectsAsync();
    }

    [Fact(Timeout = 90_000)]
    public async Task SstpReservedLengthBitsSet_LengthIsMasked_ConnectAckFollows()
    {
        // F0 0E: the R bits set above a valid 12-bit length 14. SSTP.md §4.1: receive masks with 0x0FFF, so this is
        // sstpc's CALL_CONNECT_REQUEST and the server must acknowledge it.
        var request = (byte[])ConnectRequest.Clone();
        request[2] |= 0xF0;
        await using (var client = await ConnectAsync(tls: true))
        {
            Assert.StartsWith("HTTP/1.1 200 ", await client.StartSstpAsync(Cancel), StringComparison.Ordinal);
            await client.WriteAsync(request, Cancel);
            var received = await client.ReadUntilAsync(b => SstpReply.Contains(b, SstpMessageType.CallConnectAck), Step, Cancel);

            // Only the ACK as a control message; LCP's first Configure-Request (a data packet) may follow it.
            var reply = Assert.Single(SstpReply.Parse(received, skipHttp: false));
            Assert.Equal(SstpMessageType.CallConnectAck, reply.Type);
        }

        await AssertGoodClientConnectsAsync();
    }

    [Fact(Timeout = 90_000)]
    public async Task UnknownMessageType_AfterConnectRequest_CallAbortWithInvalidFrame_Logged()
    {
        // SSTP.md §4.3 / §5: an unknown message type is answered with Call Abort, status 0x07 INVALID_FRAME_RECEIVED.
        int mark = Mark();
        string peer;
        await using (var client = await ConnectAsync(tls: true))
        {
            Assert.StartsWith("HTTP/1.1 200 ", await client.StartSstpAsync(Cancel), StringComparison.Ordinal);
            await client.WriteAsync(ConnectRequest, Cancel);
            var ack = await client.ReadUntilAsync(b => SstpReply.Contains(b, SstpMessageType.CallConnectAck), Step, Cancel);
            Assert.Equal(SstpMessageType.CallConnectAck, Assert.Single(SstpReply.Parse(ack, skipHttp: false)).Type);

            await client.WriteAsync(Hex.Parse("10 01 00 08 00 FF 00 00"), Cancel);
            var received = await client.ReadUntilAsync(b => SstpReply.Contains(b, SstpMessageType.CallAbort), Step, Cancel);

            // The ACK, then the Abort (LCP data packets may sit between them).
            var replies = SstpReply.Parse(received, skipHttp: false);
            Assert.Equal([SstpMessageType.CallConnectAck, SstpMessageType.CallAbort], replies.Select(r => r.Type));
            Assert.Equal(SstpStatus.InvalidFrameReceived, replies[1].Status);
            peer = client.PeerInLog;
        }

        // We hung up without answering the Abort: the server keeps the Abort's reason, not a lost transport.
        await WaitForLogAsync(mark, "failed: SstpProtocolError (SSTP InvalidFrame (status InvalidFrameReceived))", $"from {peer}");
        await AssertGoodClientConnectsAsync();
    }

    [Fact(Timeout = 90_000)]
    public async Task BadCryptoBinding_CallAbortCryptoBindingValueNotSupported_Logged()
    {
        int mark = Mark();
        var outcome = await GoodClient.RunAsync(Server.Port, HostileServer.User, HostileServer.Password, corruptBinding: true, TimeSpan.FromSeconds(30), Cancel);

        Assert.True(outcome.Corrupted, "the client never sent CALL_CONNECTED");
        Assert.Null(outcome.Up);
        Assert.Equal(DisconnectReason.PeerAbort, outcome.Reason);

        // SSTP.md §8.7: a Compound MAC mismatch is aborted with (CRYPTO_BINDING, 0x04 VALUE_NOT_SUPPORTED).
        var abort = Assert.Single(SstpReply.Parse(outcome.Received, skipHttp: true), r => r.Type == SstpMessageType.CallAbort);
        Assert.Equal(SstpAttributeId.CryptoBinding, abort.StatusAttribute);
        Assert.Equal(SstpStatus.ValueNotSupported, abort.Status);
        await WaitForLogAsync(mark, "failed: CryptoBindingFailed", $"from {outcome.PeerInLog}");
        Assert.DoesNotContain(Server.Lines.Skip(mark), l => l.Contains($"up: user {HostileServer.User} from {outcome.PeerInLog}", StringComparison.Ordinal));

        await AssertGoodClientConnectsAsync();
    }

    [Fact(Timeout = 180_000)]
    public async Task ManyHostileConnectionsInARow_ThenSstpcConnects()
    {
        int mark = Mark();
        await using (var tlsGarbage = await ConnectAsync(tls: false))
        {
            await tlsGarbage.WriteAsync(Garbage(256, seed: 21), Cancel);
            tlsGarbage.ShutdownSend();
            await tlsGarbage.ReadUntilClosedAsync(Step, Cancel);
        }

        foreach (string request in (string[])["GET / HTTP/1.1\r\n\r\n", "FOO / HTTP/1.1\r\n\r\n", "\u0001\u0002garbage\r\n\r\n"])
        {
            await using var http = await ConnectAsync(tls: true);
            await http.WriteAsync(System.Text.Encoding.ASCII.GetBytes(request), Cancel);
            await http.ReadUntilClosedAsync(Step, Cancel);
            Assert.True(http.Closed);
        }

        foreach (string hex in (string[])["10 01 00 00", "10 01 00 03", "10 01 10 00", "20 01 00 0E"])
        {
            await using var sstp = await ConnectAsync(tls: true);
            await sstp.StartSstpAsync(Cancel);
            await sstp.WriteAsync(Hex.Parse(hex), Cancel);
            await sstp.ReadUntilClosedAsync(Step, Cancel);
            Assert.True(sstp.Closed, hex);
        }

        var bad = await GoodClient.RunAsync(Server.Port, HostileServer.User, HostileServer.Password, corruptBinding: true, TimeSpan.FromSeconds(30), Cancel);
        Assert.Equal(DisconnectReason.PeerAbort, bad.Reason);
        await WaitForLogAsync(mark, "failed: CryptoBindingFailed");
        await WaitForLogAsync(mark, "failed: SstpFramingError (SSTP framing error: BadVersion)");

        var (code, output) = await guest.RunAsync(Server.Port, HostileServer.User, HostileServer.Password, "mschapv2");
        Assert.True(code == 0, output + "\n" + SstpcGuest.PppdLog);
        var up = await WaitForLogAsync(mark, $"up: user {HostileServer.User} from 10.77.77.2");
        Assert.Contains("binding Sha256 Ok", up, StringComparison.Ordinal);
    }
}
