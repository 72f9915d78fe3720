using System.Buffers.Binary;

namespace Sstp.Protocol.Radius;

/// <summary>
/// A validated RADIUS packet [RFC 2865 §3], a view over the input (see <see cref="RadiusPacket"/> for the
/// layout). Obtain it from <see cref="RadiusPacket.TryRead"/>; every slice points into the input.
/// </summary>
public readonly ref struct RadiusPacketView
{
    internal RadiusPacketView(ReadOnlySpan<byte> bytes)
    {
        Bytes = bytes;
    }

    /// <summary>The packet exactly as long as its Length field (padding removed).</summary>
    public ReadOnlySpan<byte> Bytes { get; }

    /// <summary>The Code field.</summary>
    public RadiusCode Code => (RadiusCode)Bytes[0];

    /// <summary>The Identifier field.</summary>
    public byte Identifier => Bytes[1];

    /// <summary>The Length field (octets this packet occupies).</summary>
    public int Length => Bytes.Length;

    /// <summary>The 16-octet Authenticator field.</summary>
    public ReadOnlySpan<byte> Authenticator => Bytes.Slice(RadiusPacket.AuthenticatorOffset, RadiusPacket.AuthenticatorLength);

    /// <summary>The attribute area (everything after the header).</summary>
    public ReadOnlySpan<byte> AttributeBytes => Bytes[RadiusPacket.HeaderLength..];

    /// <summary>Walks every attribute in order (<c>foreach</c>).</summary>
    public RadiusAttributeEnumerator Attributes => new(AttributeBytes);

    /// <summary>Walks the Microsoft (311) vendor sub-attributes in order.</summary>
    public RadiusVendorAttributeEnumerator MicrosoftAttributes => new(AttributeBytes, RadiusPacket.MicrosoftVendorId);

    /// <summary>Walks the sub-attributes of one vendor, or of every vendor when <paramref name="vendorId"/> is null.</summary>
    public RadiusVendorAttributeEnumerator GetVendorAttributes(uint? vendorId) => new(AttributeBytes, vendorId);

    /// <summary>Finds the first attribute of <paramref name="type"/>.</summary>
    public bool TryGetAttribute(RadiusAttributeType type, out ReadOnlySpan<byte> value)
    {
        foreach (var attribute in Attributes)
        {
            if (attribute.Type == type)
            {
                value = attribute.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>Finds the first 4-octet integer attribute of <paramref name="type"/>.</summary>
    public bool TryGetUInt32(RadiusAttributeType type, out uint value)
    {
        if (TryGetAttribute(type, out var bytes) && bytes.Length == 4)
        {
            value = BinaryPrimitives.ReadUInt32BigEndian(bytes);
            return true;
        }

        value = 0;
        return false;
    }

    /// <summary>Finds the first Microsoft (311) sub-attribute of <paramref name="type"/>.</summary>
    public bool TryGetMicrosoftAttribute(MicrosoftAttributeType type, out ReadOnlySpan<byte> value)
    {
        foreach (var attribute in MicrosoftAttributes)
        {
            if (attribute.VendorType == (byte)type)
            {
                value = attribute.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>Counts the attributes of <paramref name="type"/>.</summary>
    public int CountAttributes(RadiusAttributeType type)
    {
        int count = 0;
        foreach (var attribute in Attributes)
        {
            if (attribute.Type == type)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>
    /// The EAP packet carried in the EAP-Message attributes, concatenated in order (RFC 3579 §3.1), or null
    /// when there is none. Allocates (control plane).
    /// </summary>
    public byte[]? GetEapMessage()
    {
        int total = 0;
        foreach (var attribute in Attributes)
        {
            if (attribute.Type == RadiusAttributeType.EapMessage)
            {
                total += attribute.Value.Length;
            }
        }

        if (total == 0)
        {
            return null;
        }

        var eap = new byte[total];
        int offset = 0;
        foreach (var attribute in Attributes)
        {
            if (attribute.Type == RadiusAttributeType.EapMessage)
            {
                attribute.Value.CopyTo(eap.AsSpan(offset));
                offset += attribute.Value.Length;
            }
        }

        return eap;
    }
}
