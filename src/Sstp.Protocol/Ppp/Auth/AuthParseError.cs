namespace Sstp.Protocol.Ppp.Auth;

/// <summary>Which rule an authentication packet broke (returned with <see cref="System.Buffers.OperationStatus.InvalidData"/>).</summary>
public enum AuthParseError
{
    /// <summary>No error.</summary>
    None = 0,

    /// <summary>Header shorter than 4 bytes, Length &lt; 4 or Length beyond the input (RFC 1661 §5).</summary>
    BadHeader,

    /// <summary>The Code is not one this protocol defines.</summary>
    UnknownCode,

    /// <summary>PAP: Peer-ID-Length runs past the packet (RFC 1334 §2.2.1).</summary>
    PeerIdOverrun,

    /// <summary>PAP: Passwd-Length runs past the packet, or is missing (RFC 1334 §2.2.1).</summary>
    PasswordOverrun,

    /// <summary>PAP: Msg-Length runs past the packet (RFC 1334 §2.2.2).</summary>
    MessageOverrun,

    /// <summary>CHAP: Value-Size missing or running past the packet (RFC 1994 §4.1).</summary>
    ValueOverrun,

    /// <summary>MS-CHAPv2: a Challenge whose value is not 16 bytes (RFC 2759 §3).</summary>
    ChallengeSizeInvalid,

    /// <summary>MS-CHAPv2: a Response whose value is not 49 bytes (RFC 2759 §4).</summary>
    ResponseSizeInvalid,

    /// <summary>MS-CHAPv2 Failure: no <c>E=</c> field with a decimal error code (RFC 2759 §6).</summary>
    FailureCodeMissing,

    /// <summary>MS-CHAPv2 Failure: a field (<c>R=</c>, <c>C=</c>, <c>V=</c>) with a malformed value (RFC 2759 §6).</summary>
    FailureFieldInvalid,

    /// <summary>EAP: a Request or Response without a Type octet (RFC 3748 §4.1).</summary>
    EapTypeMissing,

    /// <summary>EAP-MSCHAPv2: fewer than the OpCode/MS-CHAPv2-ID/MS-Length bytes, or MS-Length out of range (AUTH.md §6.1).</summary>
    EapMsChapV2HeaderInvalid,
}
