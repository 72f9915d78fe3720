using Sstp.Protocol.Sstp;
using static Sstp.Protocol.Tests.Sstp.SstpMachineHarness;
using S = Sstp.Protocol.Sstp.SstpState;

namespace Sstp.Protocol.Tests.Sstp;

/// <summary>SSTP.md §5.4 (messages in every state) and §5.5 (teardown timers), for both roles.</summary>
public class SstpCommonMessagesTests
{
    private const string UnknownType = "10 01 00 08 00 0A 00 00";
    private const string MalformedAttribute = "10 01 00 0C 00 06 00 01 00 02 00 03";
    private static readonly string PeerAbort = SstpTestData.Abort(0x02, 0x07);
    private static readonly string Unaccepted = SstpTestData.Abort(0x02, 0x05);
    private static readonly S[] T = [S.CallAbortPending, S.CallAbortTimeoutPending, S.CallDisconnectAckPending, S.CallDisconnectTimeoutPending];

    // One row per (role, state, received message) cell of SSTP.md §5.4.
    public static TheoryData<string, S, string, string, S> Table
    {
        get
        {
            var rows = new TheoryData<string, S, string, string, S>();
            foreach (string role in new[] { "server", "client" })
            {
                bool server = role == "server";
                S pre1 = server ? S.ServerConnectRequestPending : S.ClientConnectRequestSent;
                S pre2 = server ? S.ServerCallConnectedPending : S.ClientConnectAckReceived;
                S connected = server ? S.ServerCallConnected : S.ClientCallConnected;
                S closed = server ? S.ServerCallDisconnected : S.ClientCallDisconnected;
                S[] others = [pre1, pre2, connected];

                // CALL_ABORT.
                rows.Add(role, S.CallAbortPending, PeerAbort, "", S.CallAbortTimeoutPending);
                rows.Add(role, S.CallAbortTimeoutPending, PeerAbort, "", S.CallAbortTimeoutPending);
                rows.Add(role, S.CallDisconnectTimeoutPending, PeerAbort, "", S.CallDisconnectTimeoutPending);
                foreach (var state in others.Append(S.CallDisconnectAckPending))
                {
                    rows.Add(role, state, PeerAbort, PeerAbort, S.CallAbortTimeoutPending);
                }

                rows.Add(role, connected, SstpTestData.AbortBare, SstpTestData.Abort(0x00, 0x00), S.CallAbortTimeoutPending);

                // CALL_DISCONNECT (with and without Status Info).
                foreach (var state in new[] { S.CallAbortTimeoutPending, S.CallAbortPending, S.CallDisconnectTimeoutPending })
                {
                    rows.Add(role, state, SstpTestData.Disconnect, "", state);
                }

                rows.Add(role, S.CallDisconnectAckPending, SstpTestData.Disconnect, SstpTestData.DisconnectAck, S.CallDisconnectTimeoutPending);
                foreach (var state in others)
                {
                    rows.Add(role, state, SstpTestData.Disconnect, SstpTestData.DisconnectAck, S.CallDisconnectTimeoutPending);
                }

                rows.Add(role, connected, SstpTestData.DisconnectBare, SstpTestData.DisconnectAck, S.CallDisconnectTimeoutPending);

                // CALL_DISCONNECT_ACK.
                rows.Add(role, S.CallDisconnectAckPending, SstpTestData.DisconnectAck, "", closed);
                foreach (var state in new[] { S.CallAbortPending, S.CallAbortTimeoutPending, S.CallDisconnectTimeoutPending })
                {
                    rows.Add(role, state, SstpTestData.DisconnectAck, "", state);
                }

                foreach (var state in others)
                {
                    rows.Add(role, state, SstpTestData.DisconnectAck, Unaccepted, S.CallAbortPending);
                }

                // ECHO_REQUEST / ECHO_RESPONSE; answering early echoes is the §5.4 recommendation.
                rows.Add(role, connected, SstpTestData.EchoRequest, SstpTestData.EchoResponse, connected);
                rows.Add(role, connected, SstpTestData.EchoResponse, "", connected);
                rows.Add(role, pre1, SstpTestData.EchoRequest, SstpTestData.EchoResponse, pre1);
                rows.Add(role, pre2, SstpTestData.EchoRequest, SstpTestData.EchoResponse, pre2);
                rows.Add(role, pre1, SstpTestData.EchoResponse, Unaccepted, S.CallAbortPending);
                rows.Add(role, pre2, SstpTestData.EchoResponse, Unaccepted, S.CallAbortPending);
                foreach (var state in T)
                {
                    rows.Add(role, state, SstpTestData.EchoRequest, "", state);
                    rows.Add(role, state, SstpTestData.EchoResponse, "", state);
                }

                // Unknown message type and malformed attributes: ABORT(0x07) outside T [MS-SSTP §3.1.5.1], ignored in T.
                foreach (var state in others)
                {
                    rows.Add(role, state, UnknownType, PeerAbort, S.CallAbortPending);
                    rows.Add(role, state, MalformedAttribute, PeerAbort, S.CallAbortPending);
                    rows.Add(role, state, SstpTestData.DataLcp, "", state);
                }

                foreach (var state in T)
                {
                    rows.Add(role, state, UnknownType, "", state);
                    rows.Add(role, state, MalformedAttribute, "", state);
                    rows.Add(role, state, SstpTestData.DataLcp, "", state);
                }

                // Teardown timers (SSTP.md §5.5): each T state closes when its timer expires.
                foreach (var state in T)
                {
                    rows.Add(role, state, "@timeout", "", closed);
                }

                // Local Disconnect / Abort from every non-T state; ignored in T.
                foreach (var state in others)
                {
                    rows.Add(role, state, "@disconnect", SstpTestData.Disconnect, S.CallDisconnectAckPending);
                    rows.Add(role, state, "@abort", SstpTestData.Abort(0x02, 0x08), S.CallAbortPending);
                }

                foreach (var state in T)
                {
                    rows.Add(role, state, "@disconnect", "", state);
                    rows.Add(role, state, "@abort", "", state);
                }
            }

            return rows;
        }
    }

    [Theory]
    [MemberData(nameof(Table))]
    public void CommonTable_Row_SendsAndMoves(string role, S state, string input, string expectedTx, S expectedState)
    {
        Run(Machine(role, state), input, expectedTx, expectedState);
    }

    // Which timer runs in each teardown state and the reason the call finally closes with.
    [Theory]
    [InlineData("server", S.CallAbortPending, 3, SstpCloseReason.LocalAbort)]
    [InlineData("server", S.CallAbortTimeoutPending, 1, SstpCloseReason.PeerAbort)]
    [InlineData("server", S.CallDisconnectAckPending, 5, SstpCloseReason.LocalDisconnect)]
    [InlineData("server", S.CallDisconnectTimeoutPending, 1, SstpCloseReason.PeerDisconnect)]
    [InlineData("client", S.CallAbortPending, 3, SstpCloseReason.LocalAbort)]
    [InlineData("client", S.CallAbortTimeoutPending, 1, SstpCloseReason.PeerAbort)]
    [InlineData("client", S.CallDisconnectAckPending, 5, SstpCloseReason.LocalDisconnect)]
    [InlineData("client", S.CallDisconnectTimeoutPending, 1, SstpCloseReason.PeerDisconnect)]
    public void TeardownTimer_Expires_ClosesOnceWithReason(string role, S state, int seconds, SstpCloseReason reason)
    {
        var machine = Machine(role, state);
        Assert.Equal(T0 + TimeSpan.FromSeconds(seconds), machine.NextDeadline);
        machine.HandleTimeout(T0 + TimeSpan.FromSeconds(seconds) - TimeSpan.FromTicks(1));
        Assert.False(machine.IsClosed);
        machine.HandleTimeout(T0 + TimeSpan.FromSeconds(seconds));
        Assert.True(machine.IsClosed);
        Assert.Null(machine.NextDeadline);
        var closed = Assert.IsType<SstpEvent.Closed>(Assert.Single(Events(machine)));
        Assert.Equal(reason, closed.Reason);
        machine.HandleTimeout(T0 + TimeSpan.FromHours(1));
        machine.LowerLayerDown();
        Assert.Empty(Events(machine));
    }

    [Theory]
    [InlineData("server", S.ServerCallConnected)]
    [InlineData("client", S.ClientConnectAckReceived)]
    public void LowerLayerDown_Active_ClosesAtOnceSendingNothing(string role, S state)
    {
        var machine = Machine(role, state);
        Feed(machine, SstpTestData.EchoRequest, T0);
        machine.LowerLayerDown();
        Assert.Empty(Transmitted(machine));
        Assert.Equal([new SstpEvent.Closed(SstpCloseReason.LowerLayerDown, null)], Events(machine));
        Assert.False(machine.AllowsPppControl);
    }

    [Fact]
    public void LowerLayerDown_DuringPeerDisconnect_KeepsPeerDisconnectReason()
    {
        // SSTP.md §5.5: after DISCONNECT_ACK the peer closing TCP is the normal end.
        var machine = Machine("server", S.ServerCallConnected);
        Feed(machine, SstpTestData.Disconnect, T0);
        machine.LowerLayerDown();
        Assert.Equal([new SstpEvent.Closed(SstpCloseReason.PeerDisconnect, SstpStatus.NoError)], Events(machine));
    }

    [Fact]
    public void PeerAbortWithStatus_ClosedCarriesPeerStatus()
    {
        var machine = Machine("client", S.ClientCallConnected);
        Feed(machine, SstpTestData.Abort(0x03, 0x04), T0);
        Assert.Equal([Norm(SstpTestData.Abort(0x03, 0x04))], Transmitted(machine));
        machine.HandleTimeout(T0 + TimeSpan.FromSeconds(1));
        Assert.Equal([new SstpEvent.Closed(SstpCloseReason.PeerAbort, SstpStatus.ValueNotSupported)], Events(machine));
    }

    [Fact]
    public void Disconnect_AckArrives_ClosesImmediately()
    {
        var machine = Machine("client", S.ClientCallConnected);
        machine.Disconnect(T0);
        Assert.Equal([Norm(SstpTestData.Disconnect)], Transmitted(machine));
        Feed(machine, SstpTestData.DisconnectAck, T0 + TimeSpan.FromMilliseconds(10));
        Assert.Equal([new SstpEvent.Closed(SstpCloseReason.LocalDisconnect, null)], Events(machine));
        Assert.Equal(S.ClientCallDisconnected, machine.State);
    }
}
