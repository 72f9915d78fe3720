namespace Sstp.Protocol.Ppp.Auth;

/// <summary>Where an authentication machine stands.</summary>
public enum AuthStatus
{
    /// <summary>Exchanging packets with the other side (also before <c>Start</c>).</summary>
    InProgress,

    /// <summary>Authenticator only: credentials were handed to the host, waiting for <c>Complete</c>.</summary>
    AwaitingHost,

    /// <summary>Authentication succeeded; <see cref="AuthEvent.Succeeded"/> was emitted.</summary>
    Succeeded,

    /// <summary>Authentication failed; <see cref="AuthEvent.Failed"/> was emitted.</summary>
    Failed,
}

/// <summary>The method that authenticated the link (for logs and for the HLAK rule of SSTP.md §8.3).</summary>
public enum AuthMethod
{
    /// <summary>PAP (RFC 1334).</summary>
    Pap,

    /// <summary>CHAP with MD5 (RFC 1994).</summary>
    ChapMd5,

    /// <summary>MS-CHAPv2 (RFC 2759).</summary>
    MsChapV2,

    /// <summary>EAP-MSCHAPv2 run by this machine.</summary>
    EapMsChapV2,

    /// <summary>EAP relayed to the host (e.g. a RADIUS server) in pass-through mode.</summary>
    EapPassThrough,
}

/// <summary>Why authentication failed.</summary>
public enum AuthFailure
{
    /// <summary>The credentials were refused (PAP Nak, CHAP/MS-CHAPv2 Failure, EAP Failure).</summary>
    BadCredentials,

    /// <summary>No answer within the retransmission budget or the overall timeout.</summary>
    Timeout,

    /// <summary>The other side refused the method (e.g. EAP Legacy Nak without a type we offer).</summary>
    PeerRefused,

    /// <summary>The other side broke the protocol in a way that cannot continue.</summary>
    ProtocolError,

    /// <summary>Peer only: the authenticator did not prove it knows the password (MS-CHAPv2 <c>S=</c> missing or wrong, RFC 2759 §5).</summary>
    AuthenticatorNotVerified,
}
