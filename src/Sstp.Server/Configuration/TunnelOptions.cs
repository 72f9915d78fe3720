namespace Sstp.Server.Configuration;

/// <summary>The server side of the tunnel (<c>[tunnel]</c> section).</summary>
public sealed record TunnelOptions
{
    /// <summary>Largest MTU: the largest PPP Information field one SSTP packet carries (PPP.md §10.1).</summary>
    public const int MaxMtu = 4087;

    /// <summary>Smallest MTU accepted: the IPv4 minimum datagram every host must take (RFC 791).</summary>
    public const int MinMtu = 576;

    /// <summary>Smallest MTU accepted while IPv6 is on (RFC 8200 §5).</summary>
    public const int MinIpv6Mtu = 1280;

    /// <summary><c>tunnel.name</c>: the TUN interface name. Default <c>sstp0</c>.</summary>
    public string Name { get; init; } = "sstp0";

    /// <summary>
    /// <c>tunnel.mtu</c>: the TUN MTU, also the MRU the server requests in LCP. Default 1400, the MTU the
    /// Windows client uses [MS-SSTP §3.1.5.2]: TLS and SSTP framing then fit a 1500-byte path.
    /// </summary>
    public int Mtu { get; init; } = 1400;

    /// <summary><c>tunnel.nat</c>: enable IPv4 forwarding and masquerade clients' traffic through <c>nft</c>. Default false.</summary>
    public bool Nat { get; init; }

    /// <summary>
    /// <c>tunnel.write-merging</c>: whether a session's queued data packets share one TLS write. Default
    /// <see cref="WriteMerging.Auto"/>: merge unless the peer looks like sstpc.
    /// </summary>
    public WriteMerging WriteMerging { get; init; } = WriteMerging.Auto;

    /// <summary>
    /// <c>tunnel.offload</c>: whether the TUN device is opened with a virtio_net_hdr so that consecutive TCP
    /// segments of a flow are written as one super-packet (see <c>TcpCoalescer</c>). Default true.
    /// </summary>
    public bool Offload { get; init; } = true;
}
