using Sstp.Protocol.Sstp;
using Sstp.TestKit;
using static Sstp.Protocol.Tests.Sstp.SstpMachineHarness;
using S = Sstp.Protocol.Sstp.SstpState;

namespace Sstp.Protocol.Tests.Sstp;

public class SstpClientStateMachineTests
{
    private const string AckNoAttribute = "10 01 00 08 00 02 00 00";
    private const string AckBitmask0 = "10 01 00 30 00 02 00 01 00 04 00 28 00 00 00 00 " + SstpTestData.NonceA;
    private const string AckBitmask4 = "10 01 00 30 00 02 00 01 00 04 00 28 00 00 00 04 " + SstpTestData.NonceA;
    private const string AckLength41 = "10 01 00 31 00 02 00 01 00 04 00 29 00 00 00 02 " + SstpTestData.NonceA + " 00";

    private static readonly string Unaccepted = SstpTestData.Abort(0x02, 0x05);

    // SSTP.md §5.2: one row per cell (state × event) of the client handshake table.
    public static TheoryData<S, string, string, S> HandshakeTable => new()
    {
        { S.ClientCallDisconnected, "@start", SstpTestData.ConnectRequest, S.ClientConnectRequestSent },
        // rx CONNECT_ACK in Connect_Request_Sent: valid, or a failed check → ABORT.
        { S.ClientConnectRequestSent, SstpTestData.AckA, "", S.ClientConnectAckReceived },
        { S.ClientConnectRequestSent, AckNoAttribute, SstpTestData.Abort(0x04, 0x09), S.CallAbortPending },
        { S.ClientConnectRequestSent, AckLength41, SstpTestData.Abort(0x04, 0x09), S.CallAbortPending },
        { S.ClientConnectRequestSent, AckBitmask0, SstpTestData.Abort(0x04, 0x04), S.CallAbortPending },
        { S.ClientConnectRequestSent, AckBitmask4, SstpTestData.Abort(0x04, 0x04), S.CallAbortPending },
        // rx CONNECT_ACK ∈ T → ignore; other → ABORT.
        { S.CallAbortPending, SstpTestData.AckA, "", S.CallAbortPending },
        { S.CallAbortTimeoutPending, SstpTestData.AckA, "", S.CallAbortTimeoutPending },
        { S.CallDisconnectAckPending, SstpTestData.AckA, "", S.CallDisconnectAckPending },
        { S.CallDisconnectTimeoutPending, SstpTestData.AckA, "", S.CallDisconnectTimeoutPending },
        { S.ClientConnectAckReceived, SstpTestData.AckA, Unaccepted, S.CallAbortPending },
        { S.ClientCallConnected, SstpTestData.AckA, Unaccepted, S.CallAbortPending },
        // rx CONNECT_NAK in Connect_Request_Sent → resend; ∈ T → ignore; other → ABORT.
        { S.ClientConnectRequestSent, SstpTestData.ConnectNak, SstpTestData.ConnectRequest, S.ClientConnectRequestSent },
        { S.CallAbortPending, SstpTestData.ConnectNak, "", S.CallAbortPending },
        { S.CallAbortTimeoutPending, SstpTestData.ConnectNak, "", S.CallAbortTimeoutPending },
        { S.CallDisconnectAckPending, SstpTestData.ConnectNak, "", S.CallDisconnectAckPending },
        { S.CallDisconnectTimeoutPending, SstpTestData.ConnectNak, "", S.CallDisconnectTimeoutPending },
        { S.ClientConnectAckReceived, SstpTestData.ConnectNak, Unaccepted, S.CallAbortPending },
        { S.ClientCallConnected, SstpTestData.ConnectNak, Unaccepted, S.CallAbortPending },
        // PPP authentication completed in Connect_Ack_Received → CALL_CONNECTED (SSTP.md §8.8(a) bytes).
        { S.ClientConnectAckReceived, "@auth", SstpTestData.CallConnectedA, S.ClientCallConnected },
        // Negotiation timer expiry → ABORT(0x08).
        { S.ClientConnectRequestSent, "@timeout", SstpTestData.Abort(0x02, 0x08), S.CallAbortPending },
        { S.ClientConnectAckReceived, "@timeout", SstpTestData.Abort(0x02, 0x08), S.CallAbortPending },
        // Server-only messages are never acceptable at a client.
        { S.ClientConnectRequestSent, SstpTestData.ConnectRequest, Unaccepted, S.CallAbortPending },
        { S.ClientCallConnected, SstpTestData.CallConnectedA, Unaccepted, S.CallAbortPending },
    };

    [Theory]
    [MemberData(nameof(HandshakeTable))]
    public void HandshakeTable_Row_SendsAndMoves(S state, string input, string expectedTx, S expectedState)
    {
        Run(Client(state), input, expectedTx, expectedState);
    }

    [Theory]
    [InlineData(SstpTestData.AckA, CertHashProtocol.Sha1 | CertHashProtocol.Sha256, CertHashProtocol.Sha256)]
    [InlineData(SstpTestData.AckB, CertHashProtocol.Sha1 | CertHashProtocol.Sha256, CertHashProtocol.Sha1)]
    [InlineData("10 01 00 30 00 02 00 01 00 04 00 28 00 00 00 03 " + SstpTestData.NonceA, CertHashProtocol.Sha1 | CertHashProtocol.Sha256, CertHashProtocol.Sha256)]
    [InlineData("10 01 00 30 00 02 00 01 00 04 00 28 00 00 00 03 " + SstpTestData.NonceA, CertHashProtocol.Sha1, CertHashProtocol.Sha1)]
    [InlineData("10 01 00 30 00 02 00 01 00 04 00 28 00 00 00 FF " + SstpTestData.NonceA, CertHashProtocol.Sha1 | CertHashProtocol.Sha256, CertHashProtocol.Sha256)]
    public void ConnectAck_Bitmask_ChoosesSha256WhenAllowed(string ack, CertHashProtocol supported, CertHashProtocol chosen)
    {
        // [MS-SSTP §2.2.6]: if both are set and the client supports both it MUST choose SHA-256.
        var client = Client(S.ClientConnectRequestSent, SstpTestData.ClientSettings(supported));
        Feed(client, ack, T0);
        Assert.Equal(chosen, client.ChosenHash);
        Assert.Equal([new SstpEvent.PppLowerLayerUp()], Events(client));
        Assert.True(client.AllowsPppControl);
        Assert.False(client.AllowsPppData);
    }

    [Fact]
    public void ConnectAck_OnlySha256OfferedButNoSha256Hash_BadConnectAck()
    {
        var settings = SstpTestData.ClientSettings() with { ServerCertHashSha256 = ReadOnlyMemory<byte>.Empty };
        var client = Client(S.ClientConnectRequestSent, settings);
        Feed(client, SstpTestData.AckA, T0);
        Assert.Equal([Norm(SstpTestData.Abort(0x04, 0x04))], Transmitted(client));
        client.HandleTimeout(T0 + TimeSpan.FromSeconds(3));
        Assert.Equal([new SstpEvent.Closed(SstpCloseReason.BadConnectAck, SstpStatus.ValueNotSupported)], Events(client));
    }

    [Fact]
    public void ConnectNak_FourthNak_AbortsRetryCountExceeded()
    {
        // SSTP.md §5.2: resend up to 3 times (Windows, note <10>), then ABORT.
        var client = Client(S.ClientConnectRequestSent);
        for (int i = 0; i < 3; i++)
        {
            Feed(client, SstpTestData.ConnectNak, T0 + TimeSpan.FromSeconds(i));
            Assert.Equal([Norm(SstpTestData.ConnectRequest)], Transmitted(client));
            Assert.Equal(T0 + TimeSpan.FromSeconds(60 + i), client.NextDeadline);
        }

        Feed(client, SstpTestData.ConnectNak, T0);
        Assert.Equal([Norm(SstpTestData.Abort(0x02, 0x06))], Transmitted(client));
        Feed(client, SstpTestData.Abort(0x02, 0x05), T0);
        client.HandleTimeout(T0 + TimeSpan.FromSeconds(1));
        Assert.Equal([new SstpEvent.Closed(SstpCloseReason.ConnectRequestNakked, SstpStatus.RetryCountExceeded)], Events(client));
    }

    [Fact]
    public void CompleteAuthentication_Sha1Vector_SendsPublishedCallConnected()
    {
        // SSTP.md §8.8(b): SHA-1 only offered → CALL_CONNECTED byte for byte as published.
        var client = Client(S.ClientConnectRequestSent);
        Feed(client, SstpTestData.AckB, T0);
        Events(client);
        client.CompleteAuthentication(Hex.Parse(SstpTestData.HlakB), T0);
        Assert.Equal([Norm(SstpTestData.CallConnectedB)], Transmitted(client));
        Assert.Equal([new SstpEvent.CallConnected(CertHashProtocol.Sha1, null)], Events(client));
        Assert.True(client.AllowsPppData);
        Assert.Null(client.BindingResult);
        Assert.Equal(T0 + TimeSpan.FromSeconds(60), client.NextDeadline);
    }

    [Fact]
    public void CompleteAuthentication_ShortKeyMaterial_PaddedToHlak()
    {
        var client = Client(S.ClientConnectAckReceived);
        client.CompleteAuthentication([], T0);
        var sent = Hex.Parse(Assert.Single(Transmitted(client)));
        var expected = new byte[112];
        CryptoBinding.WriteCallConnected(expected, CertHashProtocol.Sha256, Hex.Parse(SstpTestData.NonceA), Hex.Parse(SstpTestData.CertA), Hlak.Zero);
        Assert.Equal(expected, sent);
    }

    [Theory]
    [InlineData(S.ClientConnectRequestSent)]
    [InlineData(S.ClientCallConnected)]
    [InlineData(S.CallAbortPending)]
    public void CompleteAuthentication_WrongState_Ignored(S state)
    {
        var client = Client(state);
        client.CompleteAuthentication(Hlak.Zero, T0);
        Assert.Empty(Transmitted(client));
        Assert.Equal(state, client.State);
    }

    [Theory]
    [InlineData(S.ClientCallDisconnected, false, false)]
    [InlineData(S.ClientConnectRequestSent, false, false)]
    [InlineData(S.ClientConnectAckReceived, true, false)]
    [InlineData(S.ClientCallConnected, true, true)]
    [InlineData(S.CallDisconnectTimeoutPending, false, false)]
    public void PppGating_PerState_MatchesSpec(S state, bool control, bool data)
    {
        // SSTP.md §5.2 last four rows.
        var client = Client(state);
        Assert.Equal((control, data), (client.AllowsPppControl, client.AllowsPppData));
    }

    [Fact]
    public void Start_Twice_Throws()
    {
        var client = Client(S.ClientConnectRequestSent);
        Assert.Throws<InvalidOperationException>(() => client.Start(T0));
    }
}
