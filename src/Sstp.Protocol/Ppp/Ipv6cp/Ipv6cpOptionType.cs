namespace Sstp.Protocol.Ppp.Ipv6cp;

/// <summary>IPV6CP Configuration Option types (RFC 5072 §4; PPP.md §8).</summary>
public enum Ipv6cpOptionType : byte
{
    /// <summary>Interface-Identifier (1), length 10: the sender's 64-bit IID.</summary>
    InterfaceIdentifier = 1,

    /// <summary>IPv6-Compression-Protocol (2); always rejected.</summary>
    CompressionProtocol = 2,
}
