namespace Sstp.Protocol.Ppp;

/// <summary>
/// PPP protocol numbers used inside SSTP (PPP.md §1.3, RFC 1661 §2).
/// Values at or above 0x8000 are control protocols; below are network-layer data.
/// </summary>
public enum PppProtocol : ushort
{
    /// <summary>Internet Protocol version 4 (0x0021), data.</summary>
    IPv4 = 0x0021,
    /// <summary>Internet Protocol version 6 (0x0057), data.</summary>
    IPv6 = 0x0057,
    /// <summary>IP Control Protocol (0x8021), RFC 1332.</summary>
    Ipcp = 0x8021,
    /// <summary>IPv6 Control Protocol (0x8057), RFC 5072.</summary>
    Ipv6cp = 0x8057,
    /// <summary>Compression Control Protocol (0x80FD); never run over SSTP, Protocol-Rejected.</summary>
    Ccp = 0x80FD,
    /// <summary>Link Control Protocol (0xC021), RFC 1661.</summary>
    Lcp = 0xC021,
    /// <summary>Password Authentication Protocol (0xC023), RFC 1334.</summary>
    Pap = 0xC023,
    /// <summary>Challenge Handshake Authentication Protocol (0xC223), RFC 1994; also MS-CHAPv2.</summary>
    Chap = 0xC223,
    /// <summary>Extensible Authentication Protocol (0xC227), RFC 3748.</summary>
    Eap = 0xC227,
}

/// <summary>Helpers on <see cref="PppProtocol"/> values.</summary>
public static class PppProtocolExtensions
{
    /// <summary>
    /// True for control protocols (NCPs and link-layer control, 0x8000 and above), which SSTP lets pass
    /// before Call Connected; false for data (MS-SSTP §3.1.7.1, PPP.md §1.3).
    /// </summary>
    public static bool IsControl(this PppProtocol protocol) => (ushort)protocol >= 0x8000;
}
