using System.Buffers.Binary;

namespace Sstp.Protocol.Sstp;

/// <summary>
/// A parsed SSTP control message, a view over the packet (no copy) [MS-SSTP §2.2.2], SSTP.md §4.2.
/// Obtained from <see cref="SstpControlMessage.TryParse"/>, which has already checked that the attributes tile
/// the packet exactly. The typed accessors only check the one attribute they read; message-level rules
/// (duplicates, unknown IDs) belong to the state machines.
/// </summary>
public readonly ref struct SstpControlMessageView
{
    internal SstpControlMessageView(ReadOnlySpan<byte> packet, int attributeCount)
    {
        Packet = packet;
        AttributeCount = attributeCount;
    }

    /// <summary>The whole control packet, SSTP header included.</summary>
    public ReadOnlySpan<byte> Packet { get; }

    /// <summary>The Message Type field (may be a value this enum does not name).</summary>
    public SstpMessageType MessageType => (SstpMessageType)BinaryPrimitives.ReadUInt16BigEndian(Packet[4..]);

    /// <summary>Number of attributes (equal to the Num Attributes field; the parser checks this).</summary>
    public int AttributeCount { get; }

    /// <summary>Enumerates the attributes in wire order without allocating.</summary>
    public SstpAttributeEnumerator Attributes => new(Packet[SstpPacket.ControlHeaderLength..]);

    /// <summary>Finds the first attribute with <paramref name="id"/>; false when absent.</summary>
    public bool TryGetAttribute(SstpAttributeId id, out ReadOnlySpan<byte> value)
    {
        foreach (var attribute in Attributes)
        {
            if (attribute.Id == id)
            {
                value = attribute.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>
    /// Reads ENCAPSULATED_PROTOCOL_ID (value 2 bytes; 0x0001 = PPP) [MS-SSTP §2.2.5]. False when absent or the
    /// value is not exactly 2 bytes.
    /// </summary>
    public bool TryGetEncapsulatedProtocolId(out ushort protocolId)
    {
        protocolId = 0;
        if (!TryGetAttribute(SstpAttributeId.EncapsulatedProtocolId, out var value) || value.Length != 2)
        {
            return false;
        }

        protocolId = BinaryPrimitives.ReadUInt16BigEndian(value);
        return true;
    }

    /// <summary>
    /// Reads the first STATUS_INFO [MS-SSTP §2.2.8]: <c>Reserved(3) AttribID(1) Status(4) AttribValue(n)</c>.
    /// False when absent or shorter than 8 value bytes.
    /// </summary>
    public bool TryGetStatusInfo(out SstpAttributeId attributeId, out SstpStatus status, out ReadOnlySpan<byte> value)
    {
        attributeId = SstpAttributeId.NoError;
        status = SstpStatus.NoError;
        value = default;
        if (!TryGetAttribute(SstpAttributeId.StatusInfo, out var raw) || raw.Length < 8)
        {
            return false;
        }

        attributeId = (SstpAttributeId)raw[3];
        status = (SstpStatus)BinaryPrimitives.ReadUInt32BigEndian(raw[4..]);
        value = raw[8..];
        return true;
    }

    /// <summary>
    /// Reads CRYPTO_BINDING_REQ [MS-SSTP §2.2.6]: <c>Reserved(3) Bitmask(1) Nonce(32)</c>. False when absent
    /// or the attribute is not exactly 40 bytes.
    /// </summary>
    public bool TryGetCryptoBindingRequest(out CertHashProtocol bitmask, out ReadOnlySpan<byte> nonce)
    {
        bitmask = CertHashProtocol.None;
        nonce = default;
        if (!TryGetAttribute(SstpAttributeId.CryptoBindingRequest, out var raw) || raw.Length != 36)
        {
            return false;
        }

        bitmask = (CertHashProtocol)raw[3];
        nonce = raw[4..36];
        return true;
    }

    /// <summary>
    /// Reads CRYPTO_BINDING [MS-SSTP §2.2.7]: <c>Reserved(3) HashProtocol(1) Nonce(32) CertHash(32) MAC(32)</c>.
    /// False when absent or the attribute is not exactly 104 bytes. <paramref name="certHash"/> and
    /// <paramref name="compoundMac"/> are cut to 20 bytes for SHA-1 (the rest is Padding), 32 otherwise.
    /// </summary>
    public bool TryGetCryptoBinding(
        out CertHashProtocol hashProtocol,
        out ReadOnlySpan<byte> nonce,
        out ReadOnlySpan<byte> certHash,
        out ReadOnlySpan<byte> compoundMac)
    {
        hashProtocol = CertHashProtocol.None;
        nonce = certHash = compoundMac = default;
        if (!TryGetAttribute(SstpAttributeId.CryptoBinding, out var raw) || raw.Length != 100)
        {
            return false;
        }

        hashProtocol = (CertHashProtocol)raw[3];
        int used = hashProtocol == CertHashProtocol.Sha1 ? 20 : 32;
        nonce = raw[4..36];
        certHash = raw.Slice(36, used);
        compoundMac = raw.Slice(68, used);
        return true;
    }
}
