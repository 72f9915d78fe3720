using System.Net;
using Sstp.Protocol.Ppp.Negotiation;

namespace Sstp.Protocol.Ppp.Ipcp;

/// <summary>IPCP settings (PPP.md §7). IPv4 addresses only. Each property says which role uses it.</summary>
public sealed record IpcpSettings
{
    /// <summary>
    /// Server: our tunnel address, sent in our Configure-Request. Client: the address we want
    /// (null asks the server to assign one with 0.0.0.0).
    /// </summary>
    public IPAddress? LocalAddress { get; init; }

    /// <summary>Server: the address assigned to the client; other requests are Naked to it.</summary>
    public IPAddress? PeerAddress { get; init; }

    /// <summary>Server: up to two DNS servers handed out on request (RFC 1877); requests for missing ones are Rejected.</summary>
    public IReadOnlyList<IPAddress> DnsServers { get; init; } = [];

    /// <summary>Server: up to two NBNS (WINS) servers handed out on request; requests for missing ones are Rejected.</summary>
    public IReadOnlyList<IPAddress> NbnsServers { get; init; } = [];

    /// <summary>Client: ask for Primary and Secondary DNS servers (default true).</summary>
    public bool RequestDns { get; init; } = true;

    /// <summary>Restart timer and counters.</summary>
    public NegotiationSettings Negotiation { get; init; } = NegotiationSettings.Default;
}
