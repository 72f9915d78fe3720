namespace Sstp.Protocol.Sstp;

/// <summary>Attribute ID of an SSTP attribute [MS-SSTP §2.2.4], SSTP.md §4.3.</summary>
public enum SstpAttributeId : byte
{
    /// <summary>SSTP_ATTRIB_NO_ERROR (0x00): only used as the AttribID inside a Status Info.</summary>
    NoError = 0x00,

    /// <summary>SSTP_ATTRIB_ENCAPSULATED_PROTOCOL_ID (0x01), length 6 [MS-SSTP §2.2.5].</summary>
    EncapsulatedProtocolId = 0x01,

    /// <summary>SSTP_ATTRIB_STATUS_INFO (0x02), length 12 + n, n ≤ 64 [MS-SSTP §2.2.8].</summary>
    StatusInfo = 0x02,

    /// <summary>SSTP_ATTRIB_CRYPTO_BINDING (0x03), length 104 [MS-SSTP §2.2.7].</summary>
    CryptoBinding = 0x03,

    /// <summary>SSTP_ATTRIB_CRYPTO_BINDING_REQ (0x04), length 40 [MS-SSTP §2.2.6].</summary>
    CryptoBindingRequest = 0x04,
}
