namespace Sstp.Protocol.Crypto;

/// <summary>MPPE session key strengths [RFC 3079 §3.3–§3.4, RFC 3078].</summary>
public enum MppeKeyStrength
{
    /// <summary>40-bit keys: 8-byte key whose first three bytes are replaced by <c>D1 26 9E</c>.</summary>
    Bits40 = 40,

    /// <summary>56-bit keys: 8-byte key whose first byte is replaced by <c>D1</c>.</summary>
    Bits56 = 56,

    /// <summary>128-bit keys: the full 16-byte key.</summary>
    Bits128 = 128,
}
