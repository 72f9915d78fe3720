using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using Sstp.Protocol.Crypto;
using Sstp.Protocol.Ppp.Auth;
using Sstp.Protocol.Primitives;

namespace Sstp.Protocol.Radius;

/// <summary>
/// Maps authentication between PPP and RADIUS [AUTH.md §7.3, §7.4, §8; RFC 2865, RFC 2548, RFC 3579]:
/// <list type="bullet">
/// <item><see cref="TryBuildAccessRequest"/> turns an <see cref="AuthRequest"/> into an Access-Request with
/// Message-Authenticator first (BlastRADIUS), User-Name, the method's attributes (PAP: User-Password;
/// CHAP-MD5: CHAP-Password + CHAP-Challenge; MS-CHAPv2: MS-CHAP-Challenge + MS-CHAP2-Response; EAP:
/// EAP-Message pieces + State), then the NAS attributes.</item>
/// <item><see cref="MapResponse"/> turns a verified Access-Accept/-Reject/-Challenge into an
/// <see cref="AuthDecision"/>: MS-CHAPv2 accept takes <c>S=…</c> from MS-CHAP2-Success and the HLAK
/// <c>Recv ‖ Send</c> from the decrypted MPPE keys; reject takes the MS-CHAP-Error code; EAP becomes
/// EapContinue / EapAccept (keys) / EapReject; plus the <see cref="RadiusAuthorization"/> of an accept.</item>
/// </list>
/// Both work on peer-derived input and never throw on it: a request that cannot be encoded (over-long field,
/// packet over 4096 octets) makes <see cref="TryBuildAccessRequest"/> return false.
/// </summary>
public static class RadiusAuthMapper
{
    /// <summary>
    /// Builds and signs an Access-Request. The Request Authenticator (needed to verify the answer and
    /// decrypt keys) is bytes 4..19 of <paramref name="packet"/>.
    /// </summary>
    /// <param name="request">The peer's credentials.</param>
    /// <param name="nas">NAS attributes to add.</param>
    /// <param name="secret">The shared secret.</param>
    /// <param name="identifier">The RADIUS Identifier.</param>
    /// <param name="random">Source of the random Request Authenticator.</param>
    /// <param name="packet">The signed packet.</param>
    /// <param name="state">EAP: the State from the last Access-Challenge, or empty.</param>
    /// <param name="userName">EAP: the identity (RFC 3579 §2.1); when null it is taken from an EAP-Response/Identity.</param>
    /// <returns>False when the request kind is unknown or a field cannot be encoded.</returns>
    public static bool TryBuildAccessRequest(AuthRequest request, RadiusNasAttributes nas, ReadOnlySpan<byte> secret, byte identifier, IRandomSource random, [NotNullWhen(true)] out byte[]? packet, ReadOnlySpan<byte> state = default, string? userName = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(nas);
        packet = null;
        var buffer = new byte[RadiusPacket.MaxLength];
        var authenticator = RadiusAuthenticator.CreateRequestAuthenticator(random);
        var writer = new RadiusPacketWriter(buffer, RadiusCode.AccessRequest, identifier, authenticator);
        writer.AddMessageAuthenticator();
        bool ok = request switch
        {
            PapRequest pap => TryAddPap(ref writer, pap, secret, authenticator),
            ChapMd5Request chap => TryAddChapMd5(ref writer, chap),
            MsChapV2Request ms => TryAddMsChapV2(ref writer, ms),
            EapPassThroughRequest eap => TryAddUserName(ref writer, userName ?? (TryGetEapIdentity(eap.EapPacket, out var id) ? id : null)),
            _ => false,
        };
        if (!ok)
        {
            return false;
        }

        nas.WriteTo(ref writer);
        if (request is EapPassThroughRequest eapRequest && !TryAddEap(ref writer, eapRequest.EapPacket, state))
        {
            return false;
        }

        int length = writer.Finish();
        RadiusAuthenticator.SignAccessRequest(buffer.AsSpan(0, length), secret);
        packet = buffer[..length];
        return true;
    }

    /// <summary>
    /// The identity of an EAP-Response/Identity (Code 2, Type 1; RFC 3748 §5.1) as UTF-8. Never throws.
    /// </summary>
    public static bool TryGetEapIdentity(ReadOnlySpan<byte> eapPacket, [NotNullWhen(true)] out string? identity)
    {
        identity = null;
        if (EapPacket.TryRead(eapPacket, out var eap, out _) != OperationStatus.Done || eap.Code != EapCode.Response || eap.Type != EapType.Identity)
        {
            return false;
        }

        identity = Encoding.UTF8.GetString(eap.TypeData);
        return true;
    }

    /// <summary>
    /// Maps a verified answer to the request built for <paramref name="request"/>. Anything unexpected
    /// (malformed packet, wrong code, MS-CHAPv2 accept without a valid MS-CHAP2-Success, challenge without
    /// EAP) becomes a reject. Never throws on the packet's content.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="requestAuthenticator"/> is not 16 bytes.</exception>
    public static RadiusAuthResult MapResponse(ReadOnlySpan<byte> response, AuthRequest request, ReadOnlySpan<byte> requestAuthenticator, ReadOnlySpan<byte> secret)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (requestAuthenticator.Length != RadiusPacket.AuthenticatorLength)
        {
            RadiusThrow.WrongLength(nameof(requestAuthenticator), RadiusPacket.AuthenticatorLength);
        }

        if (RadiusPacket.TryRead(response, out var view, out _) != OperationStatus.Done)
        {
            return new RadiusAuthResult(RejectFor(request, null), null, null, null);
        }

        var authorization = RadiusAuthorization.From(view);
        string? reply = authorization.ReplyMessage;
        return view.Code switch
        {
            RadiusCode.AccessAccept => MapAccept(view, request, requestAuthenticator, secret, authorization),
            RadiusCode.AccessReject => new RadiusAuthResult(MapReject(view, request, reply), null, null, reply),
            RadiusCode.AccessChallenge when request is EapPassThroughRequest && view.GetEapMessage() is byte[] eap =>
                new RadiusAuthResult(AuthDecision.EapContinue(eap), null, view.TryGetAttribute(RadiusAttributeType.State, out var state) ? state.ToArray() : null, reply),
            _ => new RadiusAuthResult(RejectFor(request, reply), null, null, reply),
        };
    }

    private static RadiusAuthResult MapAccept(RadiusPacketView view, AuthRequest request, ReadOnlySpan<byte> requestAuthenticator, ReadOnlySpan<byte> secret, RadiusAuthorization authorization)
    {
        string? reply = authorization.ReplyMessage;
        byte[] send = DecryptKey(view, MicrosoftAttributeType.MsMppeSendKey, secret, requestAuthenticator);
        byte[] recv = DecryptKey(view, MicrosoftAttributeType.MsMppeRecvKey, secret, requestAuthenticator);
        try
        {
            AuthDecision? decision = request switch
            {
                MsChapV2Request when view.TryGetMicrosoftAttribute(MicrosoftAttributeType.MsChap2Success, out var success)
                    && RadiusChapAttributes.TryReadMsChap2Success(success, out _, out string authenticatorResponse) =>
                    AuthDecision.AcceptMsChapV2WithHlak(authenticatorResponse, AuthDecision.ServerHlak(recv, send), reply),
                MsChapV2Request => null,
                EapPassThroughRequest => AuthDecision.EapAccept(recv, send, view.GetEapMessage()),
                _ => AuthDecision.Accept(reply),
            };
            return decision is null
                ? new RadiusAuthResult(AuthDecision.Reject(reply), null, null, reply)
                : new RadiusAuthResult(decision, authorization, null, reply);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(send);
            CryptographicOperations.ZeroMemory(recv);
        }
    }

    private static AuthDecision MapReject(RadiusPacketView view, AuthRequest request, string? reply)
    {
        if (request is MsChapV2Request
            && view.TryGetMicrosoftAttribute(MicrosoftAttributeType.MsChapError, out var errorValue)
            && RadiusChapAttributes.TryReadMsChapError(errorValue, out _, out var failure)
            && failure is not null)
        {
            return AuthDecision.Reject(failure.Text.Length > 0 ? failure.Text : reply, failure.ErrorCode, failure.RetryAllowed);
        }

        return request is EapPassThroughRequest ? AuthDecision.EapReject(view.GetEapMessage()) : AuthDecision.Reject(reply);
    }

    private static AuthDecision RejectFor(AuthRequest request, string? reply) =>
        request is EapPassThroughRequest ? AuthDecision.EapReject() : AuthDecision.Reject(reply);

    private static byte[] DecryptKey(RadiusPacketView view, MicrosoftAttributeType type, ReadOnlySpan<byte> secret, ReadOnlySpan<byte> requestAuthenticator) =>
        view.TryGetMicrosoftAttribute(type, out var value) && MsMppeKey.TryDecrypt(value, secret, requestAuthenticator, out var key, out _) == OperationStatus.Done
            ? key
            : [];

    private static bool TryAddUserName(ref RadiusPacketWriter writer, string? user)
    {
        if (user is null)
        {
            return true;
        }

        if (Encoding.UTF8.GetByteCount(user) is 0 or > RadiusPacket.MaxAttributeValueLength)
        {
            return false;
        }

        writer.AddString(RadiusAttributeType.UserName, user);
        return true;
    }

    private static bool TryAddPap(ref RadiusPacketWriter writer, PapRequest pap, ReadOnlySpan<byte> secret, ReadOnlySpan<byte> authenticator)
    {
        if (pap.Password.Length > RadiusUserPassword.MaxPasswordLength || !TryAddUserName(ref writer, pap.User))
        {
            return false;
        }

        Span<byte> hidden = stackalloc byte[RadiusUserPassword.MaxPasswordLength];
        int length = RadiusUserPassword.Hide(pap.Password, secret, authenticator, hidden);
        writer.Add(RadiusAttributeType.UserPassword, hidden[..length]);
        return true;
    }

    private static bool TryAddChapMd5(ref RadiusPacketWriter writer, ChapMd5Request chap)
    {
        if (chap.Response.Length != ChapMd5.ResponseLength || chap.Challenge.Length is 0 or > RadiusPacket.MaxAttributeValueLength || !TryAddUserName(ref writer, chap.User))
        {
            return false;
        }

        Span<byte> value = stackalloc byte[RadiusChapAttributes.ChapPasswordLength];
        RadiusChapAttributes.WriteChapPassword(value, chap.Id, chap.Response);
        writer.Add(RadiusAttributeType.ChapPassword, value);
        writer.Add(RadiusAttributeType.ChapChallenge, chap.Challenge);
        return true;
    }

    private static bool TryAddMsChapV2(ref RadiusPacketWriter writer, MsChapV2Request ms)
    {
        if (ms.AuthenticatorChallenge.Length != MsChapV2.ChallengeLength || ms.PeerChallenge.Length != MsChapV2.ChallengeLength
            || ms.NtResponse.Length != MsChapV2.NtResponseLength || !TryAddUserName(ref writer, ms.User))
        {
            return false;
        }

        Span<byte> value = stackalloc byte[RadiusChapAttributes.MsChap2ResponseLength];
        RadiusChapAttributes.WriteMsChap2Response(value, ms.Id, ms.PeerChallenge, ms.NtResponse);
        writer.AddMicrosoft(MicrosoftAttributeType.MsChapChallenge, ms.AuthenticatorChallenge);
        writer.AddMicrosoft(MicrosoftAttributeType.MsChap2Response, value);
        return true;
    }

    private static bool TryAddEap(ref RadiusPacketWriter writer, byte[] eap, ReadOnlySpan<byte> state)
    {
        int stateLength = state.IsEmpty ? 0 : 2 + state.Length;
        if (eap.Length == 0 || state.Length > RadiusPacket.MaxAttributeValueLength
            || RadiusPacketWriter.GetEapMessageLength(eap.Length) + stateLength > writer.Remaining)
        {
            return false;
        }

        writer.AddEapMessage(eap);
        if (!state.IsEmpty)
        {
            writer.Add(RadiusAttributeType.State, state);
        }

        return true;
    }
}
