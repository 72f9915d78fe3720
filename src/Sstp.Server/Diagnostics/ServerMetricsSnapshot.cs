namespace Sstp.Server.Diagnostics;

/// <summary>The server's state as the observable metrics read it at a scrape (totals include closed sessions).</summary>
public sealed record ServerMetricsSnapshot
{
    /// <summary>Sessions whose tunnel is up, by authentication method label (<see cref="ServerMetrics.AuthMethodLabel"/>).</summary>
    public IReadOnlyDictionary<string, int> ActiveByAuthMethod { get; init; } = new Dictionary<string, int>();

    /// <summary>Connections in any phase (TLS done, set-up or up).</summary>
    public int Connections { get; init; }

    /// <summary>IP bytes received from clients.</summary>
    public long BytesIn { get; init; }

    /// <summary>IP bytes sent to clients.</summary>
    public long BytesOut { get; init; }

    /// <summary>IP packets received from clients.</summary>
    public long PacketsIn { get; init; }

    /// <summary>IP packets sent to clients.</summary>
    public long PacketsOut { get; init; }

    /// <summary>Packets for clients dropped because their queue was full, too old or closed.</summary>
    public long DropsQueue { get; init; }

    /// <summary>Packets dropped for being over a user's rate limit (both directions).</summary>
    public long DropsRateLimit { get; init; }

    /// <summary>Packets from clients dropped because their source address was not theirs.</summary>
    public long DropsSpoofed { get; init; }

    /// <summary>Packets from clients the TUN device refused to take.</summary>
    public long DropsTunWrite { get; init; }

    /// <summary>IPv4 pool addresses leased.</summary>
    public long Pool4Used { get; init; }

    /// <summary>IPv4 pool addresses free for dynamic leases.</summary>
    public long Pool4Free { get; init; }

    /// <summary>IPv6 /64 prefixes leased, or null without an IPv6 pool.</summary>
    public long? Pool6Used { get; init; }

    /// <summary>IPv6 /64 prefixes free for dynamic leases (capped at <see cref="long.MaxValue"/>), or null without an IPv6 pool.</summary>
    public long? Pool6Free { get; init; }

    /// <summary>Per RADIUS server (its authentication endpoint): requests left unanswered after every try.</summary>
    public IReadOnlyList<KeyValuePair<string, long>> RadiusTimeouts { get; init; } = [];

    /// <summary>Accounting requests dropped because the queue was full (or no server acknowledged them), or null without RADIUS.</summary>
    public long? AccountingDropped { get; init; }

    /// <summary>Accounting requests waiting to be sent, or null without RADIUS.</summary>
    public long? AccountingQueued { get; init; }
}
