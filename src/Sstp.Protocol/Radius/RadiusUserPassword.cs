using System.Buffers;
using System.Security.Cryptography;
using Sstp.Protocol.Crypto;

namespace Sstp.Protocol.Radius;

/// <summary>
/// User-Password hiding [RFC 2865 §5.2; AUTH.md §7.2]:
/// <code>
/// p  = password padded with 0x00 to a multiple of 16 (16..128 octets)
/// c1 = p1 XOR MD5(Secret ‖ RequestAuthenticator)
/// ci = pi XOR MD5(Secret ‖ c(i−1))
/// value = c1 ‖ c2 ‖ …
/// </code>
/// </summary>
public static class RadiusUserPassword
{
    /// <summary>Longest password the attribute can carry.</summary>
    public const int MaxPasswordLength = 128;

    /// <summary>Encoded length for a password of <paramref name="passwordLength"/> octets (a multiple of 16, at least 16).</summary>
    public static int GetHiddenLength(int passwordLength) => Math.Max(16, (passwordLength + 15) / 16 * 16);

    /// <summary>Hides <paramref name="password"/> into <paramref name="destination"/>; returns the octets written.</summary>
    /// <exception cref="ArgumentException">Password over 128 octets, authenticator not 16, or destination too small.</exception>
    public static int Hide(ReadOnlySpan<byte> password, ReadOnlySpan<byte> secret, ReadOnlySpan<byte> requestAuthenticator, Span<byte> destination)
    {
        if (password.Length > MaxPasswordLength)
        {
            RadiusThrow.ValueTooLong(nameof(password), MaxPasswordLength);
        }

        if (requestAuthenticator.Length != RadiusPacket.AuthenticatorLength)
        {
            RadiusThrow.WrongLength(nameof(requestAuthenticator), RadiusPacket.AuthenticatorLength);
        }

        int length = GetHiddenLength(password.Length);
        if (destination.Length < length)
        {
            RadiusThrow.PacketFull(length, destination.Length);
        }

        var output = destination[..length];
        output.Clear();
        password.CopyTo(output);
        XorChain(output, secret, requestAuthenticator, encrypt: true);
        return length;
    }

    /// <summary>
    /// Reveals a hidden User-Password (server side, tests). <paramref name="password"/> receives the
    /// padded plaintext with trailing zeros removed. Never throws on the value.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="requestAuthenticator"/> is not 16 bytes.</exception>
    public static OperationStatus TryUnhide(ReadOnlySpan<byte> hidden, ReadOnlySpan<byte> secret, ReadOnlySpan<byte> requestAuthenticator, out byte[] password)
    {
        if (requestAuthenticator.Length != RadiusPacket.AuthenticatorLength)
        {
            RadiusThrow.WrongLength(nameof(requestAuthenticator), RadiusPacket.AuthenticatorLength);
        }

        if (hidden.Length is 0 or > MaxPasswordLength || hidden.Length % 16 != 0)
        {
            password = [];
            return OperationStatus.InvalidData;
        }

        var plain = hidden.ToArray();
        XorChain(plain, secret, requestAuthenticator, encrypt: false);
        int end = plain.AsSpan().LastIndexOfAnyExcept((byte)0) + 1;
        password = plain[..end];
        CryptographicOperations.ZeroMemory(plain);
        return OperationStatus.Done;
    }

    /// <summary>
    /// The RFC 2865 §5.2 chain in place over 16-octet blocks: block i is XORed with MD5(Secret ‖ previous),
    /// where "previous" is the first block's seed or the preceding ciphertext block.
    /// </summary>
    internal static void XorChain(Span<byte> blocks, ReadOnlySpan<byte> secret, ReadOnlySpan<byte> seed, bool encrypt)
    {
        Span<byte> pad = stackalloc byte[16];
        Span<byte> previousCipher = stackalloc byte[16];
        seed.CopyTo(previousCipher);
        var md5 = Digests.Md5();
        for (int offset = 0; offset < blocks.Length; offset += 16)
        {
            md5.BlockUpdate(secret);
            md5.BlockUpdate(previousCipher);
            md5.DoFinal(pad);
            var block = blocks.Slice(offset, 16);
            if (encrypt)
            {
                Xor(block, pad);
                block.CopyTo(previousCipher);
            }
            else
            {
                block.CopyTo(previousCipher);
                Xor(block, pad);
            }
        }

        CryptographicOperations.ZeroMemory(pad);
    }

    private static void Xor(Span<byte> block, ReadOnlySpan<byte> pad)
    {
        for (int i = 0; i < block.Length; i++)
        {
            block[i] ^= pad[i];
        }
    }
}
