using System.Buffers;
using System.Buffers.Binary;

namespace Sstp.Protocol.Radius;

/// <summary>
/// The RADIUS packet format [RFC 2865 §3; AUTH.md §7.1]:
/// <code>
///  0                   1                   2                   3
/// +---------------+---------------+-------------------------------+
/// |     Code      |  Identifier   |            Length             |
/// +---------------+---------------+-------------------------------+
/// |                 Authenticator (16 octets)                     |
/// +---------------------------------------------------------------+
/// |  Attributes: Type(1) Length(1) Value(Length − 2) ...          |
/// +---------------------------------------------------------------+
/// </code>
/// Length covers the whole packet, 20..4096. Octets after Length are padding and are ignored; a packet
/// shorter than Length is discarded (RFC 2865 §3). Vendor-Specific (26) values start with a 4-octet
/// Vendor-Id; Microsoft (311) sub-attributes are checked as well (RFC 2548 §2).
/// </summary>
public static class RadiusPacket
{
    /// <summary>Code, Identifier, Length and Authenticator.</summary>
    public const int HeaderLength = 20;

    /// <summary>Largest packet allowed (RFC 2865 §3).</summary>
    public const int MaxLength = 4096;

    /// <summary>Length of the Authenticator field.</summary>
    public const int AuthenticatorLength = 16;

    /// <summary>Offset of the Authenticator field.</summary>
    public const int AuthenticatorOffset = 4;

    /// <summary>Largest attribute value (255 − Type − Length).</summary>
    public const int MaxAttributeValueLength = 253;

    /// <summary>Length of the Vendor-Id that opens a Vendor-Specific value.</summary>
    public const int VendorIdLength = 4;

    /// <summary>Largest value of one vendor sub-attribute (253 − Vendor-Id − Vendor-Type − Vendor-Length).</summary>
    public const int MaxVendorValueLength = 247;

    /// <summary>The Microsoft vendor number (RFC 2548 §2).</summary>
    public const uint MicrosoftVendorId = 311;

    /// <summary>
    /// Validates one packet and returns a view over it. <c>NeedMoreData</c> (<see cref="RadiusParseError.Truncated"/>)
    /// means the input ends before the header or the Length field; a UDP datagram in that state must be
    /// dropped. <see cref="RadiusPacketView.Length"/> is the number of octets the packet occupies. Never throws.
    /// </summary>
    public static OperationStatus TryRead(ReadOnlySpan<byte> input, out RadiusPacketView packet, out RadiusParseError error)
    {
        packet = default;
        if (input.Length < 4)
        {
            error = RadiusParseError.Truncated;
            return OperationStatus.NeedMoreData;
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(input[2..]);
        if (length is < HeaderLength or > MaxLength)
        {
            error = RadiusParseError.BadLength;
            return OperationStatus.InvalidData;
        }

        if (input.Length < length)
        {
            error = RadiusParseError.Truncated;
            return OperationStatus.NeedMoreData;
        }

        var bytes = input[..length];
        error = ValidateAttributes(bytes[HeaderLength..]);
        if (error != RadiusParseError.None)
        {
            return OperationStatus.InvalidData;
        }

        packet = new RadiusPacketView(bytes);
        return OperationStatus.Done;
    }

    private static RadiusParseError ValidateAttributes(ReadOnlySpan<byte> attributes)
    {
        while (!attributes.IsEmpty)
        {
            if (attributes.Length < 2)
            {
                return RadiusParseError.AttributeOverrun;
            }

            int length = attributes[1];
            if (length < 2)
            {
                return RadiusParseError.AttributeTooShort;
            }

            if (length > attributes.Length)
            {
                return RadiusParseError.AttributeOverrun;
            }

            if (attributes[0] == (byte)RadiusAttributeType.VendorSpecific)
            {
                var error = ValidateVendorSpecific(attributes[2..length]);
                if (error != RadiusParseError.None)
                {
                    return error;
                }
            }

            attributes = attributes[length..];
        }

        return RadiusParseError.None;
    }

    private static RadiusParseError ValidateVendorSpecific(ReadOnlySpan<byte> value)
    {
        if (value.Length < VendorIdLength)
        {
            return RadiusParseError.VendorAttributeTooShort;
        }

        // Only Microsoft's layout is known for certain; other vendors may use their own formats (RFC 2865 §5.26
        // only recommends the sub-attribute layout), so their data is left to the vendor enumerator.
        if (BinaryPrimitives.ReadUInt32BigEndian(value) != MicrosoftVendorId)
        {
            return RadiusParseError.None;
        }

        var rest = value[VendorIdLength..];
        if (rest.IsEmpty)
        {
            return RadiusParseError.VendorAttributeOverrun;
        }

        while (!rest.IsEmpty)
        {
            if (rest.Length < 2 || rest[1] < 2 || rest[1] > rest.Length)
            {
                return RadiusParseError.VendorAttributeOverrun;
            }

            rest = rest[rest[1]..];
        }

        return RadiusParseError.None;
    }
}
