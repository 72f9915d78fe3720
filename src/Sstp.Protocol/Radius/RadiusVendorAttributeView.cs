namespace Sstp.Protocol.Radius;

/// <summary>
/// One sub-attribute of a Vendor-Specific attribute in the RFC 2865 §5.26 recommended format, which Microsoft
/// (Vendor-Id 311, RFC 2548 §2) uses:
/// <code>
/// +------+------+----------------------------+-------------+---------------+--------------------+
/// | 26   | Len  |  Vendor-Id (4, big-endian) | Vendor-Type | Vendor-Length | Value (V-Len − 2)  |
/// +------+------+----------------------------+-------------+---------------+--------------------+
/// </code>
/// <see cref="Value"/> is a slice of the packet.
/// </summary>
public readonly ref struct RadiusVendorAttributeView
{
    /// <summary>Creates a view.</summary>
    public RadiusVendorAttributeView(uint vendorId, byte vendorType, ReadOnlySpan<byte> value)
    {
        VendorId = vendorId;
        VendorType = vendorType;
        Value = value;
    }

    /// <summary>The Vendor-Id (311 for Microsoft).</summary>
    public uint VendorId { get; }

    /// <summary>The Vendor-Type octet (see <see cref="MicrosoftAttributeType"/>).</summary>
    public byte VendorType { get; }

    /// <summary>The value (without Vendor-Type and Vendor-Length).</summary>
    public ReadOnlySpan<byte> Value { get; }
}
