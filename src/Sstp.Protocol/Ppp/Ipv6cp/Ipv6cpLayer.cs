using Sstp.Protocol.Ppp.Negotiation;
using Sstp.Protocol.Primitives;

namespace Sstp.Protocol.Ppp.Ipv6cp;

/// <summary>
/// The IPv6 Control Protocol (RFC 5072) with the Interface-Identifier rules of PPP.md §8. Drive it like every
/// <see cref="ControlProtocolLayer"/>; it keeps retransmitting its request on the restart timer while the peer
/// is silent, and a late peer request still completes negotiation after that.
/// </summary>
public sealed class Ipv6cpLayer : ControlProtocolLayer
{
    private readonly Ipv6cpPolicy _policy;

    /// <summary>Creates IPV6CP in Initial.</summary>
    /// <param name="settings">Our Interface-Identifier (or random) and the timers.</param>
    /// <param name="role">Server or client; the RFC 5072 rules are the same for both.</param>
    /// <param name="random">Source of random Interface-Identifiers.</param>
    public Ipv6cpLayer(Ipv6cpSettings settings, PppRole role, IRandomSource random)
        : base(CreatePolicy(settings, random), settings.Negotiation)
    {
        _policy = (Ipv6cpPolicy)Automaton.Policy;
        Role = role;
    }

    /// <summary>Which side this layer negotiates for.</summary>
    public PppRole Role { get; }

    /// <summary>Our Interface-Identifier as acknowledged by the peer (link-local fe80::/64 + IID), or 0.</summary>
    public ulong LocalInterfaceId => _policy.LocalInterfaceId;

    /// <summary>The peer's Interface-Identifier as we acknowledged it, or 0.</summary>
    public ulong PeerInterfaceId => _policy.PeerInterfaceId;

    private static Ipv6cpPolicy CreatePolicy(Ipv6cpSettings settings, IRandomSource random)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(random);
        return new Ipv6cpPolicy(settings, random);
    }
}
