using System.Security.Cryptography;

namespace Sstp.Protocol.Crypto;

/// <summary>
/// The CHAP MD5 response [RFC 1994 §4.1; AUTH.md §3]:
/// <code>
/// Response = MD5(Identifier(1) ‖ secret ‖ Challenge-Value)      (16 bytes)
/// </code>
/// </summary>
public static class ChapMd5
{
    /// <summary>Length of the response value.</summary>
    public const int ResponseLength = 16;

    /// <summary>Computes the response into <paramref name="response"/> (16 bytes).</summary>
    /// <exception cref="ArgumentException"><paramref name="response"/> is not 16 bytes long.</exception>
    public static void ComputeResponse(byte identifier, ReadOnlySpan<byte> secret, ReadOnlySpan<byte> challenge, Span<byte> response)
    {
        CryptoThrow.RequireLength(response.Length, ResponseLength, nameof(response));
        var md5 = Digests.Md5();
        md5.Update(identifier);
        md5.BlockUpdate(secret);
        md5.BlockUpdate(challenge);
        md5.DoFinal(response);
        md5.Reset();
    }

    /// <summary>Computes the response and returns it as a new 16-byte array.</summary>
    public static byte[] ComputeResponse(byte identifier, ReadOnlySpan<byte> secret, ReadOnlySpan<byte> challenge)
    {
        var response = new byte[ResponseLength];
        ComputeResponse(identifier, secret, challenge, response);
        return response;
    }

    /// <summary>True when <paramref name="received"/> equals the expected response (constant-time compare).</summary>
    public static bool Verify(byte identifier, ReadOnlySpan<byte> secret, ReadOnlySpan<byte> challenge, ReadOnlySpan<byte> received)
    {
        Span<byte> expected = stackalloc byte[ResponseLength];
        ComputeResponse(identifier, secret, challenge, expected);
        bool same = CryptographicOperations.FixedTimeEquals(expected, received);
        CryptographicOperations.ZeroMemory(expected);
        return same;
    }
}
