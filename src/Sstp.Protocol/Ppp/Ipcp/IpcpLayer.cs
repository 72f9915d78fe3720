using System.Net;
using Sstp.Protocol.Ppp.Negotiation;

namespace Sstp.Protocol.Ppp.Ipcp;

/// <summary>
/// The IP Control Protocol (RFC 1332, RFC 1877 DNS/NBNS) with the server or client policy of PPP.md §7.
/// Drive it like every <see cref="ControlProtocolLayer"/>; read the results once
/// <see cref="ControlProtocolLayer.IsOpened"/>.
/// </summary>
public sealed class IpcpLayer : ControlProtocolLayer
{
    private readonly IpcpPolicy _policy;

    /// <summary>Creates IPCP in Initial.</summary>
    /// <exception cref="ArgumentException">An address in <paramref name="settings"/> is not IPv4.</exception>
    public IpcpLayer(IpcpSettings settings, PppRole role)
        : base(CreatePolicy(settings, role), settings.Negotiation)
    {
        _policy = (IpcpPolicy)Automaton.Policy;
        Role = role;
    }

    /// <summary>Which side's policy this layer applies.</summary>
    public PppRole Role { get; }

    /// <summary>Our address as acknowledged by the peer (client: the assigned one), or null.</summary>
    public IPAddress? LocalAddress => IpcpPolicy.ToAddress(_policy.LocalAddress);

    /// <summary>The peer's address as we acknowledged it, or null (also when it was 0.0.0.0).</summary>
    public IPAddress? PeerAddress => IpcpPolicy.ToAddress(_policy.PeerAddress);

    /// <summary>Server: the configured DNS servers. Client: the DNS servers learned from the server's Naks.</summary>
    public IReadOnlyList<IPAddress> DnsServers
    {
        get
        {
            var values = _policy.DnsServers;
            var result = new List<IPAddress>(values.Count);
            foreach (uint value in values)
            {
                if (IpcpPolicy.ToAddress(value) is { } address)
                {
                    result.Add(address);
                }
            }

            return result;
        }
    }

    private static IpcpPolicy CreatePolicy(IpcpSettings settings, PppRole role)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new IpcpPolicy(settings, role);
    }
}
