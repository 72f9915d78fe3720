namespace Sstp.Protocol.Sstp;

/// <summary>
/// The content of one Status Info attribute to send in a CALL_CONNECT_NAK [MS-SSTP §2.2.8], SSTP.md §4.3:
/// the attribute that caused the problem, the status, and (NAK only) the value the peer proposed, of which at
/// most 64 bytes are sent.
/// </summary>
/// <param name="AttributeId">AttribID: the attribute the status is about.</param>
/// <param name="Status">The status code.</param>
/// <param name="Value">AttribValue: the original proposed value (empty when missing or not understood).</param>
public readonly record struct SstpStatusInfo(SstpAttributeId AttributeId, SstpStatus Status, ReadOnlyMemory<byte> Value)
{
    /// <summary>Longest AttribValue the spec allows.</summary>
    public const int MaxValueLength = 64;

    /// <summary>Creates a Status Info without AttribValue.</summary>
    public SstpStatusInfo(SstpAttributeId attributeId, SstpStatus status)
        : this(attributeId, status, ReadOnlyMemory<byte>.Empty)
    {
    }
}
