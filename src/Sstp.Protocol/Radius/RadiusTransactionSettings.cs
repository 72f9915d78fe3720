namespace Sstp.Protocol.Radius;

/// <summary>How a <see cref="RadiusTransaction"/> retransmits [RFC 2865 §2.4 leaves the policy to the NAS; RFC 5080 §2.2.1].</summary>
public sealed record RadiusTransactionSettings
{
    /// <summary>Wait before the first retransmission (default 3 s).</summary>
    public TimeSpan InitialTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>With <see cref="RadiusBackoff.Doubling"/>, the wait never exceeds this (default 30 s).</summary>
    public TimeSpan MaxTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Fixed or doubling waits (default doubling).</summary>
    public RadiusBackoff Backoff { get; init; } = RadiusBackoff.Doubling;

    /// <summary>Total transmissions, the first included (default 3); at least 1.</summary>
    public int MaxTries { get; init; } = 3;

    /// <summary>
    /// Refuse Access-Accept/-Reject/-Challenge without a valid Message-Authenticator (BlastRADIUS,
    /// CVE-2024-3596; AUTH.md §7.1). Default true; turn off only for old servers. Other replies are checked
    /// when they carry one.
    /// </summary>
    public bool RequireMessageAuthenticator { get; init; } = true;
}
