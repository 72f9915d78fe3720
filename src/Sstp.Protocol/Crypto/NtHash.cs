using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Sstp.Protocol.Crypto;

/// <summary>
/// The NT password hash of MS-CHAPv2: <c>PasswordHash = MD4(UTF-16LE(password))</c>, no terminating zero
/// [RFC 2759 §8.3 NtPasswordHash; AUTH.md §4.2], and its hash <c>PasswordHashHash = MD4(PasswordHash)</c>
/// [RFC 2759 §8.6 HashNtPasswordHash].
/// </summary>
public static class NtHash
{
    /// <summary>Length of the NT hash and of its hash.</summary>
    public const int Length = 16;

    /// <summary>Computes <c>MD4(UTF-16LE(password))</c> into <paramref name="hash16"/> (16 bytes).</summary>
    /// <exception cref="ArgumentException"><paramref name="hash16"/> is not 16 bytes long.</exception>
    public static void Compute(ReadOnlySpan<char> password, Span<byte> hash16)
    {
        CryptoThrow.RequireLength(hash16.Length, Length, nameof(hash16));
        int byteCount = password.Length * 2;
        byte[]? rented = null;
        Span<byte> unicode = byteCount <= 256
            ? stackalloc byte[256]
            : (rented = ArrayPool<byte>.Shared.Rent(byteCount));
        unicode = unicode[..byteCount];
        try
        {
            for (int i = 0; i < password.Length; i++)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(unicode[(2 * i)..], password[i]);
            }

            Digests.Md4(unicode, hash16);
        }
        finally
        {
            // The UTF-16 copy is the password itself: wipe it before the buffer is reused.
            CryptographicOperations.ZeroMemory(unicode);
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Computes <c>PasswordHashHash = MD4(PasswordHash)</c> (RFC 2759 §8.6).</summary>
    /// <exception cref="ArgumentException">A span is not 16 bytes long.</exception>
    public static void ComputeHashHash(ReadOnlySpan<byte> passwordHash, Span<byte> hashHash16)
    {
        CryptoThrow.RequireLength(passwordHash.Length, Length, nameof(passwordHash));
        CryptoThrow.RequireLength(hashHash16.Length, Length, nameof(hashHash16));
        Digests.Md4(passwordHash, hashHash16);
    }
}
