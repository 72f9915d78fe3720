using System.Buffers.Binary;

namespace Sstp.Protocol.Sstp;

/// <summary>
/// One attribute of a control message, a view over the packet [MS-SSTP §2.2.4], SSTP.md §4.3.
/// <code>
/// +0 Reserved (0x00) | +1 Attribute ID | +2..3 R (4 bits) + Length (12 bits, whole attribute) | +4 Value
/// </code>
/// </summary>
public readonly ref struct SstpAttributeView
{
    /// <summary>Size of the attribute header (Reserved, ID, Length).</summary>
    public const int HeaderLength = 4;

    internal SstpAttributeView(SstpAttributeId id, ReadOnlySpan<byte> value)
    {
        Id = id;
        Value = value;
    }

    /// <summary>The Attribute ID (may be a value this enum does not name).</summary>
    public SstpAttributeId Id { get; }

    /// <summary>The Value field (Length − 4 bytes).</summary>
    public ReadOnlySpan<byte> Value { get; }

    /// <summary>The attribute's Length field as sent (Value length + 4).</summary>
    public int Length => Value.Length + HeaderLength;

    /// <summary>Reads the 12-bit Length of the attribute header at the start of <paramref name="attribute"/>.</summary>
    internal static int ReadLength(ReadOnlySpan<byte> attribute) =>
        BinaryPrimitives.ReadUInt16BigEndian(attribute[2..]) & 0x0FFF;
}
