using System.Security.Cryptography;

namespace Sstp.Protocol.Crypto;

/// <summary>
/// MPPE key derivation from MS-CHAPv2 credentials [RFC 3079 §3; AUTH.md §5]:
/// <code>
/// MasterKey = SHA1(PasswordHashHash ‖ NT-Response ‖ "This is the MPPE Master Key")[0..15]
/// StartKey  = SHA1(MasterKey ‖ 40 × 00 ‖ s ‖ 40 × F2)[0..len-1]
///             s = IsSend ? (IsServer ? Magic3 : Magic2) : (IsServer ? Magic2 : Magic3)
/// </code>
/// So the client's send key = the server's receive key = K(Magic2), and the client's receive key =
/// the server's send key = K(Magic3). SSTP only needs the 16-byte master send/receive keys (the HLAK,
/// SSTP.md §8.3); the session-key functions exist to check the published RFC 3079 §3.5 vectors.
/// </summary>
public static class MppeKeys
{
    /// <summary>Length of the MPPE master key and of the 128-bit start keys.</summary>
    public const int MasterKeyLength = 16;

    /// <summary>Length of the SSTP Higher-Layer Authentication Key.</summary>
    public const int HlakLength = 32;

    // RFC 3079 §3.4 constants.
    private static ReadOnlySpan<byte> Magic1 => "This is the MPPE Master Key"u8;

    private static ReadOnlySpan<byte> Magic2 =>
        "On the client side, this is the send key; on the server side, it is the receive key."u8;

    private static ReadOnlySpan<byte> Magic3 =>
        "On the client side, this is the receive key; on the server side, it is the send key."u8;

    /// <summary>GetMasterKey (RFC 3079 §3.4): the 16-byte MPPE master key.</summary>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    public static void GetMasterKey(ReadOnlySpan<byte> passwordHashHash, ReadOnlySpan<byte> ntResponse, Span<byte> masterKey)
    {
        CryptoThrow.RequireLength(passwordHashHash.Length, NtHash.Length, nameof(passwordHashHash));
        CryptoThrow.RequireLength(ntResponse.Length, MsChapV2.NtResponseLength, nameof(ntResponse));
        CryptoThrow.RequireLength(masterKey.Length, MasterKeyLength, nameof(masterKey));
        var sha = Digests.Sha1();
        sha.BlockUpdate(passwordHashHash);
        sha.BlockUpdate(ntResponse);
        sha.BlockUpdate(Magic1);
        Span<byte> digest = stackalloc byte[Digests.Sha1Length];
        sha.DoFinal(digest);
        digest[..MasterKeyLength].CopyTo(masterKey);
        CryptographicOperations.ZeroMemory(digest);
    }

    /// <summary>
    /// GetAsymmetricStartKey (RFC 3079 §3.4). The key length is <c>startKey.Length</c> (8 for 40/56-bit,
    /// 16 for 128-bit; at most 20).
    /// </summary>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    public static void GetAsymmetricStartKey(ReadOnlySpan<byte> masterKey, Span<byte> startKey, bool isSend, bool isServer)
    {
        CryptoThrow.RequireLength(masterKey.Length, MasterKeyLength, nameof(masterKey));
        if (startKey.Length is 0 or > Digests.Sha1Length)
        {
            CryptoThrow.WrongLength(nameof(startKey), MasterKeyLength);
        }

        ReadOnlySpan<byte> magic = isSend == isServer ? Magic3 : Magic2;
        var sha = Digests.Sha1();
        sha.BlockUpdate(masterKey);
        Pads(sha);
        sha.BlockUpdate(magic);
        PadsF2(sha);
        Span<byte> digest = stackalloc byte[Digests.Sha1Length];
        sha.DoFinal(digest);
        digest[..startKey.Length].CopyTo(startKey);
        CryptographicOperations.ZeroMemory(digest);
    }

    /// <summary>
    /// GetNewKeyFromSHA (RFC 3078 §7.3 / RFC 3079 §3.3): <c>SHA1(start ‖ SHSpad1 ‖ session ‖ SHSpad2)</c> cut to
    /// <c>interimKey.Length</c>; both inputs are used up to that length.
    /// </summary>
    /// <exception cref="ArgumentException">A span is shorter than <paramref name="interimKey"/>.</exception>
    public static void GetNewKeyFromSha(ReadOnlySpan<byte> startKey, ReadOnlySpan<byte> sessionKey, Span<byte> interimKey)
    {
        int n = interimKey.Length;
        if (n is 0 or > Digests.Sha1Length || startKey.Length < n || sessionKey.Length < n)
        {
            CryptoThrow.WrongLength(nameof(interimKey), startKey.Length);
        }

        var sha = Digests.Sha1();
        sha.BlockUpdate(startKey[..n]);
        Pads(sha);
        sha.BlockUpdate(sessionKey[..n]);
        PadsF2(sha);
        Span<byte> digest = stackalloc byte[Digests.Sha1Length];
        sha.DoFinal(digest);
        digest[..n].CopyTo(interimKey);
        CryptographicOperations.ZeroMemory(digest);
    }

    /// <summary>
    /// The initial MPPE session key from a start key (RFC 3079 §3.3, without an RC4 step as Linux
    /// <c>ppp_mppe.c</c> does): 8 bytes for 40/56-bit (with the salt bytes), 16 bytes for 128-bit.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="sessionKey"/> is not 8 or 16 bytes as the strength requires.</exception>
    public static void GetInitialSessionKey(ReadOnlySpan<byte> startKey, MppeKeyStrength strength, Span<byte> sessionKey)
    {
        int n = strength == MppeKeyStrength.Bits128 ? 16 : 8;
        CryptoThrow.RequireLength(sessionKey.Length, n, nameof(sessionKey));
        GetNewKeyFromSha(startKey, startKey, sessionKey);
        if (strength == MppeKeyStrength.Bits40)
        {
            sessionKey[0] = 0xD1;
            sessionKey[1] = 0x26;
            sessionKey[2] = 0x9E;
        }
        else if (strength == MppeKeyStrength.Bits56)
        {
            sessionKey[0] = 0xD1;
        }
    }

    /// <summary>The client's 16-byte master send (K(Magic2)) and receive (K(Magic3)) keys.</summary>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    public static void GetClientKeys(ReadOnlySpan<byte> passwordHash, ReadOnlySpan<byte> ntResponse, Span<byte> sendKey, Span<byte> receiveKey) =>
        GetKeys(passwordHash, ntResponse, sendKey, receiveKey, isServer: false);

    /// <summary>The server's 16-byte master send (K(Magic3)) and receive (K(Magic2)) keys.</summary>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    public static void GetServerKeys(ReadOnlySpan<byte> passwordHash, ReadOnlySpan<byte> ntResponse, Span<byte> sendKey, Span<byte> receiveKey) =>
        GetKeys(passwordHash, ntResponse, sendKey, receiveKey, isServer: true);

    /// <summary>
    /// The 32-byte SSTP HLAK for MS-CHAPv2 and EAP-MSCHAPv2, the same on both sides:
    /// <c>K(Magic2) ‖ K(Magic3)</c> = client send ‖ client receive = server receive ‖ server send (SSTP.md §8.3).
    /// </summary>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    public static void GetHlak(ReadOnlySpan<byte> passwordHash, ReadOnlySpan<byte> ntResponse, Span<byte> hlak)
    {
        CryptoThrow.RequireLength(hlak.Length, HlakLength, nameof(hlak));
        GetClientKeys(passwordHash, ntResponse, hlak[..MasterKeyLength], hlak[MasterKeyLength..]);
    }

    private static void GetKeys(ReadOnlySpan<byte> passwordHash, ReadOnlySpan<byte> ntResponse, Span<byte> sendKey, Span<byte> receiveKey, bool isServer)
    {
        CryptoThrow.RequireLength(sendKey.Length, MasterKeyLength, nameof(sendKey));
        CryptoThrow.RequireLength(receiveKey.Length, MasterKeyLength, nameof(receiveKey));
        Span<byte> hashHash = stackalloc byte[NtHash.Length];
        Span<byte> master = stackalloc byte[MasterKeyLength];
        NtHash.ComputeHashHash(passwordHash, hashHash);
        GetMasterKey(hashHash, ntResponse, master);
        GetAsymmetricStartKey(master, sendKey, isSend: true, isServer);
        GetAsymmetricStartKey(master, receiveKey, isSend: false, isServer);
        CryptographicOperations.ZeroMemory(hashHash);
        CryptographicOperations.ZeroMemory(master);
    }

    // SHSpad1 = 40 × 0x00, SHSpad2 = 40 × 0xF2 (RFC 3078 §7.3).
    private static void Pads(Org.BouncyCastle.Crypto.Digests.Sha1Digest sha)
    {
        Span<byte> pad = stackalloc byte[40];
        pad.Clear();
        sha.BlockUpdate(pad);
    }

    private static void PadsF2(Org.BouncyCastle.Crypto.Digests.Sha1Digest sha)
    {
        Span<byte> pad = stackalloc byte[40];
        pad.Fill(0xF2);
        sha.BlockUpdate(pad);
    }
}
