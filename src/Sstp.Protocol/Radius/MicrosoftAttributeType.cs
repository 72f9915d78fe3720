namespace Sstp.Protocol.Radius;

/// <summary>
/// Microsoft vendor-specific attribute types, Vendor-Id 311 [RFC 2548 §2; AUTH.md §7.3–§7.5].
/// </summary>
public enum MicrosoftAttributeType : byte
{
    /// <summary>MS-CHAP-Error (2): Ident(1) ‖ "E=… R=… C=… V=… M=…" (RFC 2548 §2.1.5).</summary>
    MsChapError = 2,

    /// <summary>MS-MPPE-Encryption-Policy (7), integer (RFC 2548 §2.4.4); ignored for SSTP.</summary>
    MsMppeEncryptionPolicy = 7,

    /// <summary>MS-MPPE-Encryption-Types (8), integer (RFC 2548 §2.4.5); ignored for SSTP.</summary>
    MsMppeEncryptionTypes = 8,

    /// <summary>MS-CHAP-Challenge (11), the authenticator challenge (RFC 2548 §2.1.2).</summary>
    MsChapChallenge = 11,

    /// <summary>MS-MPPE-Send-Key (16): Salt(2) ‖ encrypted key (RFC 2548 §2.4.2).</summary>
    MsMppeSendKey = 16,

    /// <summary>MS-MPPE-Recv-Key (17): Salt(2) ‖ encrypted key (RFC 2548 §2.4.3).</summary>
    MsMppeRecvKey = 17,

    /// <summary>MS-CHAP2-Response (25), 50 bytes (RFC 2548 §2.3.2).</summary>
    MsChap2Response = 25,

    /// <summary>MS-CHAP2-Success (26): Ident(1) ‖ "S=" 40 hex digits (RFC 2548 §2.3.3).</summary>
    MsChap2Success = 26,

    /// <summary>MS-Primary-DNS-Server (28), IPv4 (RFC 2548 §2.6.1).</summary>
    MsPrimaryDnsServer = 28,

    /// <summary>MS-Secondary-DNS-Server (29), IPv4.</summary>
    MsSecondaryDnsServer = 29,

    /// <summary>MS-Primary-NBNS-Server (30), IPv4.</summary>
    MsPrimaryNbnsServer = 30,

    /// <summary>MS-Secondary-NBNS-Server (31), IPv4.</summary>
    MsSecondaryNbnsServer = 31,
}
