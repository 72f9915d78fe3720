namespace Sstp.IO.Radius;

/// <summary>Servers and retransmission policy of a <see cref="RadiusClient"/>.</summary>
public sealed record RadiusClientOptions
{
    /// <summary>The servers; lower <see cref="RadiusServerEndpoint.Priority"/> first. At least one.</summary>
    public required IReadOnlyList<RadiusServerEndpoint> Servers { get; init; }

    /// <summary>Wait for an answer before each retransmission (fixed, default 3 s).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Transmissions per server, the first included (default 3).</summary>
    public int MaxTries { get; init; } = 3;

    /// <summary>How long a server that timed out is skipped (default 30 s), unless every server is dead.</summary>
    public TimeSpan DeadTime { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Refuse Access-Accept/-Reject/-Challenge without a valid Message-Authenticator (BlastRADIUS,
    /// CVE-2024-3596; AUTH.md §7.1). Default true; turn off only for servers that cannot send it.
    /// </summary>
    public bool RequireMessageAuthenticator { get; init; } = true;

    /// <summary>
    /// Optional: called after each verified answer with the endpoint that answered, whether it was an accounting
    /// request, and the time from the last transmission to the answer (for metrics). Runs on the receiving task;
    /// keep it short and non-throwing.
    /// </summary>
    public Action<System.Net.IPEndPoint, bool, TimeSpan>? Answered { get; init; }
}
