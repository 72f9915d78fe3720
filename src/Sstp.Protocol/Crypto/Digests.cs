using Org.BouncyCastle.Crypto.Digests;

namespace Sstp.Protocol.Crypto;

/// <summary>
/// Small wrappers over the BouncyCastle digests used by MS-CHAPv2, MPPE and CHAP. BouncyCastle is used
/// instead of System.Security.Cryptography because MD4 is missing there and the analyzers flag MD5/SHA-1
/// (legitimate here: the protocols fix the algorithms).
/// </summary>
internal static class Digests
{
    /// <summary>Length of an MD4 or MD5 digest.</summary>
    public const int Md4Length = 16;

    /// <summary>Length of a SHA-1 digest.</summary>
    public const int Sha1Length = 20;

    /// <summary>MD4 of <paramref name="data"/> into 16 bytes (RFC 1320).</summary>
    public static void Md4(ReadOnlySpan<byte> data, Span<byte> hash16)
    {
        var digest = new MD4Digest();
        digest.BlockUpdate(data);
        digest.DoFinal(hash16);
        digest.Reset();
    }

    /// <summary>Starts a SHA-1 computation.</summary>
    public static Sha1Digest Sha1() => new();

    /// <summary>Starts an MD5 computation.</summary>
    public static MD5Digest Md5() => new();
}
