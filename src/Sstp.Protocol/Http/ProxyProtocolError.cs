namespace Sstp.Protocol.Http;

/// <summary>Why a PROXY protocol header was refused (INTEROP.md §9.2). A refused connection is dropped.</summary>
public enum ProxyProtocolError
{
    /// <summary>The header was accepted.</summary>
    None = 0,

    /// <summary>Neither the v2 signature nor "PROXY " starts the stream.</summary>
    BadSignature,

    /// <summary>v2: the high nibble of byte 12 is not 2.</summary>
    BadVersion,

    /// <summary>v2: the low nibble of byte 12 is neither LOCAL (0) nor PROXY (1).</summary>
    BadCommand,

    /// <summary>v2: an undefined address family/transport byte; v1: a protocol other than TCP4, TCP6, UNKNOWN.</summary>
    BadFamily,

    /// <summary>v2: the length field is smaller than the address block its family needs.</summary>
    BadLength,

    /// <summary>v2: a TLV overruns the header, or the AUTHORITY value is not UTF-8.</summary>
    BadTlv,

    /// <summary>v1: no CRLF within 107 bytes.</summary>
    V1TooLong,

    /// <summary>v1: wrong spacing, wrong field count, a non-ASCII byte or a bare CR or LF.</summary>
    BadV1Text,

    /// <summary>v1: an address that is not a plain dotted quad (TCP4) or an IPv6 literal (TCP6).</summary>
    BadAddress,

    /// <summary>v1: a port that is not 1 to 5 decimal digits with a value up to 65535.</summary>
    BadPort,
}
