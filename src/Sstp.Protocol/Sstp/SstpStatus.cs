namespace Sstp.Protocol.Sstp;

/// <summary>Status field (4 bytes) of a Status Info attribute [MS-SSTP §2.2.8], SSTP.md §4.3.</summary>
public enum SstpStatus : uint
{
    /// <summary>ATTRIB_STATUS_NO_ERROR (0x00000000): normal, used in Call Disconnect with AttribID 0.</summary>
    NoError = 0x00000000,

    /// <summary>ATTRIB_STATUS_DUPLICATE_ATTRIBUTE (0x00000001): NAK, an attribute appeared twice.</summary>
    DuplicateAttribute = 0x00000001,

    /// <summary>ATTRIB_STATUS_UNRECOGNIZED_ATTRIBUTE (0x00000002): NAK, unknown attribute ID.</summary>
    UnrecognizedAttribute = 0x00000002,

    /// <summary>ATTRIB_STATUS_INVALID_ATTRIB_VALUE_LENGTH (0x00000003): NAK, attribute length wrong.</summary>
    InvalidAttribValueLength = 0x00000003,

    /// <summary>ATTRIB_STATUS_VALUE_NOT_SUPPORTED (0x00000004): NAK (protocol ≠ PPP) or Abort (binding mismatch).</summary>
    ValueNotSupported = 0x00000004,

    /// <summary>ATTRIB_STATUS_UNACCEPTED_FRAME_RECEIVED (0x00000005): Abort, message not acceptable in this state.</summary>
    UnacceptedFrameReceived = 0x00000005,

    /// <summary>ATTRIB_STATUS_RETRY_COUNT_EXCEEDED (0x00000006): Abort, too many NAK rounds.</summary>
    RetryCountExceeded = 0x00000006,

    /// <summary>ATTRIB_STATUS_INVALID_FRAME_RECEIVED (0x00000007): Abort, unknown message type or bad frame.</summary>
    InvalidFrameReceived = 0x00000007,

    /// <summary>ATTRIB_STATUS_NEGOTIATION_TIMEOUT (0x00000008): Abort, negotiation timer expired.</summary>
    NegotiationTimeout = 0x00000008,

    /// <summary>ATTRIB_STATUS_ATTRIB_NOT_SUPPORTED_IN_MSG (0x00000009): Abort, attribute missing or not allowed.</summary>
    AttribNotSupportedInMsg = 0x00000009,

    /// <summary>ATTRIB_STATUS_REQUIRED_ATTRIBUTE_MISSING (0x0000000A): NAK, Encapsulated Protocol ID missing.</summary>
    RequiredAttributeMissing = 0x0000000A,

    /// <summary>ATTRIB_STATUS_STATUS_INFO_NOT_SUPPORTED_IN_MSG (0x0000000B): NAK, request carried a non-zero Status Info.</summary>
    StatusInfoNotSupportedInMsg = 0x0000000B,
}
