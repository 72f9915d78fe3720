using Sstp.Protocol.Sstp;
using Sstp.TestKit;
using static Sstp.Protocol.Tests.Sstp.SstpMachineHarness;
using S = Sstp.Protocol.Sstp.SstpState;

namespace Sstp.Protocol.Tests.Sstp;

public class SstpServerStateMachineTests
{
    private const string AckWithNonceA = "10 01 00 30 00 02 00 01 00 04 00 28 00 00 00 03 " + SstpTestData.NonceA;
    private const string ConnectRequestIpv4 = "10 01 00 0E 00 01 00 01 00 01 00 06 00 02";

    private static readonly string Unaccepted = SstpTestData.Abort(0x02, 0x05);

    // SSTP.md §5.3: one row per cell (state × event) of the server handshake table.
    public static TheoryData<S, string, string, S> HandshakeTable => new()
    {
        { S.ServerCallDisconnected, "@start", "", S.ServerConnectRequestPending },
        // rx CONNECT_REQUEST ∈ T → ignore.
        { S.CallAbortPending, SstpTestData.ConnectRequest, "", S.CallAbortPending },
        { S.CallAbortTimeoutPending, SstpTestData.ConnectRequest, "", S.CallAbortTimeoutPending },
        { S.CallDisconnectAckPending, SstpTestData.ConnectRequest, "", S.CallDisconnectAckPending },
        { S.CallDisconnectTimeoutPending, SstpTestData.ConnectRequest, "", S.CallDisconnectTimeoutPending },
        // rx CONNECT_REQUEST valid / invalid in Connect_Request_Pending.
        { S.ServerConnectRequestPending, SstpTestData.ConnectRequest, AckWithNonceA, S.ServerCallConnectedPending },
        { S.ServerConnectRequestPending, ConnectRequestIpv4, SstpTestData.ConnectNak, S.ServerConnectRequestPending },
        // rx CONNECT_REQUEST other → ABORT.
        { S.ServerCallConnectedPending, SstpTestData.ConnectRequest, Unaccepted, S.CallAbortPending },
        { S.ServerCallConnected, SstpTestData.ConnectRequest, Unaccepted, S.CallAbortPending },
        // rx CALL_CONNECTED ∈ T → ignore.
        { S.CallAbortPending, SstpTestData.CallConnectedA, "", S.CallAbortPending },
        { S.CallAbortTimeoutPending, SstpTestData.CallConnectedA, "", S.CallAbortTimeoutPending },
        { S.CallDisconnectAckPending, SstpTestData.CallConnectedA, "", S.CallDisconnectAckPending },
        { S.CallDisconnectTimeoutPending, SstpTestData.CallConnectedA, "", S.CallDisconnectTimeoutPending },
        // rx CALL_CONNECTED in Call_Connected_Pending before the HLAK → kept for later (no output yet).
        { S.ServerCallConnectedPending, SstpTestData.CallConnectedA, "", S.ServerCallConnectedPending },
        // rx CALL_CONNECTED other → ABORT.
        { S.ServerConnectRequestPending, SstpTestData.CallConnectedA, Unaccepted, S.CallAbortPending },
        { S.ServerCallConnected, SstpTestData.CallConnectedA, Unaccepted, S.CallAbortPending },
        // Client-only messages are never acceptable at a server.
        { S.ServerConnectRequestPending, SstpTestData.AckA, Unaccepted, S.CallAbortPending },
        { S.ServerCallConnected, SstpTestData.ConnectNak, Unaccepted, S.CallAbortPending },
        // PPP authentication completed in Call_Connected_Pending → store HLAK only.
        { S.ServerCallConnectedPending, "@auth", "", S.ServerCallConnectedPending },
        // Negotiation timer expiry → ABORT(0x08).
        { S.ServerConnectRequestPending, "@timeout", SstpTestData.Abort(0x02, 0x08), S.CallAbortPending },
        { S.ServerCallConnectedPending, "@timeout", SstpTestData.Abort(0x02, 0x08), S.CallAbortPending },
    };

    [Theory]
    [MemberData(nameof(HandshakeTable))]
    public void HandshakeTable_Row_SendsAndMoves(S state, string input, string expectedTx, S expectedState)
    {
        Run(Server(state), input, expectedTx, expectedState);
    }

    // SSTP.md §5.3 NAK content rules ([MS-SSTP §3.3.5.2.2]); NAK statuses asserted byte for byte.
    [Theory]
    [InlineData("10 01 00 0E 00 01 00 01 00 01 00 06 00 02", "00 02 00 0E 00 00 00 01 00 00 00 04 00 02")]
    [InlineData("10 01 00 0F 00 01 00 01 00 01 00 07 00 01 00", "00 02 00 0F 00 00 00 01 00 00 00 03 00 01 00")]
    [InlineData("10 01 00 14 00 01 00 02 00 01 00 06 00 01 00 01 00 06 00 01", "00 02 00 0C 00 00 00 01 00 00 00 01")]
    [InlineData("10 01 00 14 00 01 00 02 00 01 00 06 00 01 00 09 00 06 12 34", "00 02 00 0C 00 00 00 09 00 00 00 02")]
    [InlineData("10 01 00 08 00 01 00 00", "00 02 00 0C 00 00 00 01 00 00 00 0A")]
    [InlineData("10 01 00 0C 00 01 00 01 00 07 00 04", "00 02 00 0C 00 00 00 07 00 00 00 02|00 02 00 0C 00 00 00 01 00 00 00 0A")]
    [InlineData("10 01 00 1A 00 01 00 02 00 02 00 0C 00 00 00 00 00 00 00 07 00 01 00 06 00 01", "00 02 00 0C 00 00 00 02 00 00 00 0B")]
    [InlineData("10 01 00 1A 00 01 00 02 00 04 00 0C 00 00 00 00 00 00 00 07 00 01 00 06 00 01", "00 02 00 0C 00 00 00 04 00 00 00 02")]
    public void ConnectRequest_Invalid_NakWithExactStatusInfos(string request, string statusInfos)
    {
        var server = Server(S.ServerConnectRequestPending);
        Feed(server, request, T0);
        var infos = statusInfos.Split('|').Select(Hex.Parse).ToList();
        int length = 8 + infos.Sum(i => i.Length);
        var expected = $"10 01 {length:X4} 00 03 {infos.Count:X4} " + string.Join(" ", infos.Select(i => Hex.Format(i)));
        Assert.Equal([Norm(expected)], Transmitted(server));
        Assert.Equal(S.ServerConnectRequestPending, server.State);
        Assert.Empty(Events(server));
    }

    [Fact]
    public void ConnectRequest_ZeroStatusInfoBesideProtocol_Accepted()
    {
        var server = Server(S.ServerConnectRequestPending);
        Feed(server, "10 01 00 1A 00 01 00 02 00 02 00 0C 00 00 00 00 00 00 00 00 00 01 00 06 00 01", T0);
        Assert.Equal([Norm(AckWithNonceA)], Transmitted(server));
        Assert.Equal([new SstpEvent.PppLowerLayerUp()], Events(server));
    }

    [Fact]
    public void ConnectRequest_FourthInvalid_AbortsRetryCountExceeded()
    {
        var server = Server(S.ServerConnectRequestPending);
        for (int i = 0; i < 3; i++)
        {
            Feed(server, ConnectRequestIpv4, T0);
            Assert.Equal([Norm(SstpTestData.ConnectNak)], Transmitted(server));
        }

        Feed(server, ConnectRequestIpv4, T0);
        Assert.Equal([Norm(SstpTestData.Abort(0x02, 0x06))], Transmitted(server));
        server.HandleTimeout(T0 + TimeSpan.FromSeconds(3));
        Assert.Equal([new SstpEvent.Closed(SstpCloseReason.ConnectNakLimit, SstpStatus.RetryCountExceeded)], Events(server));
    }

    [Fact]
    public void CallConnected_BeforeAuthentication_VerifiedWhenHlakArrives()
    {
        // SSTP.md §5.3 ordering quirk (sstpc + RADIUS): CALL_CONNECTED first, HLAK later, even after IPCP.
        var server = Server(S.ServerCallConnectedPending);
        Feed(server, SstpTestData.CallConnectedA, T0);
        Feed(server, "10 00 00 0C FF 03 80 21 01 01 00 04", T0);
        Assert.True(server.AllowsPppControl);
        Assert.False(server.AllowsPppData);
        Assert.Empty(Events(server));
        server.CompleteAuthentication(Hex.Parse(SstpTestData.HlakA), T0);
        Assert.Equal(S.ServerCallConnected, server.State);
        Assert.Equal([new SstpEvent.CallConnected(CertHashProtocol.Sha256, CryptoBindingResult.Ok)], Events(server));
        Assert.Empty(Transmitted(server));
        Assert.Equal(CryptoBindingResult.Ok, server.BindingResult);
        Assert.Equal(CertHashProtocol.Sha256, server.ChosenHash);
        Assert.True(server.AllowsPppData);
        Assert.Equal(T0 + TimeSpan.FromSeconds(60), server.NextDeadline);
    }

    [Fact]
    public void CallConnected_AfterAuthentication_VerifiedAtOnce()
    {
        var server = Server(S.ServerCallConnectedPending);
        server.CompleteAuthentication(Hex.Parse(SstpTestData.HlakA), T0);
        Feed(server, SstpTestData.CallConnectedA, T0);
        Assert.Equal(S.ServerCallConnected, server.State);
        Assert.Equal([new SstpEvent.CallConnected(CertHashProtocol.Sha256, CryptoBindingResult.Ok)], Events(server));
    }

    // SSTP.md §8.7: failure → CALL_ABORT with the status the failure calls for, reason CryptoBindingFailed.
    [Theory]
    [InlineData(20, "03", "04", CryptoBindingResult.NonceMismatch)]
    [InlineData(50, "03", "04", CryptoBindingResult.CertHashMismatch)]
    [InlineData(90, "03", "04", CryptoBindingResult.MacMismatch)]
    [InlineData(15, "03", "04", CryptoBindingResult.HashProtocolNotOffered)]
    [InlineData(9, "02", "09", CryptoBindingResult.MissingAttribute)]
    public void CallConnected_BindingFails_AbortWithSpecStatus(int offset, string attribute, string status, CryptoBindingResult result)
    {
        var server = Server(S.ServerCallConnectedPending);
        server.CompleteAuthentication(Hex.Parse(SstpTestData.HlakA), T0);
        var message = Hex.Parse(SstpTestData.CallConnectedA);
        message[offset] ^= 0x01;
        Feed(server, message, T0);
        Assert.Equal([Norm($"10 01 00 14 00 05 00 01 00 02 00 0C 00 00 00 {attribute} 00 00 00 {status}")], Transmitted(server));
        Assert.Equal(S.CallAbortPending, server.State);
        Assert.Equal(result, server.BindingResult);
        server.HandleTimeout(T0 + TimeSpan.FromSeconds(3));
        var closed = Assert.IsType<SstpEvent.Closed>(Assert.Single(Events(server)));
        Assert.Equal(SstpCloseReason.CryptoBindingFailed, closed.Reason);
    }

    [Fact]
    public void CallConnected_AttributeOf100Bytes_AbortBadLength()
    {
        var server = Server(S.ServerCallConnectedPending);
        server.CompleteAuthentication(Hex.Parse(SstpTestData.HlakA), T0);
        var message = Hex.Parse(SstpTestData.CallConnectedA)[..108];
        message[3] = 108;
        message[11] = 100;
        Feed(server, message, T0);
        Assert.Equal([Norm(SstpTestData.Abort(0x02, 0x09))], Transmitted(server));
        Assert.Equal(CryptoBindingResult.BadLength, server.BindingResult);
    }

    [Fact]
    public void CallConnected_MalformedAttributes_AbortInvalidFrame()
    {
        var server = Server(S.ServerCallConnectedPending);
        var message = Hex.Parse(SstpTestData.CallConnectedA);
        message[11] = 0x69;
        Feed(server, message, T0);
        Assert.Equal([Norm(SstpTestData.Abort(0x02, 0x07))], Transmitted(server));
        server.HandleTimeout(T0 + TimeSpan.FromSeconds(3));
        Assert.Equal([new SstpEvent.Closed(SstpCloseReason.InvalidFrame, SstpStatus.InvalidFrameReceived)], Events(server));
    }

    [Fact]
    public void CallConnected_LogOnlyPolicyBadMac_ConnectsWithFailedResult()
    {
        var server = Server(S.ServerCallConnectedPending, SstpTestData.ServerSettings() with { CryptoBindingPolicy = CryptoBindingPolicy.LogOnly });
        server.CompleteAuthentication(Hlak.Zero, T0);
        Feed(server, SstpTestData.CallConnectedA, T0);
        Assert.Equal(S.ServerCallConnected, server.State);
        Assert.Empty(Transmitted(server));
        Assert.Equal([new SstpEvent.CallConnected(CertHashProtocol.Sha256, CryptoBindingResult.MacMismatch)], Events(server));
    }

    [Fact]
    public void CallConnected_PolicyOff_ConnectsWithoutHlakOrCheck()
    {
        var server = Server(S.ServerCallConnectedPending, SstpTestData.ServerSettings() with { CryptoBindingPolicy = CryptoBindingPolicy.Off });
        Feed(server, "10 01 00 08 00 04 00 00", T0);
        Assert.Equal(S.ServerCallConnected, server.State);
        Assert.Null(server.BindingResult);
        Assert.Equal([new SstpEvent.CallConnected(CertHashProtocol.None, null)], Events(server));
    }

    [Fact]
    public void ConnectRequest_Accepted_OffersConfiguredBitmaskAndFreshNonce()
    {
        var server = new SstpServerStateMachine(SstpTestData.ServerSettings(CertHashProtocol.Sha256), new SeededRandom(5));
        server.Start(T0);
        Feed(server, SstpTestData.ConnectRequest, T0);
        var ack = Hex.Parse(Assert.Single(Transmitted(server)));
        Assert.Equal(0x02, ack[15]);
        Assert.Equal(server.Nonce.ToArray(), ack[16..48]);
        Assert.Contains(ack[16..48], b => b != 0);
    }

    [Theory]
    [InlineData(S.ServerCallDisconnected, false, false)]
    [InlineData(S.ServerConnectRequestPending, false, false)]
    [InlineData(S.ServerCallConnectedPending, true, false)]
    [InlineData(S.ServerCallConnected, true, true)]
    [InlineData(S.CallAbortPending, false, false)]
    [InlineData(S.CallDisconnectAckPending, false, false)]
    public void PppGating_PerState_MatchesSpec(S state, bool control, bool data)
    {
        // SSTP.md §5.3 last row: control frames from Call_Connected_Pending, data only in Call_Connected.
        var server = Server(state);
        Assert.Equal((control, data), (server.AllowsPppControl, server.AllowsPppData));
    }

    [Fact]
    public void ReceivePacket_BeforeStart_Throws()
    {
        var server = new SstpServerStateMachine(new SstpServerSettings(), new SeededRandom());
        Assert.Throws<InvalidOperationException>(() => Feed(server, SstpTestData.ConnectRequest, T0));
    }
}
