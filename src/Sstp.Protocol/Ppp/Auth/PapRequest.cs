namespace Sstp.Protocol.Ppp.Auth;

/// <summary>A PAP Authenticate-Request (RFC 1334 §2.2.1). Check it with <see cref="PapVerifier"/>.</summary>
/// <param name="User">The Peer-ID, decoded as UTF-8.</param>
/// <param name="Password">The password bytes as sent; the host should wipe them after use.</param>
public sealed record PapRequest(string User, byte[] Password) : AuthRequest;
