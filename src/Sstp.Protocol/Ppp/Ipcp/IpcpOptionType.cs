namespace Sstp.Protocol.Ppp.Ipcp;

/// <summary>IPCP Configuration Option types (PPP.md §7; RFC 1332 §3, RFC 1877 §1).</summary>
public enum IpcpOptionType : byte
{
    /// <summary>IP-Addresses (1), length 10, deprecated (RFC 1172); always rejected.</summary>
    IpAddresses = 1,

    /// <summary>IP-Compression-Protocol (2), e.g. Van Jacobson <c>02 06 00 2D max comp</c>; always rejected.</summary>
    IpCompressionProtocol = 2,

    /// <summary>IP-Address (3), length 6: the sender's own address, 0.0.0.0 asks to be assigned one.</summary>
    IpAddress = 3,

    /// <summary>Primary-DNS-Server (129), length 6, RFC 1877.</summary>
    PrimaryDns = 129,

    /// <summary>Primary-NBNS-Server (130), length 6, RFC 1877.</summary>
    PrimaryNbns = 130,

    /// <summary>Secondary-DNS-Server (131), length 6, RFC 1877.</summary>
    SecondaryDns = 131,

    /// <summary>Secondary-NBNS-Server (132), length 6, RFC 1877.</summary>
    SecondaryNbns = 132,
}
