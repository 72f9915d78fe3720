namespace Sstp.Protocol.Ppp.Auth;

/// <summary>CHAP packet codes [RFC 1994 §4; RFC 2759 §3–§7 for MS-CHAPv2].</summary>
public enum ChapCode : byte
{
    /// <summary>Challenge (1), authenticator → peer.</summary>
    Challenge = 1,

    /// <summary>Response (2), peer → authenticator.</summary>
    Response = 2,

    /// <summary>Success (3).</summary>
    Success = 3,

    /// <summary>Failure (4).</summary>
    Failure = 4,

    /// <summary>MS-CHAPv2 Change-Password (7), RFC 2759 §7; parsed as an opaque message.</summary>
    ChangePassword = 7,
}

/// <summary>The CHAP algorithm octet of the LCP Authentication-Protocol option (RFC 1994 §3, RFC 2759 §2).</summary>
public enum ChapAlgorithm : byte
{
    /// <summary>CHAP with MD5 (5).</summary>
    Md5 = 5,

    /// <summary>MS-CHAPv2 (0x81).</summary>
    MsChapV2 = 0x81,
}
