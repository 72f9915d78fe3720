using Sstp.Server.Control;

namespace Sstp.Server.Tests.Control;

/// <summary>An <see cref="IControlTarget"/> with two sessions (1 and 2 of alice, 3 of bob) that records what it was asked.</summary>
internal sealed class FakeControlTarget : IControlTarget
{
    public List<string> Calls { get; } = [];

    public Func<CancellationToken, Task<string>>? Reload { get; set; }

    public bool Draining { get; private set; }

    public TimeSpan? DrainDeadline { get; private set; }

    public List<ControlSession> Table { get; } =
    [
        Session(1, "alice", "10.88.0.2"),
        Session(2, "alice", "10.88.0.3"),
        Session(3, "bob", "10.88.0.4"),
    ];

    public bool CanReload => Reload is not null;

    public ControlStatus GetStatus()
    {
        Calls.Add("status");
        return new ControlStatus
        {
            Version = "9.9.9",
            StartedAt = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
            UptimeSeconds = 3723,
            Listeners = Draining ? [] : ["0.0.0.0:443"],
            Tun = "sstp0",
            Certificate = new ControlCertificate { Subject = "CN=vpn", NotAfter = new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero), DaysLeft = 300 },
            RssBytes = 50 * 1024 * 1024,
            SessionsUp = Table.Count,
            Draining = Draining,
        };
    }

    public IReadOnlyList<ControlSession> GetSessions()
    {
        Calls.Add("sessions");
        return Table;
    }

    public IReadOnlyList<long> Kick(long? id, string? user, string caller)
    {
        Calls.Add($"kick {id} {user} by {caller}");
        return Table.Where(s => s.Id == id || (user is not null && string.Equals(s.User, user, StringComparison.OrdinalIgnoreCase))).Select(s => s.Id).ToList();
    }

    public ControlStatus Drain(TimeSpan? deadline, string caller)
    {
        Calls.Add($"drain {deadline?.TotalSeconds} by {caller}");
        Draining = true;
        DrainDeadline = deadline;
        return GetStatus();
    }

    public Task<string> ReloadAsync(CancellationToken cancel) => Reload!(cancel);

    public static ControlSession Session(long id, string user, string ipv4) => new()
    {
        Id = id,
        State = "up",
        User = user,
        Peer = "192.0.2.7:50000",
        IPv4 = ipv4,
        IPv6Prefix = "fd00:88:0:1::/64",
        AuthMethod = "mschapv2",
        TlsProtocol = "Tls13",
        TlsCipher = "TLS_AES_256_GCM_SHA384",
        CorrelationId = "{11111111-2222-3333-4444-555555555555}",
        Started = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
        UptimeSeconds = 65,
        BytesIn = 1536,
        BytesOut = 5L * 1024 * 1024 * 1024,
        PacketsIn = 10,
        PacketsOut = 20,
        RateLimit = "unlimited",
    };
}
