using System.Security.Cryptography;
using System.Text;

namespace Sstp.Protocol.Crypto;

/// <summary>
/// The MS-CHAPv2 computations [RFC 2759 §8; AUTH.md §4.2]:
/// <code>
/// ChallengeHash    = SHA1(PeerChallenge ‖ AuthenticatorChallenge ‖ UserName-without-domain)[0..7]
/// NT-Response      = DES(K1, ChallengeHash) ‖ DES(K2, ChallengeHash) ‖ DES(K3, ChallengeHash)
///                    K1‖K2‖K3 = PasswordHash ‖ 5 × 0x00, cut into 7-byte keys
/// Digest           = SHA1(PasswordHashHash ‖ NT-Response ‖ Magic1)
/// AuthResponse     = "S=" + HEX(SHA1(Digest ‖ ChallengeHash ‖ Magic2))      (40 upper-case hex digits)
/// </code>
/// User names are the bytes sent in the Name field; a <c>DOMAIN\</c> prefix is removed before hashing
/// (RFC 2759 §4, AUTH.md §4.1).
/// </summary>
public static class MsChapV2
{
    /// <summary>Length of the authenticator and peer challenges.</summary>
    public const int ChallengeLength = 16;

    /// <summary>Length of the ChallengeHash.</summary>
    public const int ChallengeHashLength = 8;

    /// <summary>Length of the NT-Response.</summary>
    public const int NtResponseLength = 24;

    /// <summary>Length of the authenticator response text <c>S=</c> + 40 hex digits.</summary>
    public const int AuthenticatorResponseLength = 42;

    /// <summary>Length of the SHA-1 digest carried (in hex) by the authenticator response.</summary>
    public const int AuthenticatorDigestLength = 20;

    // RFC 2759 §8.7: the two signing constants of GenerateAuthenticatorResponse.
    private static ReadOnlySpan<byte> Magic1 => "Magic server to client signing constant"u8;

    private static ReadOnlySpan<byte> Magic2 => "Pad to make it do more than one iteration"u8;

    /// <summary>Returns the part of <paramref name="userName"/> after the last backslash (RFC 2759 §4).</summary>
    public static ReadOnlySpan<byte> StripDomain(ReadOnlySpan<byte> userName)
    {
        int slash = userName.LastIndexOf((byte)'\\');
        return slash < 0 ? userName : userName[(slash + 1)..];
    }

    /// <summary>Computes the 8-byte ChallengeHash (RFC 2759 §8.2). The domain is stripped here.</summary>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    public static void ChallengeHash(ReadOnlySpan<byte> peerChallenge, ReadOnlySpan<byte> authenticatorChallenge,
        ReadOnlySpan<byte> userName, Span<byte> challengeHash)
    {
        CryptoThrow.RequireLength(peerChallenge.Length, ChallengeLength, nameof(peerChallenge));
        CryptoThrow.RequireLength(authenticatorChallenge.Length, ChallengeLength, nameof(authenticatorChallenge));
        CryptoThrow.RequireLength(challengeHash.Length, ChallengeHashLength, nameof(challengeHash));
        var sha = Digests.Sha1();
        sha.BlockUpdate(peerChallenge);
        sha.BlockUpdate(authenticatorChallenge);
        sha.BlockUpdate(StripDomain(userName));
        Span<byte> full = stackalloc byte[Digests.Sha1Length];
        sha.DoFinal(full);
        full[..ChallengeHashLength].CopyTo(challengeHash);
    }

    /// <summary>Computes the 24-byte ChallengeResponse from a ChallengeHash and a password hash (RFC 2759 §8.5).</summary>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    public static void ChallengeResponse(ReadOnlySpan<byte> challengeHash, ReadOnlySpan<byte> passwordHash, Span<byte> response)
    {
        CryptoThrow.RequireLength(challengeHash.Length, ChallengeHashLength, nameof(challengeHash));
        CryptoThrow.RequireLength(passwordHash.Length, NtHash.Length, nameof(passwordHash));
        CryptoThrow.RequireLength(response.Length, NtResponseLength, nameof(response));
        Span<byte> keys = stackalloc byte[21];
        keys.Clear();
        passwordHash.CopyTo(keys);
        for (int i = 0; i < 3; i++)
        {
            MsChapDes.Encrypt(keys.Slice(7 * i, 7), challengeHash, response.Slice(8 * i, 8));
        }

        CryptographicOperations.ZeroMemory(keys);
    }

    /// <summary>Computes the NT-Response the peer sends (RFC 2759 §8.1 GenerateNTResponse).</summary>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    public static void GenerateNtResponse(ReadOnlySpan<byte> authenticatorChallenge, ReadOnlySpan<byte> peerChallenge,
        ReadOnlySpan<byte> userName, ReadOnlySpan<byte> passwordHash, Span<byte> ntResponse)
    {
        Span<byte> challenge = stackalloc byte[ChallengeHashLength];
        ChallengeHash(peerChallenge, authenticatorChallenge, userName, challenge);
        ChallengeResponse(challenge, passwordHash, ntResponse);
    }

    /// <summary>
    /// Writes the 42 ASCII bytes <c>S=</c> + 40 upper-case hex digits (RFC 2759 §8.7
    /// GenerateAuthenticatorResponse) into <paramref name="destination"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    public static void WriteAuthenticatorResponse(ReadOnlySpan<byte> passwordHash, ReadOnlySpan<byte> ntResponse,
        ReadOnlySpan<byte> peerChallenge, ReadOnlySpan<byte> authenticatorChallenge, ReadOnlySpan<byte> userName,
        Span<byte> destination)
    {
        CryptoThrow.RequireLength(destination.Length, AuthenticatorResponseLength, nameof(destination));
        Span<byte> digest = stackalloc byte[AuthenticatorDigestLength];
        ComputeAuthenticatorDigest(passwordHash, ntResponse, peerChallenge, authenticatorChallenge, userName, digest);
        destination[0] = (byte)'S';
        destination[1] = (byte)'=';
        // RFC 2759 §8.7: the hex digits are upper case.
        HexCodec.WriteUpper(digest, destination[2..]);
    }

    /// <summary>Returns the 42-character authenticator response <c>S=</c> + 40 upper-case hex digits.</summary>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    public static string GenerateAuthenticatorResponse(ReadOnlySpan<byte> passwordHash, ReadOnlySpan<byte> ntResponse,
        ReadOnlySpan<byte> peerChallenge, ReadOnlySpan<byte> authenticatorChallenge, ReadOnlySpan<byte> userName)
    {
        Span<byte> text = stackalloc byte[AuthenticatorResponseLength];
        WriteAuthenticatorResponse(passwordHash, ntResponse, peerChallenge, authenticatorChallenge, userName, text);
        return Encoding.ASCII.GetString(text);
    }

    /// <summary>
    /// Checks a received Success message (RFC 2759 §8.8 CheckAuthenticatorResponse), leniently as AUTH.md §4.1
    /// asks: only the first 42 bytes count, they must be <c>S=</c> + 40 hex digits of either case; anything after
    /// them (with or without a space before <c>M=</c>) is ignored. The comparison runs in constant time.
    /// </summary>
    /// <returns>True when the message proves the authenticator knew the password.</returns>
    /// <exception cref="ArgumentException">A key/challenge span has the wrong length.</exception>
    public static bool CheckAuthenticatorResponse(ReadOnlySpan<byte> passwordHash, ReadOnlySpan<byte> ntResponse,
        ReadOnlySpan<byte> peerChallenge, ReadOnlySpan<byte> authenticatorChallenge, ReadOnlySpan<byte> userName,
        ReadOnlySpan<byte> receivedMessage)
    {
        Span<byte> expected = stackalloc byte[AuthenticatorDigestLength];
        ComputeAuthenticatorDigest(passwordHash, ntResponse, peerChallenge, authenticatorChallenge, userName, expected);
        Span<byte> received = stackalloc byte[AuthenticatorDigestLength];
        return TryParseAuthenticatorResponse(receivedMessage, received)
            && CryptographicOperations.FixedTimeEquals(expected, received);
    }

    /// <summary>
    /// Extracts the 20-byte digest from a Success message that starts with <c>S=</c> + 40 hex digits (either case).
    /// Never throws on peer input.
    /// </summary>
    /// <returns>False when the message is shorter than 42 bytes or its first 42 bytes are not well formed.</returns>
    public static bool TryParseAuthenticatorResponse(ReadOnlySpan<byte> message, Span<byte> digest)
    {
        CryptoThrow.RequireLength(digest.Length, AuthenticatorDigestLength, nameof(digest));
        if (message.Length < AuthenticatorResponseLength || message[0] != (byte)'S' || message[1] != (byte)'=')
        {
            return false;
        }

        return HexCodec.TryDecode(message[2..AuthenticatorResponseLength], digest);
    }

    private static void ComputeAuthenticatorDigest(ReadOnlySpan<byte> passwordHash, ReadOnlySpan<byte> ntResponse,
        ReadOnlySpan<byte> peerChallenge, ReadOnlySpan<byte> authenticatorChallenge, ReadOnlySpan<byte> userName,
        Span<byte> digest)
    {
        CryptoThrow.RequireLength(passwordHash.Length, NtHash.Length, nameof(passwordHash));
        CryptoThrow.RequireLength(ntResponse.Length, NtResponseLength, nameof(ntResponse));
        Span<byte> hashHash = stackalloc byte[NtHash.Length];
        NtHash.ComputeHashHash(passwordHash, hashHash);
        Span<byte> inner = stackalloc byte[Digests.Sha1Length];
        var sha = Digests.Sha1();
        sha.BlockUpdate(hashHash);
        sha.BlockUpdate(ntResponse);
        sha.BlockUpdate(Magic1);
        sha.DoFinal(inner);
        Span<byte> challenge = stackalloc byte[ChallengeHashLength];
        ChallengeHash(peerChallenge, authenticatorChallenge, userName, challenge);
        sha.BlockUpdate(inner);
        sha.BlockUpdate(challenge);
        sha.BlockUpdate(Magic2);
        sha.DoFinal(digest);
        CryptographicOperations.ZeroMemory(hashHash);
    }
}
