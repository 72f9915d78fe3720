namespace Sstp.Protocol.Ppp.Auth;

/// <summary>PAP packet codes [RFC 1334 §2.2].</summary>
public enum PapCode : byte
{
    /// <summary>Authenticate-Request (1), peer → authenticator.</summary>
    AuthenticateRequest = 1,

    /// <summary>Authenticate-Ack (2).</summary>
    AuthenticateAck = 2,

    /// <summary>Authenticate-Nak (3).</summary>
    AuthenticateNak = 3,
}
