using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Parameters;
using Sstp.Protocol.Crypto;
using Sstp.Protocol.Primitives;

namespace Sstp.Protocol.Radius;

/// <summary>
/// The packet authenticators [RFC 2865 §3, RFC 2866 §3, RFC 5176 §2.3 and §3.1, RFC 2869 §5.14,
/// RFC 3579 §3.2; AUTH.md §7.1]:
/// <code>
/// Access-Request authenticator       = 16 random octets
/// Accounting/Disconnect/CoA-Request  = MD5(Code ‖ Id ‖ Length ‖ 16×00 ‖ Attributes ‖ Secret)
/// Response (any reply)               = MD5(Code ‖ Id ‖ Length ‖ RequestAuthenticator ‖ Attributes ‖ Secret)
/// Message-Authenticator (80)         = HMAC-MD5(Secret, packet with this value = 16×00), where the
///     Authenticator field holds: Access-Request → its random value; reply → the request's authenticator;
///     Accounting/Disconnect/CoA-Request → 16×00. Computed before the Authenticator field is filled.
/// </code>
/// Signing works in place on a finished packet (<see cref="RadiusPacketWriter.Finish"/>); verification never
/// throws and compares in constant time. MD5 comes from BouncyCastle (the protocol fixes the algorithm).
/// </summary>
public static class RadiusAuthenticator
{
    /// <summary>Length of the Message-Authenticator value.</summary>
    public const int MessageAuthenticatorLength = 16;

    /// <summary>A fresh, unpredictable Access-Request authenticator (RFC 2865 §3).</summary>
    public static byte[] CreateRequestAuthenticator(IRandomSource random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var authenticator = new byte[RadiusPacket.AuthenticatorLength];
        random.Fill(authenticator);
        return authenticator;
    }

    /// <summary>
    /// Signs a finished Access-Request: fills Message-Authenticator when present (the random authenticator
    /// stays as written).
    /// </summary>
    /// <exception cref="ArgumentException">The packet is not a well-formed RADIUS packet.</exception>
    public static void SignAccessRequest(Span<byte> packet, ReadOnlySpan<byte> secret)
    {
        int offset = FindMessageAuthenticatorOrThrow(ref packet);
        if (offset >= 0)
        {
            FillMessageAuthenticator(packet, offset, default, secret);
        }
    }

    /// <summary>
    /// Signs a finished Accounting-, Disconnect- or CoA-Request: zeroes the Authenticator, fills
    /// Message-Authenticator when present, then writes the MD5 Request Authenticator.
    /// </summary>
    /// <exception cref="ArgumentException">The packet is not a well-formed RADIUS packet.</exception>
    public static void SignRequest(Span<byte> packet, ReadOnlySpan<byte> secret)
    {
        int offset = FindMessageAuthenticatorOrThrow(ref packet);
        var field = packet.Slice(RadiusPacket.AuthenticatorOffset, RadiusPacket.AuthenticatorLength);
        field.Clear();
        if (offset >= 0)
        {
            FillMessageAuthenticator(packet, offset, default, secret);
        }

        Md5OfPacket(packet, default, secret, field);
    }

    /// <summary>
    /// Signs a finished reply (Accept/Reject/Challenge, Accounting-Response, DM/CoA ACK/NAK): puts the
    /// request's authenticator in place, fills Message-Authenticator when present, then writes the Response
    /// Authenticator.
    /// </summary>
    /// <exception cref="ArgumentException">Malformed packet, or <paramref name="requestAuthenticator"/> not 16 bytes.</exception>
    public static void SignResponse(Span<byte> packet, ReadOnlySpan<byte> requestAuthenticator, ReadOnlySpan<byte> secret)
    {
        RequireAuthenticator(requestAuthenticator);
        int offset = FindMessageAuthenticatorOrThrow(ref packet);
        var field = packet.Slice(RadiusPacket.AuthenticatorOffset, RadiusPacket.AuthenticatorLength);
        requestAuthenticator.CopyTo(field);
        if (offset >= 0)
        {
            FillMessageAuthenticator(packet, offset, default, secret);
        }

        Md5OfPacket(packet, default, secret, field);
    }

    /// <summary>
    /// Checks a reply against the request it answers: the Response Authenticator, and Message-Authenticator
    /// when present; <paramref name="requireMessageAuthenticator"/> makes its absence an error (BlastRADIUS).
    /// Never throws on the packet's content.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="requestAuthenticator"/> is not 16 bytes.</exception>
    public static RadiusVerifyError VerifyResponse(ReadOnlySpan<byte> response, ReadOnlySpan<byte> requestAuthenticator, ReadOnlySpan<byte> secret, bool requireMessageAuthenticator)
    {
        RequireAuthenticator(requestAuthenticator);
        return Verify(response, requestAuthenticator, secret, requireMessageAuthenticator);
    }

    /// <summary>
    /// Checks a received Accounting-, Disconnect- or CoA-Request (RFC 2866 §3, RFC 5176 §3.1): the MD5 Request
    /// Authenticator over a zeroed field, and Message-Authenticator when present (or when required).
    /// For an Access-Request only Message-Authenticator can be checked. Never throws on the packet's content.
    /// </summary>
    public static RadiusVerifyError VerifyRequest(ReadOnlySpan<byte> request, ReadOnlySpan<byte> secret, bool requireMessageAuthenticator)
    {
        if (RadiusPacket.TryRead(request, out var view, out _) != System.Buffers.OperationStatus.Done)
        {
            return RadiusVerifyError.Malformed;
        }

        if (view.Code == RadiusCode.AccessRequest)
        {
            return VerifyMessageAuthenticator(view.Bytes, view.Authenticator, secret, requireMessageAuthenticator);
        }

        Span<byte> zeros = stackalloc byte[RadiusPacket.AuthenticatorLength];
        zeros.Clear();
        return Verify(request, zeros, secret, requireMessageAuthenticator);
    }

    /// <summary>
    /// Finds the single Message-Authenticator value: its offset, −1 when absent, or −2 when malformed (wrong
    /// length, repeated, or a malformed packet).
    /// </summary>
    internal static int FindMessageAuthenticator(ReadOnlySpan<byte> packet)
    {
        if (RadiusPacket.TryRead(packet, out var view, out _) != System.Buffers.OperationStatus.Done)
        {
            return -2;
        }

        int found = -1;
        int offset = RadiusPacket.HeaderLength;
        foreach (var attribute in view.Attributes)
        {
            if (attribute.Type == RadiusAttributeType.MessageAuthenticator)
            {
                if (found >= 0 || attribute.Value.Length != MessageAuthenticatorLength)
                {
                    return -2;
                }

                found = offset + 2;
            }

            offset += 2 + attribute.Value.Length;
        }

        return found;
    }

    private static RadiusVerifyError Verify(ReadOnlySpan<byte> packet, ReadOnlySpan<byte> authenticatorForHash, ReadOnlySpan<byte> secret, bool requireMessageAuthenticator)
    {
        if (RadiusPacket.TryRead(packet, out var view, out _) != System.Buffers.OperationStatus.Done)
        {
            return RadiusVerifyError.Malformed;
        }

        var bytes = view.Bytes;
        Span<byte> expected = stackalloc byte[RadiusPacket.AuthenticatorLength];
        Md5OfPacket(bytes, authenticatorForHash, secret, expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, view.Authenticator))
        {
            return RadiusVerifyError.BadAuthenticator;
        }

        return VerifyMessageAuthenticator(bytes, authenticatorForHash, secret, requireMessageAuthenticator);
    }

    private static RadiusVerifyError VerifyMessageAuthenticator(ReadOnlySpan<byte> bytes, ReadOnlySpan<byte> authenticatorForHmac, ReadOnlySpan<byte> secret, bool required)
    {
        int offset = FindMessageAuthenticator(bytes);
        if (offset == -2)
        {
            return RadiusVerifyError.MalformedMessageAuthenticator;
        }

        if (offset == -1)
        {
            return required ? RadiusVerifyError.MissingMessageAuthenticator : RadiusVerifyError.None;
        }

        Span<byte> expected = stackalloc byte[MessageAuthenticatorLength];
        HmacOfPacket(bytes, authenticatorForHmac, offset, secret, expected);
        return CryptographicOperations.FixedTimeEquals(expected, bytes.Slice(offset, MessageAuthenticatorLength))
            ? RadiusVerifyError.None
            : RadiusVerifyError.BadMessageAuthenticator;
    }

    /// <summary>Validates our own packet, trims it to its Length field and finds Message-Authenticator.</summary>
    private static int FindMessageAuthenticatorOrThrow(ref Span<byte> packet)
    {
        int offset = FindMessageAuthenticator(packet);
        if (offset == -2)
        {
            RadiusThrow.Invalid(nameof(packet), "Not a well-formed RADIUS packet with at most one 16-byte Message-Authenticator.");
        }

        packet = packet[..System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(packet[2..])];

        return offset;
    }

    private static void FillMessageAuthenticator(Span<byte> packet, int offset, ReadOnlySpan<byte> authenticatorSubstitute, ReadOnlySpan<byte> secret)
    {
        var value = packet.Slice(offset, MessageAuthenticatorLength);
        value.Clear();
        Span<byte> mac = stackalloc byte[MessageAuthenticatorLength];
        HmacOfPacket(packet, authenticatorSubstitute, offset, secret, mac);
        mac.CopyTo(value);
    }

    /// <summary>
    /// MD5 over the packet's first Length octets with the Authenticator field replaced by
    /// <paramref name="authenticatorSubstitute"/> (empty = as is), then the secret.
    /// </summary>
    private static void Md5OfPacket(ReadOnlySpan<byte> packet, ReadOnlySpan<byte> authenticatorSubstitute, ReadOnlySpan<byte> secret, Span<byte> hash)
    {
        var md5 = Digests.Md5();
        md5.BlockUpdate(packet[..RadiusPacket.AuthenticatorOffset]);
        md5.BlockUpdate(authenticatorSubstitute.IsEmpty ? packet.Slice(RadiusPacket.AuthenticatorOffset, RadiusPacket.AuthenticatorLength) : authenticatorSubstitute);
        md5.BlockUpdate(packet[RadiusPacket.HeaderLength..]);
        md5.BlockUpdate(secret);
        md5.DoFinal(hash);
    }

    /// <summary>
    /// HMAC-MD5 keyed with the secret over the packet with the Authenticator field replaced (empty = as is)
    /// and the 16 octets at <paramref name="macOffset"/> taken as zeros.
    /// </summary>
    private static void HmacOfPacket(ReadOnlySpan<byte> packet, ReadOnlySpan<byte> authenticatorSubstitute, int macOffset, ReadOnlySpan<byte> secret, Span<byte> mac)
    {
        var hmac = new HMac(new MD5Digest());
        hmac.Init(new KeyParameter(secret));
        hmac.BlockUpdate(packet[..RadiusPacket.AuthenticatorOffset]);
        hmac.BlockUpdate(authenticatorSubstitute.IsEmpty ? packet.Slice(RadiusPacket.AuthenticatorOffset, RadiusPacket.AuthenticatorLength) : authenticatorSubstitute);
        hmac.BlockUpdate(packet[RadiusPacket.HeaderLength..macOffset]);
        Span<byte> zeros = stackalloc byte[MessageAuthenticatorLength];
        zeros.Clear();
        hmac.BlockUpdate(zeros);
        hmac.BlockUpdate(packet[(macOffset + MessageAuthenticatorLength)..]);
        hmac.DoFinal(mac);
    }

    private static void RequireAuthenticator(ReadOnlySpan<byte> authenticator)
    {
        if (authenticator.Length != RadiusPacket.AuthenticatorLength)
        {
            RadiusThrow.WrongLength(nameof(authenticator), RadiusPacket.AuthenticatorLength);
        }
    }
}
