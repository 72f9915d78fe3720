using System.Buffers;
using System.Text;
using Sstp.Protocol.Crypto;
using Sstp.Protocol.Ppp.Auth;

namespace Sstp.Protocol.Radius;

/// <summary>
/// Values of the CHAP and MS-CHAP attributes [RFC 2865 §5.3, §5.40; RFC 2548 §2.1.2, §2.1.5, §2.3.2, §2.3.3;
/// AUTH.md §7.3, §7.4]:
/// <code>
/// CHAP-Password (3)         Ident(1) ‖ Response(16)
/// CHAP-Challenge (60)       the challenge as sent
/// MS-CHAP-Challenge (311/11)  the 16-octet authenticator challenge
/// MS-CHAP2-Response (311/25)  Ident(1) ‖ Flags(1)=0 ‖ Peer-Challenge(16) ‖ Reserved(8)=0 ‖ NT-Response(24)
/// MS-CHAP2-Success (311/26)   Ident(1) ‖ "S=" 40 hex digits [‖ " M=…"]
/// MS-CHAP-Error (311/2)       Ident(1) ‖ "E=… R=… C=… V=… M=…"
/// </code>
/// </summary>
public static class RadiusChapAttributes
{
    /// <summary>Length of a CHAP-Password value.</summary>
    public const int ChapPasswordLength = 1 + ChapMd5.ResponseLength;

    /// <summary>Length of an MS-CHAP2-Response value.</summary>
    public const int MsChap2ResponseLength = 50;

    /// <summary>Writes CHAP-Password; returns 17.</summary>
    /// <exception cref="ArgumentException">The response is not 16 bytes or the destination is too small.</exception>
    public static int WriteChapPassword(Span<byte> destination, byte identifier, ReadOnlySpan<byte> response)
    {
        if (response.Length != ChapMd5.ResponseLength)
        {
            RadiusThrow.WrongLength(nameof(response), ChapMd5.ResponseLength);
        }

        if (destination.Length < ChapPasswordLength)
        {
            RadiusThrow.PacketFull(ChapPasswordLength, destination.Length);
        }

        destination[0] = identifier;
        response.CopyTo(destination[1..]);
        return ChapPasswordLength;
    }

    /// <summary>Writes MS-CHAP2-Response with Flags and Reserved zero; returns 50.</summary>
    /// <exception cref="ArgumentException">Wrong challenge/response lengths or destination too small.</exception>
    public static int WriteMsChap2Response(Span<byte> destination, byte identifier, ReadOnlySpan<byte> peerChallenge, ReadOnlySpan<byte> ntResponse)
    {
        if (peerChallenge.Length != MsChapV2.ChallengeLength)
        {
            RadiusThrow.WrongLength(nameof(peerChallenge), MsChapV2.ChallengeLength);
        }

        if (ntResponse.Length != MsChapV2.NtResponseLength)
        {
            RadiusThrow.WrongLength(nameof(ntResponse), MsChapV2.NtResponseLength);
        }

        if (destination.Length < MsChap2ResponseLength)
        {
            RadiusThrow.PacketFull(MsChap2ResponseLength, destination.Length);
        }

        var value = destination[..MsChap2ResponseLength];
        value.Clear();
        value[0] = identifier;
        peerChallenge.CopyTo(value[2..]);
        ntResponse.CopyTo(value[26..]);
        return MsChap2ResponseLength;
    }

    /// <summary>
    /// Reads MS-CHAP2-Success: the Ident and the 42-character <c>S=…</c> authenticator response (anything
    /// after it, such as " M=…", is ignored). Never throws.
    /// </summary>
    public static bool TryReadMsChap2Success(ReadOnlySpan<byte> value, out byte identifier, out string authenticatorResponse)
    {
        Span<byte> digest = stackalloc byte[MsChapV2.AuthenticatorDigestLength];
        if (value.Length < 1 + MsChapV2.AuthenticatorResponseLength || !MsChapV2.TryParseAuthenticatorResponse(value[1..], digest))
        {
            identifier = 0;
            authenticatorResponse = string.Empty;
            return false;
        }

        identifier = value[0];
        authenticatorResponse = Encoding.ASCII.GetString(value.Slice(1, MsChapV2.AuthenticatorResponseLength));
        return true;
    }

    /// <summary>Reads MS-CHAP-Error: the Ident and the parsed failure message. Never throws.</summary>
    public static bool TryReadMsChapError(ReadOnlySpan<byte> value, out byte identifier, out MsChapV2FailureMessage? message)
    {
        message = null;
        identifier = 0;
        if (value.IsEmpty || MsChapV2FailureMessage.TryParse(value[1..], out message, out _) != OperationStatus.Done)
        {
            return false;
        }

        identifier = value[0];
        return true;
    }
}
