using System.Security.Cryptography;

namespace Sstp.Protocol.Sstp;

/// <summary>
/// Crypto binding [MS-SSTP §3.2.5.2, §3.3.5.2.3], SSTP.md §8: proves that the TLS endpoint the client checked is
/// the party that ran PPP authentication.
/// <code>
/// CMK = first LEN bytes of HMAC-H(HLAK, "SSTP inner method derived CMK" ‖ LEN (2 bytes, LITTLE-endian) ‖ 0x01)
///       LEN = 20 (SHA-1) or 32 (SHA-256); one PRF+ block (RFC 4306 §2.13) is always enough
/// MAC = HMAC-H(CMK, CALL_CONNECTED[0..112) with bytes 80..111 set to zero)
/// CALL_CONNECTED offsets: 15 hash protocol | 16..47 nonce | 48..79 cert hash (+pad) | 80..111 MAC (+pad)
/// </code>
/// </summary>
public static class CryptoBinding
{
    /// <summary>The PRF+ seed, 29 ASCII bytes.</summary>
    public static ReadOnlySpan<byte> CmkSeed => "SSTP inner method derived CMK"u8;

    private const int MacOffset = 80;
    private const int HashAreaLength = 32;

    /// <summary>Output length (CMK, cert hash and MAC) of a single hash protocol: 20 or 32.</summary>
    public static int GetHashLength(CertHashProtocol hashProtocol) => hashProtocol switch
    {
        CertHashProtocol.Sha1 => 20,
        CertHashProtocol.Sha256 => 32,
        _ => ThrowNotSingle(hashProtocol),
    };

    /// <summary>
    /// Derives the Compound MAC Key from a 32-byte HLAK. Returns the bytes written (20 or 32).
    /// </summary>
    public static int ComputeCmk(CertHashProtocol hashProtocol, ReadOnlySpan<byte> hlak32, Span<byte> cmk)
    {
        int length = GetHashLength(hashProtocol);
        if (hlak32.Length != Hlak.Length)
        {
            SstpThrow.BadArgument("The HLAK is 32 bytes (see Hlak).", nameof(hlak32));
        }

        if (cmk.Length < length)
        {
            SstpThrow.DestinationTooSmall(length, cmk.Length);
        }

        // T1 input: seed (29) ‖ LEN as 16-bit little-endian (the one little-endian field of SSTP) ‖ 0x01.
        Span<byte> input = stackalloc byte[32];
        CmkSeed.CopyTo(input);
        input[29] = (byte)length;
        input[30] = 0;
        input[31] = 0x01;
        Hmac(hashProtocol, hlak32, input, cmk[..length]);
        return length;
    }

    /// <summary>
    /// Computes the Compound MAC over a 112-byte CALL_CONNECTED (its MAC area is treated as zero whatever it
    /// holds). Returns the bytes written (20 or 32).
    /// </summary>
    public static int ComputeCompoundMac(
        CertHashProtocol hashProtocol, ReadOnlySpan<byte> cmk, ReadOnlySpan<byte> callConnected112, Span<byte> mac)
    {
        int length = GetHashLength(hashProtocol);
        if (callConnected112.Length != SstpControlMessage.CallConnectedLength)
        {
            SstpThrow.BadArgument("CALL_CONNECTED is 112 bytes.", nameof(callConnected112));
        }

        if (mac.Length < length)
        {
            SstpThrow.DestinationTooSmall(length, mac.Length);
        }

        Span<byte> message = stackalloc byte[SstpControlMessage.CallConnectedLength];
        callConnected112.CopyTo(message);
        message[MacOffset..].Clear();
        Hmac(hashProtocol, cmk[..length], message, mac[..length]);
        return length;
    }

    /// <summary>
    /// Client: writes the complete CALL_CONNECTED with nonce, certificate hash and Compound MAC keyed from
    /// <paramref name="hlak"/> (32 bytes). Returns 112.
    /// </summary>
    public static int WriteCallConnected(
        Span<byte> destination,
        CertHashProtocol hashProtocol,
        ReadOnlySpan<byte> nonce,
        ReadOnlySpan<byte> certHash,
        ReadOnlySpan<byte> hlak)
    {
        int length = GetHashLength(hashProtocol);
        if (certHash.Length != length)
        {
            SstpThrow.BadArgument($"The certificate hash for {hashProtocol} is {length} bytes.", nameof(certHash));
        }

        int written = SstpControlMessage.WriteCallConnected(destination, hashProtocol, nonce, certHash, default);
        Span<byte> cmk = stackalloc byte[HashAreaLength];
        ComputeCmk(hashProtocol, hlak, cmk);
        ComputeCompoundMac(hashProtocol, cmk[..length], destination[..written], destination.Slice(MacOffset, length));
        CryptographicOperations.ZeroMemory(cmk);
        return written;
    }

    /// <summary>
    /// Server: checks a received CALL_CONNECTED (SSTP.md §8.6) against the nonce we sent, the hash protocols we
    /// offered, every acceptable certificate hash (several may be valid during renewal or behind several
    /// front-ends; an empty list for the chosen protocol fails the check) and our HLAK. Never throws on peer
    /// input; comparisons of secret-derived values are constant-time.
    /// </summary>
    public static CryptoBindingResult Verify(
        ReadOnlySpan<byte> callConnected,
        ReadOnlySpan<byte> expectedNonce,
        CertHashProtocol offered,
        IReadOnlyList<byte[]> acceptableSha1,
        IReadOnlyList<byte[]> acceptableSha256,
        ReadOnlySpan<byte> hlak)
    {
        ArgumentNullException.ThrowIfNull(acceptableSha1);
        ArgumentNullException.ThrowIfNull(acceptableSha256);
        var result = CheckShape(callConnected, out var hashProtocol);
        if (result != CryptoBindingResult.Ok)
        {
            return result;
        }

        var attribute = callConnected[12..];
        if (!CryptographicOperations.FixedTimeEquals(attribute.Slice(4, 32), expectedNonce))
        {
            return CryptoBindingResult.NonceMismatch;
        }

        if (hashProtocol is not (CertHashProtocol.Sha1 or CertHashProtocol.Sha256) || (offered & hashProtocol) == 0)
        {
            return CryptoBindingResult.HashProtocolNotOffered;
        }

        int length = GetHashLength(hashProtocol);
        var certHash = attribute.Slice(36, length);
        bool certOk = false;
        foreach (var acceptable in hashProtocol == CertHashProtocol.Sha1 ? acceptableSha1 : acceptableSha256)
        {
            certOk |= CryptographicOperations.FixedTimeEquals(certHash, acceptable);
        }

        if (!certOk)
        {
            return CryptoBindingResult.CertHashMismatch;
        }

        Span<byte> cmk = stackalloc byte[HashAreaLength];
        Span<byte> mac = stackalloc byte[HashAreaLength];
        ComputeCmk(hashProtocol, hlak, cmk);
        ComputeCompoundMac(hashProtocol, cmk[..length], callConnected, mac);
        bool macOk = CryptographicOperations.FixedTimeEquals(mac[..length], attribute.Slice(68, length));
        CryptographicOperations.ZeroMemory(cmk);
        return macOk ? CryptoBindingResult.Ok : CryptoBindingResult.MacMismatch;
    }

    /// <summary>
    /// Structural checks of §8.6 step 1 and §8.7: parses, has no non-zero Status Info, has exactly one 104-byte
    /// Crypto Binding and is 112 bytes. Also reports the Hash Protocol byte.
    /// </summary>
    internal static CryptoBindingResult CheckShape(ReadOnlySpan<byte> callConnected, out CertHashProtocol hashProtocol)
    {
        hashProtocol = CertHashProtocol.None;
        if (SstpControlMessage.TryParse(callConnected, out var message, out _) != System.Buffers.OperationStatus.Done)
        {
            return CryptoBindingResult.BadLength;
        }

        if (message.TryGetStatusInfo(out _, out var status, out _) && status != SstpStatus.NoError)
        {
            return CryptoBindingResult.MissingAttribute;
        }

        if (!message.TryGetAttribute(SstpAttributeId.CryptoBinding, out var value))
        {
            return CryptoBindingResult.MissingAttribute;
        }

        if (value.Length != 100 || callConnected.Length != SstpControlMessage.CallConnectedLength)
        {
            return CryptoBindingResult.BadLength;
        }

        hashProtocol = (CertHashProtocol)value[3];
        return CryptoBindingResult.Ok;
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage(
        "Security",
        "CA5350:Do Not Use Weak Cryptographic Algorithms",
        Justification = "MS-SSTP §2.2.7 mandates HMAC-SHA1 when the server offers only CERT_HASH_PROTOCOL_SHA1.")]
    private static void Hmac(CertHashProtocol hashProtocol, ReadOnlySpan<byte> key, ReadOnlySpan<byte> source, Span<byte> destination)
    {
        if (hashProtocol == CertHashProtocol.Sha1)
        {
            HMACSHA1.HashData(key, source, destination);
        }
        else
        {
            HMACSHA256.HashData(key, source, destination);
        }
    }

    private static int ThrowNotSingle(CertHashProtocol hashProtocol)
    {
        SstpThrow.BadArgument($"'{hashProtocol}' is not a single hash protocol.", nameof(hashProtocol));
        return 0;
    }
}
