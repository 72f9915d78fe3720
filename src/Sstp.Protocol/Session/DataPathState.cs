namespace Sstp.Protocol.Session;

/// <summary>
/// What the data path may carry right now. Immutable: the session publishes a new instance when it changes,
/// so the host's packet loop can read it without locking (ARCHITECTURE.md C7).
/// </summary>
/// <param name="Ipv4">IPv4 packets may flow (SSTP Call Connected and IPCP opened).</param>
/// <param name="Ipv6">IPv6 packets may flow (SSTP Call Connected and IPv6CP opened).</param>
/// <param name="Mtu">The largest IP packet the peer accepts (its MRU).</param>
public sealed record DataPathState(bool Ipv4, bool Ipv6, int Mtu)
{
    /// <summary>Nothing may flow.</summary>
    public static DataPathState Closed { get; } = new(false, false, 0);

    /// <summary>True when at least one family may flow.</summary>
    public bool IsOpen => Ipv4 || Ipv6;
}
