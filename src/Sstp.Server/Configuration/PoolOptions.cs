using System.Net;

namespace Sstp.Server.Configuration;

/// <summary>The client address pools (<c>[pool]</c> section) and the DNS servers given to clients.</summary>
public sealed record PoolOptions
{
    /// <summary>
    /// <c>pool.ipv4</c>: the IPv4 network clients get addresses from; its first host address is the server's
    /// tunnel address. Default <c>10.88.0.0/16</c>: a private range (RFC 1918) rarely used by home and office
    /// LANs, with 65,533 client addresses, more than the default session limit.
    /// </summary>
    public IPNetwork Ipv4 { get; init; } = new(IPAddress.Parse("10.88.0.0"), 16);

    /// <summary>
    /// <c>pool.ipv6</c>: the prefix each client's /64 is taken from (the first /64 is the server's), or null
    /// when IPv6 is off (<c>pool.ipv6 = off</c>). Default the unique local prefix <c>fd00:88::/48</c>
    /// (RFC 4193; 65,535 clients).
    /// </summary>
    public IPNetwork? Ipv6 { get; init; } = new(IPAddress.Parse("fd00:88::"), 48);

    /// <summary><c>pool.dns</c>: DNS servers announced to clients (IPCP gives the first two IPv4 ones). Default none.</summary>
    public IReadOnlyList<IPAddress> Dns { get; init; } = [];
}
