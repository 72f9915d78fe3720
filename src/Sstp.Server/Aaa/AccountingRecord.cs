namespace Sstp.Server.Aaa;

/// <summary>One queued accounting record: what happened, when, and the counters at that moment.</summary>
/// <param name="Session">The session.</param>
/// <param name="StatusType">Acct-Status-Type (40): 1 Start, 2 Stop, 3 Interim-Update (RFC 2866 §5.1).</param>
/// <param name="Counters">Counters (Interim-Update and Stop), or null for Start.</param>
/// <param name="TerminateCause">Acct-Terminate-Cause (49) for Stop, or null.</param>
/// <param name="EventTime">Event-Timestamp (55), UTC.</param>
/// <param name="Queued">When it was queued (monotonic), the base of Acct-Delay-Time (41).</param>
internal sealed record AccountingRecord(AccountingSession Session, uint StatusType, AccountingCounters? Counters, uint? TerminateCause, DateTimeOffset EventTime, TimeSpan Queued)
{
    /// <summary>Acct-Status-Type Start.</summary>
    public const uint Start = 1;

    /// <summary>Acct-Status-Type Stop.</summary>
    public const uint Stop = 2;

    /// <summary>Acct-Status-Type Interim-Update.</summary>
    public const uint InterimUpdate = 3;

    /// <summary>Name for log lines.</summary>
    public string Kind => StatusType switch
    {
        Start => "Start",
        Stop => "Stop",
        _ => "Interim-Update",
    };
}
