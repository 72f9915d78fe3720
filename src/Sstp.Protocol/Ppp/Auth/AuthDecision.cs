using Sstp.Protocol.Crypto;

namespace Sstp.Protocol.Ppp.Auth;

/// <summary>
/// The host's answer to <see cref="AuthEvent.CredentialsReceived"/>, passed to <see cref="Authenticator.Complete"/>.
/// Built only through the factory methods; <see cref="MsChapV2Verifier"/>, <see cref="ChapMd5Verifier"/> and
/// <see cref="PapVerifier"/> build them for locally known passwords.
/// </summary>
public sealed class AuthDecision
{
    /// <summary>MS-CHAP error code 691, authentication failure (RFC 2759 §6).</summary>
    public const int DefaultErrorCode = MsChapV2FailureMessage.AuthenticationFailure;

    private readonly byte[] _hlak;

    private AuthDecision(AuthDecisionKind kind, string? authenticatorResponse, byte[] hlak, string? message, int errorCode, bool retryAllowed, byte[]? eapPacket)
    {
        Kind = kind;
        AuthenticatorResponse = authenticatorResponse;
        _hlak = hlak;
        Message = message;
        ErrorCode = errorCode;
        RetryAllowed = retryAllowed;
        EapPacket = eapPacket;
    }

    /// <summary>Accept, reject or continue.</summary>
    public AuthDecisionKind Kind { get; }

    /// <summary>MS-CHAPv2 accept: the 42-character <c>S=</c> + 40 hex digits the peer must see (RFC 2759 §5).</summary>
    public string? AuthenticatorResponse { get; }

    /// <summary>The 32-byte server HLAK (zeros when the method gives no keys).</summary>
    public ReadOnlySpan<byte> Hlak => _hlak;

    /// <summary>Text for the Success/Failure/Ack/Nak message, or null for the machine's default.</summary>
    public string? Message { get; }

    /// <summary>Reject: the MS-CHAP error code (691 default; 646–649, 709).</summary>
    public int ErrorCode { get; }

    /// <summary>Reject: whether MS-CHAPv2 may offer the peer a retry (<c>R=1</c>), subject to the settings.</summary>
    public bool RetryAllowed { get; }

    /// <summary>Pass-through EAP: the packet to send (next Request, or the back-end's Success/Failure), or null.</summary>
    public byte[]? EapPacket { get; }

    /// <summary>Accept without keys (PAP, CHAP-MD5): all-zero HLAK.</summary>
    public static AuthDecision Accept(string? message = null) =>
        new(AuthDecisionKind.Accept, null, new byte[AuthOutcome.HlakLength], message, 0, false, null);

    /// <summary>
    /// MS-CHAPv2 accept with the server's MPPE master keys; the HLAK becomes <c>Recv ‖ Send</c> (SSTP.md §8.3
    /// server rule; RADIUS MS-MPPE-Recv-Key / MS-MPPE-Send-Key).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="authenticatorResponse"/> is not 42 characters long.</exception>
    public static AuthDecision AcceptMsChapV2(string authenticatorResponse, ReadOnlySpan<byte> masterSendKey, ReadOnlySpan<byte> masterReceiveKey, string? message = null) =>
        AcceptMsChapV2WithHlak(authenticatorResponse, ServerHlak(masterReceiveKey, masterSendKey), message);

    /// <summary>MS-CHAPv2 accept with a ready HLAK (first 32 bytes used, zero-padded).</summary>
    /// <exception cref="ArgumentException"><paramref name="authenticatorResponse"/> is not 42 characters long.</exception>
    public static AuthDecision AcceptMsChapV2WithHlak(string authenticatorResponse, ReadOnlySpan<byte> hlak, string? message = null)
    {
        ArgumentNullException.ThrowIfNull(authenticatorResponse);
        if (authenticatorResponse.Length != MsChapV2.AuthenticatorResponseLength || !authenticatorResponse.StartsWith("S=", StringComparison.Ordinal))
        {
            throw new ArgumentException("Expected S= followed by 40 hex digits.", nameof(authenticatorResponse));
        }

        return new(AuthDecisionKind.Accept, authenticatorResponse, ServerHlak(hlak, default), message, 0, false, null);
    }

    /// <summary>Reject with an MS-CHAP error code (ignored by PAP/CHAP-MD5) and an optional retry offer.</summary>
    public static AuthDecision Reject(string? message = null, int errorCode = DefaultErrorCode, bool retryAllowed = false) =>
        new(AuthDecisionKind.Reject, null, new byte[AuthOutcome.HlakLength], message, errorCode, retryAllowed, null);

    /// <summary>Pass-through EAP: send this EAP Request to the peer (e.g. from a RADIUS Access-Challenge).</summary>
    public static AuthDecision EapContinue(byte[] eapRequest)
    {
        ArgumentNullException.ThrowIfNull(eapRequest);
        return new(AuthDecisionKind.EapContinue, null, new byte[AuthOutcome.HlakLength], null, 0, false, eapRequest);
    }

    /// <summary>
    /// Pass-through EAP accept with the back-end's keys (server view): HLAK = first 32 bytes of
    /// <c>Recv ‖ Send</c> (for EAP a 32-byte Recv-Key is the whole HLAK). <paramref name="eapSuccess"/> is
    /// the back-end's EAP-Success, or null to let the machine build one.
    /// </summary>
    public static AuthDecision EapAccept(ReadOnlySpan<byte> masterReceiveKey, ReadOnlySpan<byte> masterSendKey, byte[]? eapSuccess = null) =>
        new(AuthDecisionKind.Accept, null, ServerHlak(masterReceiveKey, masterSendKey), null, 0, false, eapSuccess);

    /// <summary>Pass-through EAP reject; <paramref name="eapFailure"/> is the back-end's EAP-Failure or null.</summary>
    public static AuthDecision EapReject(byte[]? eapFailure = null) =>
        new(AuthDecisionKind.Reject, null, new byte[AuthOutcome.HlakLength], null, DefaultErrorCode, false, eapFailure);

    /// <summary>
    /// SSTP.md §8.3 server rule: first 32 bytes of <c>receiveKey ‖ sendKey</c>, zero-padded to 32.
    /// </summary>
    public static byte[] ServerHlak(ReadOnlySpan<byte> receiveKey, ReadOnlySpan<byte> sendKey)
    {
        var hlak = new byte[AuthOutcome.HlakLength];
        int first = Math.Min(receiveKey.Length, hlak.Length);
        receiveKey[..first].CopyTo(hlak);
        int second = Math.Min(sendKey.Length, hlak.Length - first);
        sendKey[..second].CopyTo(hlak.AsSpan(first));
        return hlak;
    }
}
