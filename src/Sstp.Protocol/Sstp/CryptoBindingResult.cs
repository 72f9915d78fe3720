namespace Sstp.Protocol.Sstp;

/// <summary>Outcome of the server's crypto binding check [MS-SSTP §3.3.5.2.3], SSTP.md §8.6–§8.7.</summary>
public enum CryptoBindingResult
{
    /// <summary>Every check passed.</summary>
    Ok = 0,

    /// <summary>No Crypto Binding attribute, or a Status Info with non-zero status (Abort 0x02/0x09).</summary>
    MissingAttribute,

    /// <summary>Message not 112 bytes or attribute not 104 bytes (Abort 0x02/0x09).</summary>
    BadLength,

    /// <summary>Nonce differs from the one sent in CALL_CONNECT_ACK (Abort 0x03/0x04).</summary>
    NonceMismatch,

    /// <summary>Hash protocol not a single value we offered (Abort 0x03/0x04).</summary>
    HashProtocolNotOffered,

    /// <summary>Certificate hash matches none of our configured hashes (Abort 0x03/0x04).</summary>
    CertHashMismatch,

    /// <summary>Compound MAC does not verify with our HLAK (Abort 0x03/0x04).</summary>
    MacMismatch,
}
