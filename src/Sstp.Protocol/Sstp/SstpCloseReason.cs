namespace Sstp.Protocol.Sstp;

/// <summary>Why an SSTP call ended: one value per distinct cause (ARCHITECTURE.md C6).</summary>
public enum SstpCloseReason
{
    /// <summary>We sent CALL_DISCONNECT (<see cref="SstpStateMachine.Disconnect"/>).</summary>
    LocalDisconnect = 0,

    /// <summary>The peer sent CALL_DISCONNECT.</summary>
    PeerDisconnect,

    /// <summary>We aborted on request of the host (<see cref="SstpStateMachine.Abort"/>).</summary>
    LocalAbort,

    /// <summary>The peer sent CALL_ABORT.</summary>
    PeerAbort,

    /// <summary>The negotiation timer expired before the call was connected.</summary>
    NegotiationTimeout,

    /// <summary>Nothing was received for two Hello intervals (closed without sending an Abort).</summary>
    HelloTimeout,

    /// <summary>Server: CALL_CONNECTED failed the crypto binding check under the Enforce policy.</summary>
    CryptoBindingFailed,

    /// <summary>Server: the client kept sending unacceptable CALL_CONNECT_REQUESTs after the NAK limit.</summary>
    ConnectNakLimit,

    /// <summary>Client: the server NAKed our CALL_CONNECT_REQUEST more often than we retry.</summary>
    ConnectRequestNakked,

    /// <summary>A control message was malformed or of an unknown type (Abort 0x07).</summary>
    InvalidFrame,

    /// <summary>A control message not acceptable in the current state (Abort 0x05).</summary>
    UnacceptedMessage,

    /// <summary>TLS/TCP went away; nothing was sent.</summary>
    LowerLayerDown,

    /// <summary>Client: CALL_CONNECT_ACK without a usable Crypto Binding Request.</summary>
    BadConnectAck,
}
