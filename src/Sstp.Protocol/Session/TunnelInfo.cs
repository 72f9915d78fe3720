using System.Net;
using Sstp.Protocol.Ppp.Auth;
using Sstp.Protocol.Sstp;

namespace Sstp.Protocol.Session;

/// <summary>What was negotiated when a tunnel came up, for the host's TUN setup and its log line.</summary>
public sealed record TunnelInfo
{
    /// <summary>The authenticated user name (server), or our own (client); empty without authentication.</summary>
    public required string UserName { get; init; }

    /// <summary>How the user authenticated, or null when the server asked for no authentication.</summary>
    public AuthMethod? Method { get; init; }

    /// <summary>Our IPv4 tunnel address (server: the configured gateway; client: the assigned one).</summary>
    public IPAddress? LocalIPv4 { get; init; }

    /// <summary>The peer's IPv4 tunnel address (server: assigned to the client; client: the server's).</summary>
    public IPAddress? PeerIPv4 { get; init; }

    /// <summary>DNS servers (server: the ones pushed; client: the ones learned).</summary>
    public IReadOnlyList<IPAddress> DnsServers { get; init; } = [];

    /// <summary>Our IPv6 interface identifier from IPv6CP, or 0 when IPv6 is not up.</summary>
    public ulong LocalInterfaceId { get; init; }

    /// <summary>The peer's IPv6 interface identifier from IPv6CP, or 0 when IPv6 is not up.</summary>
    public ulong PeerInterfaceId { get; init; }

    /// <summary>The largest IP packet we may send to the peer: its negotiated MRU.</summary>
    public int Mtu { get; init; }

    /// <summary>The crypto binding hash protocol agreed in SSTP.</summary>
    public CertHashProtocol BindingHash { get; init; }

    /// <summary>Server: the crypto binding check result (null when not verified).</summary>
    public CryptoBindingResult? BindingResult { get; init; }
}
