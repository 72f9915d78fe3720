using System.Buffers;
using System.Security.Cryptography;
using Sstp.Protocol.Crypto;

namespace Sstp.Protocol.Radius;

/// <summary>
/// MS-MPPE-Send-Key / MS-MPPE-Recv-Key encoding [RFC 2548 §2.4.2, §2.4.3; AUTH.md §7.5]:
/// <code>
/// +----------+----------+------------------------------------------+
/// | Salt (2, leftmost bit 1)  |  String = c1 ‖ c2 ‖ …  (16·n octets) |
/// +----------+----------+------------------------------------------+
/// P  = KeyLength(1) ‖ Key ‖ 0x00 padding to a multiple of 16
/// b1 = MD5(Secret ‖ RequestAuthenticator ‖ Salt);  c1 = p1 XOR b1
/// bi = MD5(Secret ‖ c(i−1));                       ci = pi XOR bi
/// </code>
/// A 16-octet key gives a 34-octet value, a 32-octet key a 50-octet value. The Request Authenticator is the one
/// of the Access-Request being answered. Decoding does not insist on the Salt's top bit (lenient).
/// </summary>
public static class MsMppeKey
{
    /// <summary>Length of the Salt field.</summary>
    public const int SaltLength = 2;

    /// <summary>Longest key that fits one vendor attribute (247 − 2 salt, 16-aligned, minus the length octet).</summary>
    public const int MaxKeyLength = 239;

    /// <summary>Encoded value length (Salt + String) for a key of <paramref name="keyLength"/> octets.</summary>
    public static int GetEncodedLength(int keyLength) => SaltLength + ((keyLength + 1 + 15) / 16 * 16);

    /// <summary>Encrypts <paramref name="key"/> with <paramref name="salt"/>; returns the octets written (Salt ‖ String).</summary>
    /// <exception cref="ArgumentException">Salt not 2 bytes, authenticator not 16, key too long, or destination too small.</exception>
    public static int Encrypt(ReadOnlySpan<byte> key, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> secret, ReadOnlySpan<byte> requestAuthenticator, Span<byte> destination)
    {
        if (salt.Length != SaltLength)
        {
            RadiusThrow.WrongLength(nameof(salt), SaltLength);
        }

        if (requestAuthenticator.Length != RadiusPacket.AuthenticatorLength)
        {
            RadiusThrow.WrongLength(nameof(requestAuthenticator), RadiusPacket.AuthenticatorLength);
        }

        if (key.Length > MaxKeyLength)
        {
            RadiusThrow.ValueTooLong(nameof(key), MaxKeyLength);
        }

        int length = GetEncodedLength(key.Length);
        if (destination.Length < length)
        {
            RadiusThrow.PacketFull(length, destination.Length);
        }

        var output = destination[..length];
        output.Clear();
        salt.CopyTo(output);
        var body = output[SaltLength..];
        body[0] = (byte)key.Length;
        key.CopyTo(body[1..]);
        Span<byte> seed = stackalloc byte[16];
        FirstSeed(secret, requestAuthenticator, salt, seed);
        ChainFromFirstPad(body, secret, seed, encrypt: true);
        return length;
    }

    /// <summary>Decrypts a Salt ‖ String value into the key. Never throws on the value.</summary>
    /// <exception cref="ArgumentException"><paramref name="requestAuthenticator"/> is not 16 bytes.</exception>
    public static OperationStatus TryDecrypt(ReadOnlySpan<byte> value, ReadOnlySpan<byte> secret, ReadOnlySpan<byte> requestAuthenticator, out byte[] key, out MsMppeKeyError error)
    {
        if (requestAuthenticator.Length != RadiusPacket.AuthenticatorLength)
        {
            RadiusThrow.WrongLength(nameof(requestAuthenticator), RadiusPacket.AuthenticatorLength);
        }

        key = [];
        var cipher = value.Length >= SaltLength ? value[SaltLength..] : default;
        if (cipher.IsEmpty || cipher.Length % 16 != 0)
        {
            error = MsMppeKeyError.BadLength;
            return OperationStatus.InvalidData;
        }

        var plain = cipher.ToArray();
        Span<byte> seed = stackalloc byte[16];
        FirstSeed(secret, requestAuthenticator, value[..SaltLength], seed);
        ChainFromFirstPad(plain, secret, seed, encrypt: false);
        int keyLength = plain[0];
        if (keyLength == 0 || keyLength > plain.Length - 1)
        {
            CryptographicOperations.ZeroMemory(plain);
            error = MsMppeKeyError.BadKeyLength;
            return OperationStatus.InvalidData;
        }

        key = plain[1..(1 + keyLength)];
        CryptographicOperations.ZeroMemory(plain);
        error = MsMppeKeyError.None;
        return OperationStatus.Done;
    }

    /// <summary>b1 = MD5(Secret ‖ RequestAuthenticator ‖ Salt).</summary>
    private static void FirstSeed(ReadOnlySpan<byte> secret, ReadOnlySpan<byte> requestAuthenticator, ReadOnlySpan<byte> salt, Span<byte> pad)
    {
        var md5 = Digests.Md5();
        md5.BlockUpdate(secret);
        md5.BlockUpdate(requestAuthenticator);
        md5.BlockUpdate(salt);
        md5.DoFinal(pad);
    }

    /// <summary>The §2.4.2 chain: block 1 uses <paramref name="firstPad"/>, block i uses MD5(Secret ‖ c(i−1)).</summary>
    private static void ChainFromFirstPad(Span<byte> blocks, ReadOnlySpan<byte> secret, Span<byte> firstPad, bool encrypt)
    {
        Span<byte> pad = stackalloc byte[16];
        firstPad.CopyTo(pad);
        Span<byte> cipher = stackalloc byte[16];
        var md5 = Digests.Md5();
        for (int offset = 0; offset < blocks.Length; offset += 16)
        {
            if (offset > 0)
            {
                md5.BlockUpdate(secret);
                md5.BlockUpdate(cipher);
                md5.DoFinal(pad);
            }

            var block = blocks.Slice(offset, 16);
            if (!encrypt)
            {
                block.CopyTo(cipher);
            }

            for (int i = 0; i < 16; i++)
            {
                block[i] ^= pad[i];
            }

            if (encrypt)
            {
                block.CopyTo(cipher);
            }
        }

        CryptographicOperations.ZeroMemory(pad);
        CryptographicOperations.ZeroMemory(firstPad);
    }
}
