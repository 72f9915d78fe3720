namespace Sstp.Protocol.Sstp;

/// <summary>
/// SSTP connection states by their spec names: client [MS-SSTP §3.2.1], server [MS-SSTP §3.3.1] and the common
/// teardown states [MS-SSTP §3.1.1], SSTP.md §5.1. The <c>*InProgress*</c> states are transient in the spec
/// (send something, then move on at once); the machines in this folder never rest in them.
/// </summary>
public enum SstpState
{
    /// <summary>Client_Call_Disconnected: before start and after the end.</summary>
    ClientCallDisconnected = 0,

    /// <summary>Client_Connect_Request_Sent: CALL_CONNECT_REQUEST sent, waiting for ACK or NAK.</summary>
    ClientConnectRequestSent = 1,

    /// <summary>Client_Connect_Ack_Received: PPP runs, waiting for PPP authentication to complete.</summary>
    ClientConnectAckReceived = 2,

    /// <summary>Client_Call_Connected: CALL_CONNECTED sent, data path open.</summary>
    ClientCallConnected = 3,

    /// <summary>Server_Call_Disconnected: before start and after the end.</summary>
    ServerCallDisconnected = 10,

    /// <summary>Server_Connect_Request_Pending: HTTP 200 sent, waiting for CALL_CONNECT_REQUEST.</summary>
    ServerConnectRequestPending = 11,

    /// <summary>Server_Call_Connected_Pending: CALL_CONNECT_ACK sent, PPP runs, waiting for CALL_CONNECTED.</summary>
    ServerCallConnectedPending = 12,

    /// <summary>Server_Call_Connected: crypto binding accepted, data path open.</summary>
    ServerCallConnected = 13,

    /// <summary>Call_Abort_In_Progress_1 (transient): a local abort is being sent.</summary>
    CallAbortInProgress1 = 20,

    /// <summary>Call_Abort_In_Progress_2 (transient): a peer abort is being answered.</summary>
    CallAbortInProgress2 = 21,

    /// <summary>Call_Abort_Pending: our CALL_ABORT sent, waiting for the peer's (TIMER_ABORT_1).</summary>
    CallAbortPending = 22,

    /// <summary>Call_Abort_Timeout_Pending: aborts exchanged, waiting out TIMER_ABORT_2.</summary>
    CallAbortTimeoutPending = 23,

    /// <summary>Call_Disconnect_In_Progress_1 (transient): a local disconnect is being sent.</summary>
    CallDisconnectInProgress1 = 30,

    /// <summary>Call_Disconnect_In_Progress_2 (transient): a peer disconnect is being acknowledged.</summary>
    CallDisconnectInProgress2 = 31,

    /// <summary>Call_Disconnect_Ack_Pending: our CALL_DISCONNECT sent, waiting for the ACK (TIMER_DISCONNECT_1).</summary>
    CallDisconnectAckPending = 32,

    /// <summary>Call_Disconnect_Timeout_Pending: peer's disconnect acknowledged, waiting out TIMER_DISCONNECT_2.</summary>
    CallDisconnectTimeoutPending = 33,
}
