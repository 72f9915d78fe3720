using System.Net;
using Sstp.IO.Tls;

namespace Sstp.Server.Hosting;

/// <summary>What the server knows about one connection besides its session (kept as the driver's host state).</summary>
internal sealed class ServerSessionState(long id, IPEndPoint? peer, TlsConnection tls, DateTimeOffset started)
{
    /// <summary>Server-unique session number, in every log line of the session.</summary>
    public long Id { get; } = id;

    /// <summary>The client's TCP address.</summary>
    public IPEndPoint? Peer { get; } = peer;

    /// <summary>The TLS connection (protocol and cipher for the log).</summary>
    public TlsConnection Tls { get; } = tls;

    /// <summary>When TCP was accepted.</summary>
    public DateTimeOffset Started { get; } = started;

    /// <summary>The authenticated user, once known.</summary>
    public string? User { get; set; }

    /// <summary>True once the user counts against the per-user limit.</summary>
    public bool CountedForUser { get; set; }

    /// <summary>The client's IPv4 address, while leased.</summary>
    public IPAddress? IPv4 { get; set; }

    /// <summary>The client's IPv6 /64, while leased.</summary>
    public IPNetwork? IPv6Prefix { get; set; }

    /// <summary>Whether a Router Advertisement was sent for the current IPv6 link.</summary>
    public bool RouterAdvertised { get; set; }

    /// <summary>Packets dropped because their source was not the session's address.</summary>
    public long Spoofed { get; set; }
}
