namespace Sstp.Protocol.Radius;

/// <summary>
/// One attribute of a validated packet [RFC 2865 §5]:
/// <code>
/// +--------+--------+----------------------+
/// |  Type  | Length |  Value (Length − 2)  |
/// +--------+--------+----------------------+
/// </code>
/// <see cref="Value"/> is a slice of the packet.
/// </summary>
public readonly ref struct RadiusAttributeView
{
    /// <summary>Creates a view.</summary>
    public RadiusAttributeView(RadiusAttributeType type, ReadOnlySpan<byte> value)
    {
        Type = type;
        Value = value;
    }

    /// <summary>The Type octet.</summary>
    public RadiusAttributeType Type { get; }

    /// <summary>The Value (without Type and Length).</summary>
    public ReadOnlySpan<byte> Value { get; }
}
