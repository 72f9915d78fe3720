using Sstp.Protocol.Ppp.Auth;
using Sstp.Protocol.Ppp.Lcp;
using Sstp.Protocol.Ppp.Negotiation;
using Sstp.Protocol.Sstp;

namespace Sstp.Protocol.Session;

/// <summary>Everything a <see cref="ServerSession"/> needs besides the host's answers. Immutable.</summary>
public sealed record ServerSessionSettings
{
    /// <summary>SSTP: offered hashes, our certificate hashes, binding policy, timers.</summary>
    public SstpServerSettings Sstp { get; init; } = new();

    /// <summary>LCP: MRU limits and the authentication protocols offered, in order.</summary>
    public LcpSettings Lcp { get; init; } = new();

    /// <summary>The authenticators' timers, names, messages and EAP pass-through.</summary>
    public AuthenticatorSettings Authenticator { get; init; } = new();

    /// <summary>IPCP/IPv6CP timers and counters.</summary>
    public NegotiationSettings NcpNegotiation { get; init; } = NegotiationSettings.Default;

    /// <summary>Run IPv6CP (default true); when false an IPv6CP request is Protocol-Rejected.</summary>
    public bool EnableIpv6 { get; init; } = true;

    /// <summary>How long the client has to send its HTTP request after TLS is up (slow senders are cut off).</summary>
    public TimeSpan HttpRequestTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
