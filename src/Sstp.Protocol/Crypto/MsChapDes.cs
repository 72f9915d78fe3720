using System.Buffers.Binary;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Parameters;

namespace Sstp.Protocol.Crypto;

/// <summary>
/// Single-block DES as MS-CHAP uses it [RFC 2759 §8.6 DesEncrypt; §9.3 for the parity example].
/// A 7-byte (56-bit) key is spread over 8 bytes, 7 key bits per byte (most significant first), with an odd
/// parity bit in the least significant position:
/// <code>
///  key7 bits : k0 … k6 | k7 … k13 | … | k49 … k55
///  key8 byte : k0 … k6 p | k7 … k13 p | … | k49 … k55 p
/// </code>
/// Encryption runs on BouncyCastle's managed DesEngine: on Linux System.Security.Cryptography.DES goes
/// through OpenSSL, whose 3.x releases moved single DES to the legacy provider (AUTH.md §4.2).
/// </summary>
internal static class MsChapDes
{
    /// <summary>Length of a raw MS-CHAP DES key.</summary>
    public const int RawKeyLength = 7;

    /// <summary>Length of a DES key and block.</summary>
    public const int BlockLength = 8;

    /// <summary>Expands a 7-byte key to the 8-byte DES key with odd parity bits.</summary>
    public static void ExpandKey(ReadOnlySpan<byte> key7, Span<byte> key8)
    {
        CryptoThrow.RequireLength(key7.Length, RawKeyLength, nameof(key7));
        CryptoThrow.RequireLength(key8.Length, BlockLength, nameof(key8));
        Span<byte> wide = stackalloc byte[8];
        wide[0] = 0;
        key7.CopyTo(wide[1..]);
        ulong bits = BinaryPrimitives.ReadUInt64BigEndian(wide);
        for (int i = 0; i < BlockLength; i++)
        {
            int seven = (int)((bits >> (49 - (7 * i))) & 0x7F);
            int withRoom = seven << 1;
            // Odd parity: the low bit makes the number of ones in the byte odd (DES itself ignores it).
            key8[i] = (byte)(withRoom | ((System.Numerics.BitOperations.PopCount((uint)seven) & 1) ^ 1));
        }

        System.Security.Cryptography.CryptographicOperations.ZeroMemory(wide);
    }

    /// <summary>Encrypts one 8-byte block with the expanded form of a 7-byte key (DES-ECB).</summary>
    public static void Encrypt(ReadOnlySpan<byte> key7, ReadOnlySpan<byte> clear8, Span<byte> cipher8)
    {
        CryptoThrow.RequireLength(clear8.Length, BlockLength, nameof(clear8));
        CryptoThrow.RequireLength(cipher8.Length, BlockLength, nameof(cipher8));
        Span<byte> key8 = stackalloc byte[BlockLength];
        ExpandKey(key7, key8);
        var engine = new DesEngine();
        engine.Init(true, new KeyParameter(key8));
        engine.ProcessBlock(clear8, cipher8);
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(key8);
    }
}
