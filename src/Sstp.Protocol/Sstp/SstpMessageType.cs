namespace Sstp.Protocol.Sstp;

/// <summary>
/// Message Type field of an SSTP control message (offset 4, 2 bytes, big-endian) [MS-SSTP §2.2.9–§2.2.15],
/// SSTP.md §4.2.
/// </summary>
public enum SstpMessageType : ushort
{
    /// <summary>SSTP_MSG_CALL_CONNECT_REQUEST (0x0001), client → server, one Encapsulated Protocol ID.</summary>
    CallConnectRequest = 0x0001,

    /// <summary>SSTP_MSG_CALL_CONNECT_ACK (0x0002), server → client, one Crypto Binding Request.</summary>
    CallConnectAck = 0x0002,

    /// <summary>SSTP_MSG_CALL_CONNECT_NAK (0x0003), server → client, one or more Status Info.</summary>
    CallConnectNak = 0x0003,

    /// <summary>SSTP_MSG_CALL_CONNECTED (0x0004), client → server, one Crypto Binding.</summary>
    CallConnected = 0x0004,

    /// <summary>SSTP_MSG_CALL_ABORT (0x0005), both directions, zero or one Status Info.</summary>
    CallAbort = 0x0005,

    /// <summary>SSTP_MSG_CALL_DISCONNECT (0x0006), both directions, zero or one Status Info.</summary>
    CallDisconnect = 0x0006,

    /// <summary>SSTP_MSG_CALL_DISCONNECT_ACK (0x0007), both directions, no attributes.</summary>
    CallDisconnectAck = 0x0007,

    /// <summary>SSTP_MSG_ECHO_REQUEST (0x0008), both directions, no attributes.</summary>
    EchoRequest = 0x0008,

    /// <summary>SSTP_MSG_ECHO_RESPONSE (0x0009), both directions, no attributes.</summary>
    EchoResponse = 0x0009,
}
