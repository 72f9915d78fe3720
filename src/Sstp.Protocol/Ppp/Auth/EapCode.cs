namespace Sstp.Protocol.Ppp.Auth;

/// <summary>EAP packet codes [RFC 3748 §4].</summary>
public enum EapCode : byte
{
    /// <summary>Request (1), authenticator → peer.</summary>
    Request = 1,

    /// <summary>Response (2), peer → authenticator.</summary>
    Response = 2,

    /// <summary>Success (3), exactly 4 bytes.</summary>
    Success = 3,

    /// <summary>Failure (4), exactly 4 bytes.</summary>
    Failure = 4,
}

/// <summary>EAP method types used here [RFC 3748 §5; AUTH.md §6].</summary>
public enum EapType : byte
{
    /// <summary>Identity (1).</summary>
    Identity = 1,

    /// <summary>Notification (2).</summary>
    Notification = 2,

    /// <summary>Legacy Nak (3), Response only: the list of desired types.</summary>
    LegacyNak = 3,

    /// <summary>MD5-Challenge (4).</summary>
    Md5Challenge = 4,

    /// <summary>EAP-TLS (13), RFC 5216.</summary>
    Tls = 13,

    /// <summary>PEAP (25).</summary>
    Peap = 25,

    /// <summary>EAP-MSCHAPv2 (26), draft-kamath-pppext-eap-mschapv2.</summary>
    MsChapV2 = 26,

    /// <summary>Expanded types (254).</summary>
    Expanded = 254,
}

/// <summary>EAP-MSCHAPv2 OpCodes [draft-kamath-pppext-eap-mschapv2; AUTH.md §6.1].</summary>
public enum EapMsChapV2OpCode : byte
{
    /// <summary>Challenge (1), in a Request.</summary>
    Challenge = 1,

    /// <summary>Response (2), in a Response.</summary>
    Response = 2,

    /// <summary>Success (3): Request with <c>S=… M=…</c>; the peer's Response is the bare OpCode.</summary>
    Success = 3,

    /// <summary>Failure (4): Request with <c>E=… R=… C=… V=… M=…</c>; the peer's Response is the bare OpCode.</summary>
    Failure = 4,

    /// <summary>Change-Password (7), in a Response.</summary>
    ChangePassword = 7,
}
