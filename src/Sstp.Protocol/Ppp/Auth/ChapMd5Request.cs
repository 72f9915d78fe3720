namespace Sstp.Protocol.Ppp.Auth;

/// <summary>A CHAP-MD5 Response with the Challenge it answers (RFC 1994 §4.1). Check it with <see cref="ChapMd5Verifier"/>.</summary>
/// <param name="User">The Name field, decoded as UTF-8.</param>
/// <param name="Id">The CHAP Identifier (part of the hash).</param>
/// <param name="Challenge">The challenge value we sent.</param>
/// <param name="Response">The 16-byte response value.</param>
public sealed record ChapMd5Request(string User, byte Id, byte[] Challenge, byte[] Response) : AuthRequest;
