namespace Sstp.Protocol.Sstp;

/// <summary>
/// Certificate hash protocols [MS-SSTP §2.2.6, §2.2.7], SSTP.md §4.3. In a Crypto Binding Request this is a
/// bitmask (0x01, 0x02 or 0x03); in a Crypto Binding it is a single value (0x01 or 0x02).
/// </summary>
[Flags]
public enum CertHashProtocol : byte
{
    /// <summary>No hash protocol (not valid on the wire; the "nothing negotiated yet" value).</summary>
    None = 0x00,

    /// <summary>CERT_HASH_PROTOCOL_SHA1 (0x01): SHA-1 certificate hash, HMAC-SHA1 Compound MAC, 20 bytes.</summary>
    Sha1 = 0x01,

    /// <summary>CERT_HASH_PROTOCOL_SHA256 (0x02): SHA-256 certificate hash, HMAC-SHA256 Compound MAC, 32 bytes.</summary>
    Sha256 = 0x02,
}
