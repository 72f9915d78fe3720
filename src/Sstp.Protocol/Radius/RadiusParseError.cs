namespace Sstp.Protocol.Radius;

/// <summary>Why <see cref="RadiusPacket.TryRead"/> refused a packet; each value names the rule that failed.</summary>
public enum RadiusParseError
{
    /// <summary>No error.</summary>
    None,

    /// <summary>Fewer than 20 octets, or fewer octets than the Length field says (RFC 2865 §3: silently discard).</summary>
    Truncated,

    /// <summary>The Length field is below 20 or above 4096 (RFC 2865 §3).</summary>
    BadLength,

    /// <summary>An attribute's Length octet is below 2 (RFC 2865 §5).</summary>
    AttributeTooShort,

    /// <summary>An attribute runs past the end of the packet (RFC 2865 §5).</summary>
    AttributeOverrun,

    /// <summary>A Vendor-Specific attribute has fewer than 4 octets of value (no Vendor-Id; RFC 2865 §5.26).</summary>
    VendorAttributeTooShort,

    /// <summary>A Microsoft (311) sub-attribute has a Vendor-Length below 2 or runs past its VSA (RFC 2548 §2).</summary>
    VendorAttributeOverrun,
}
