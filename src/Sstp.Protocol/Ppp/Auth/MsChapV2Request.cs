namespace Sstp.Protocol.Ppp.Auth;

/// <summary>
/// An MS-CHAPv2 Response with the Challenge it answers (RFC 2759 §4), from plain CHAP or EAP-MSCHAPv2.
/// Check it with <see cref="MsChapV2Verifier"/>, or send it to RADIUS (RFC 2548 MS-CHAP-Challenge /
/// MS-CHAP2-Response with <paramref name="Id"/> as Ident).
/// </summary>
/// <param name="User">The Name field as sent (UTF-8), possibly <c>DOMAIN\user</c>; the hash uses only the part after the backslash.</param>
/// <param name="AuthenticatorChallenge">The 16-byte challenge we sent.</param>
/// <param name="PeerChallenge">The peer's 16-byte challenge.</param>
/// <param name="NtResponse">The 24-byte NT-Response.</param>
/// <param name="Id">The CHAP Identifier (or MS-CHAPv2-ID in EAP).</param>
public sealed record MsChapV2Request(string User, byte[] AuthenticatorChallenge, byte[] PeerChallenge, byte[] NtResponse, byte Id) : AuthRequest;
