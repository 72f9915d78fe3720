namespace Sstp.Protocol.Ppp.Lcp;

/// <summary>LCP Configuration Option types (PPP.md §5.1; RFC 1661 §6, RFC 1570, RFC 1990).</summary>
public enum LcpOptionType : byte
{
    /// <summary>Maximum-Receive-Unit (1), length 4, RFC 1661 §6.1.</summary>
    MaximumReceiveUnit = 1,

    /// <summary>Async-Control-Character-Map (2), length 6, RFC 1662 §7.1; meaningless over SSTP.</summary>
    AsyncControlCharacterMap = 2,

    /// <summary>Authentication-Protocol (3), length 4 or 5, RFC 1661 §6.2.</summary>
    AuthenticationProtocol = 3,

    /// <summary>Quality-Protocol (4), RFC 1661 §6.3.</summary>
    QualityProtocol = 4,

    /// <summary>Magic-Number (5), length 6, RFC 1661 §6.4.</summary>
    MagicNumber = 5,

    /// <summary>Protocol-Field-Compression (7), length 2, RFC 1661 §6.5; always rejected (PPP.md §1.2).</summary>
    ProtocolFieldCompression = 7,

    /// <summary>Address-and-Control-Field-Compression (8), length 2, RFC 1661 §6.6; always rejected (PPP.md §1.2).</summary>
    AddressControlFieldCompression = 8,

    /// <summary>Callback (13), RFC 1570 §2.3 (Windows sends operation 6, CBCP).</summary>
    Callback = 13,

    /// <summary>Multilink Maximum-Received-Reconstructed-Unit (17), RFC 1990.</summary>
    MultilinkMrru = 17,

    /// <summary>Multilink Short-Sequence-Number-Header-Format (18), RFC 1990.</summary>
    MultilinkShortSequence = 18,

    /// <summary>Endpoint-Discriminator (19), RFC 1990.</summary>
    EndpointDiscriminator = 19,
}
