namespace Sstp.Protocol.Radius;

/// <summary>Why <see cref="MsMppeKey.TryDecrypt"/> refused a value.</summary>
public enum MsMppeKeyError
{
    /// <summary>No error.</summary>
    None,

    /// <summary>No Salt, or the String is empty or not a multiple of 16 octets (RFC 2548 §2.4.2).</summary>
    BadLength,

    /// <summary>The decrypted Key-Length octet is 0 or longer than the plaintext (wrong secret or authenticator).</summary>
    BadKeyLength,
}
