using System.Net;

namespace Sstp.Protocol.Session;

/// <summary>The host's answer to <see cref="SessionEvent.AddressesRequested"/>: what IPCP and IPv6CP hand out.</summary>
public sealed record SessionAddresses
{
    /// <summary>The server's own tunnel address, sent in its IPCP request.</summary>
    public IPAddress? LocalIPv4 { get; init; }

    /// <summary>The address assigned to the client, or null to run no IPCP (IPv6 only, or none left).</summary>
    public IPAddress? PeerIPv4 { get; init; }

    /// <summary>DNS servers pushed through IPCP (RFC 1877), at most two.</summary>
    public IReadOnlyList<IPAddress> DnsServers { get; init; } = [];

    /// <summary>NBNS (WINS) servers pushed through IPCP, at most two.</summary>
    public IReadOnlyList<IPAddress> NbnsServers { get; init; } = [];

    /// <summary>Our IPv6 interface identifier, or null for a random one.</summary>
    public ulong? LocalInterfaceId { get; init; }
}
