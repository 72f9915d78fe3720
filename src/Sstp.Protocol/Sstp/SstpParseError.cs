namespace Sstp.Protocol.Sstp;

/// <summary>
/// The rule an SSTP packet or control message broke (SSTP.md §4.1, §4.5). Returned with
/// <see cref="System.Buffers.OperationStatus.InvalidData"/>.
/// </summary>
public enum SstpParseError
{
    /// <summary>No error.</summary>
    None = 0,

    /// <summary>Version byte is not 0x10 [MS-SSTP §2.2.1]: delineation error, close without sending.</summary>
    BadVersion,

    /// <summary>The 12-bit Length is below 4, the header size: delineation error.</summary>
    LengthTooSmall,

    /// <summary>A control packet whose Length is below 8 (no room for type and count): delineation error.</summary>
    ControlLengthTooSmall,

    /// <summary>A control message parser was given a data packet (C bit clear).</summary>
    NotControlPacket,

    /// <summary>The span given to the control message parser is not exactly Length bytes long.</summary>
    LengthMismatch,

    /// <summary>Fewer than 4 bytes remain where an attribute header should start.</summary>
    AttributeTruncated,

    /// <summary>An attribute's 12-bit Length is below 4.</summary>
    AttributeLengthTooSmall,

    /// <summary>An attribute's Length runs past the end of the packet.</summary>
    AttributeOverrun,

    /// <summary>Num Attributes disagrees with the number of attributes actually present.</summary>
    AttributeCountMismatch,
}
