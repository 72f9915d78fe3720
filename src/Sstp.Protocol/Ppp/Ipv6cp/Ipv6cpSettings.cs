using Sstp.Protocol.Ppp.Negotiation;

namespace Sstp.Protocol.Ppp.Ipv6cp;

/// <summary>IPV6CP settings (PPP.md §8).</summary>
public sealed record Ipv6cpSettings
{
    /// <summary>Our Interface-Identifier; null (default) or 0 picks a random non-zero one.</summary>
    public ulong? InterfaceId { get; init; }

    /// <summary>
    /// Restart timer and counters. With the defaults we retransmit for 30 s; after that a late peer request
    /// (OSC starts IPV6CP only after IPCP) still completes the negotiation from Stopped.
    /// </summary>
    public NegotiationSettings Negotiation { get; init; } = NegotiationSettings.Default;
}
