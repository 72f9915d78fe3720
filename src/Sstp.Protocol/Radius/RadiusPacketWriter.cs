using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace Sstp.Protocol.Radius;

/// <summary>
/// Builds a RADIUS packet in a caller buffer [RFC 2865 §3, §5; RFC 2548 §2; RFC 3162 §2.3; RFC 3579 §3.1]:
/// <code>
/// Code(1) Identifier(1) Length(2) Authenticator(16) { Type(1) Length(1) Value }*
/// VSA value:     Vendor-Id(4) Vendor-Type(1) Vendor-Length(1) Value
/// IPv6 prefix:   Reserved(1)=0 Prefix-Length(1) Prefix(⌈len/8⌉ octets, bits past len zero)
/// </code>
/// <para>Usage: construct with code, identifier and authenticator; add attributes; <see cref="Finish"/>
/// writes Length and returns it. Sign afterwards with <see cref="RadiusAuthenticator"/>. The writer never
/// grows past <see cref="RadiusPacket.MaxLength"/> (4096) octets: an attribute that does not fit, or a value
/// over 253 octets, is our misuse and throws <see cref="ArgumentException"/> with nothing written.</para>
/// </summary>
public ref struct RadiusPacketWriter
{
    private readonly Span<byte> _buffer;
    private int _length;
    private int _messageAuthenticatorOffset;

    /// <summary>Starts a packet: writes Code, Identifier and Authenticator.</summary>
    /// <exception cref="ArgumentException"><paramref name="authenticator"/> is not 16 bytes or <paramref name="destination"/> is below 20 bytes.</exception>
    public RadiusPacketWriter(Span<byte> destination, RadiusCode code, byte identifier, ReadOnlySpan<byte> authenticator)
    {
        if (authenticator.Length != RadiusPacket.AuthenticatorLength)
        {
            RadiusThrow.WrongLength(nameof(authenticator), RadiusPacket.AuthenticatorLength);
        }

        _buffer = destination.Length > RadiusPacket.MaxLength ? destination[..RadiusPacket.MaxLength] : destination;
        if (_buffer.Length < RadiusPacket.HeaderLength)
        {
            RadiusThrow.PacketFull(RadiusPacket.HeaderLength, _buffer.Length);
        }

        _buffer[0] = (byte)code;
        _buffer[1] = identifier;
        authenticator.CopyTo(_buffer[RadiusPacket.AuthenticatorOffset..]);
        _length = RadiusPacket.HeaderLength;
        _messageAuthenticatorOffset = -1;
    }

    /// <summary>Octets written so far (header included).</summary>
    public readonly int Length => _length;

    /// <summary>Octets still available (bounded by the buffer and by 4096).</summary>
    public readonly int Remaining => _buffer.Length - _length;

    /// <summary>Offset of the Message-Authenticator value, or −1 when none was added.</summary>
    public readonly int MessageAuthenticatorOffset => _messageAuthenticatorOffset;

    /// <summary>Octets that <see cref="AddEapMessage"/> takes for an EAP packet of <paramref name="eapLength"/> octets.</summary>
    public static int GetEapMessageLength(int eapLength) =>
        eapLength + (2 * ((eapLength + RadiusPacket.MaxAttributeValueLength - 1) / RadiusPacket.MaxAttributeValueLength));

    /// <summary>Adds one attribute with a raw value (≤ 253 octets).</summary>
    public void Add(RadiusAttributeType type, scoped ReadOnlySpan<byte> value)
    {
        if (value.Length > RadiusPacket.MaxAttributeValueLength)
        {
            RadiusThrow.ValueTooLong(nameof(value), RadiusPacket.MaxAttributeValueLength);
        }

        var slot = Reserve(2 + value.Length);
        slot[0] = (byte)type;
        slot[1] = (byte)(2 + value.Length);
        value.CopyTo(slot[2..]);
    }

    /// <summary>Adds a text attribute, UTF-8 encoded, no terminator (RFC 2865 §5 "text").</summary>
    public void AddString(RadiusAttributeType type, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Span<byte> bytes = stackalloc byte[RadiusPacket.MaxAttributeValueLength];
        if (Encoding.UTF8.GetByteCount(value) > RadiusPacket.MaxAttributeValueLength)
        {
            RadiusThrow.ValueTooLong(nameof(value), RadiusPacket.MaxAttributeValueLength);
        }

        int count = Encoding.UTF8.GetBytes(value, bytes);
        Add(type, bytes[..count]);
    }

    /// <summary>Adds a 32-bit integer attribute, big-endian.</summary>
    public void AddUInt32(RadiusAttributeType type, uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        Add(type, bytes);
    }

    /// <summary>Adds an IPv4 address attribute (4 octets).</summary>
    /// <exception cref="ArgumentException"><paramref name="address"/> is not IPv4.</exception>
    public void AddIPv4(RadiusAttributeType type, IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        if (WriteAddress(address, bytes) != 4)
        {
            RadiusThrow.Invalid(nameof(address), "Expected an IPv4 address.");
        }

        Add(type, bytes[..4]);
    }

    /// <summary>Adds a 16-octet IPv6 address attribute (RFC 3162 §2.1, RFC 6911 §3).</summary>
    /// <exception cref="ArgumentException"><paramref name="address"/> is not IPv6.</exception>
    public void AddIPv6(RadiusAttributeType type, IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        if (WriteAddress(address, bytes) != 16)
        {
            RadiusThrow.Invalid(nameof(address), "Expected an IPv6 address.");
        }

        Add(type, bytes);
    }

    /// <summary>
    /// Adds an IPv6 prefix attribute (Framed-IPv6-Prefix, Delegated-IPv6-Prefix; RFC 3162 §2.3): only the
    /// octets the prefix length needs are sent and bits beyond it are cleared.
    /// </summary>
    /// <exception cref="ArgumentException">Not IPv6, or <paramref name="prefixLength"/> outside 0..128.</exception>
    public void AddIPv6Prefix(RadiusAttributeType type, IPAddress prefix, int prefixLength)
    {
        Span<byte> address = stackalloc byte[16];
        if (WriteAddress(prefix, address) != 16 || prefixLength is < 0 or > 128)
        {
            RadiusThrow.Invalid(nameof(prefix), "Expected an IPv6 prefix with a length of 0..128.");
        }

        Span<byte> value = stackalloc byte[18];
        value.Clear();
        value[1] = (byte)prefixLength;
        int octets = (prefixLength + 7) / 8;
        address[..octets].CopyTo(value[2..]);
        if (prefixLength % 8 != 0)
        {
            value[1 + octets] &= (byte)(0xFF << (8 - (prefixLength % 8)));
        }

        Add(type, value[..(2 + octets)]);
    }

    /// <summary>Adds a Vendor-Specific attribute with one sub-attribute (value ≤ 247 octets; RFC 2865 §5.26).</summary>
    public void AddVendorSpecific(uint vendorId, byte vendorType, scoped ReadOnlySpan<byte> value)
    {
        if (value.Length > RadiusPacket.MaxVendorValueLength)
        {
            RadiusThrow.ValueTooLong(nameof(value), RadiusPacket.MaxVendorValueLength);
        }

        int valueLength = RadiusPacket.VendorIdLength + 2 + value.Length;
        var slot = Reserve(2 + valueLength);
        slot[0] = (byte)RadiusAttributeType.VendorSpecific;
        slot[1] = (byte)(2 + valueLength);
        BinaryPrimitives.WriteUInt32BigEndian(slot[2..], vendorId);
        slot[6] = vendorType;
        slot[7] = (byte)(2 + value.Length);
        value.CopyTo(slot[8..]);
    }

    /// <summary>Adds a Microsoft (311) vendor attribute (RFC 2548).</summary>
    public void AddMicrosoft(MicrosoftAttributeType type, scoped ReadOnlySpan<byte> value) =>
        AddVendorSpecific(RadiusPacket.MicrosoftVendorId, (byte)type, value);

    /// <summary>Adds an EAP packet as EAP-Message attributes of at most 253 octets each, in order (RFC 3579 §3.1).</summary>
    /// <exception cref="ArgumentException">The packet is empty or does not fit (check with <see cref="GetEapMessageLength"/>).</exception>
    public void AddEapMessage(scoped ReadOnlySpan<byte> eapPacket)
    {
        if (eapPacket.IsEmpty)
        {
            RadiusThrow.Invalid(nameof(eapPacket), "An EAP packet cannot be empty.");
        }

        int needed = GetEapMessageLength(eapPacket.Length);
        if (needed > Remaining)
        {
            RadiusThrow.PacketFull(needed, Remaining);
        }

        while (!eapPacket.IsEmpty)
        {
            int chunk = Math.Min(eapPacket.Length, RadiusPacket.MaxAttributeValueLength);
            Add(RadiusAttributeType.EapMessage, eapPacket[..chunk]);
            eapPacket = eapPacket[chunk..];
        }
    }

    /// <summary>
    /// Adds Message-Authenticator (80) with a zero value, to be filled by <see cref="RadiusAuthenticator"/>
    /// after <see cref="Finish"/>. For an Access-Request add it first (BlastRADIUS, AUTH.md §7.1).
    /// </summary>
    /// <exception cref="InvalidOperationException">Added twice.</exception>
    public void AddMessageAuthenticator()
    {
        if (_messageAuthenticatorOffset >= 0)
        {
            RadiusThrow.InvalidState("Message-Authenticator is already present.");
        }

        Add(RadiusAttributeType.MessageAuthenticator, stackalloc byte[RadiusAuthenticator.MessageAuthenticatorLength]);
        _messageAuthenticatorOffset = _length - RadiusAuthenticator.MessageAuthenticatorLength;
    }

    /// <summary>Writes the Length field and returns the packet length.</summary>
    public readonly int Finish()
    {
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[2..], (ushort)_length);
        return _length;
    }

    /// <summary>Writes the address octets; returns 4 for IPv4 and 16 for IPv6.</summary>
    private static int WriteAddress(IPAddress address, Span<byte> bytes16)
    {
        ArgumentNullException.ThrowIfNull(address);
        address.TryWriteBytes(bytes16, out int written);
        return written;
    }

    private Span<byte> Reserve(int count)
    {
        if (count > Remaining)
        {
            RadiusThrow.PacketFull(count, Remaining);
        }

        var slot = _buffer.Slice(_length, count);
        _length += count;
        return slot;
    }
}
