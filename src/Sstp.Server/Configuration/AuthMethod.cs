namespace Sstp.Server.Configuration;

/// <summary>A PPP authentication method the server can offer (<c>server.auth</c>).</summary>
public enum AuthMethod
{
    /// <summary><c>pap</c>: PAP (RFC 1334); the password crosses the tunnel in clear (inside TLS). No crypto binding keys.</summary>
    Pap = 0,

    /// <summary><c>chap</c>: CHAP with MD5 (RFC 1994); needs the clear password stored (<c>sstp user add --chap</c>).</summary>
    Chap,

    /// <summary><c>mschapv2</c>: MS-CHAPv2 (RFC 2759); verified against the stored NT hash.</summary>
    MsChapV2,

    /// <summary><c>eap-mschapv2</c>: EAP carrying MS-CHAPv2 (RFC 3748, draft-kamath-pppext-eap-mschapv2).</summary>
    EapMsChapV2,
}
