namespace Sstp.Server.Protection;

/// <summary>The per-source limits a <see cref="SourceGuard"/> applies.</summary>
public sealed record SourceGuardSettings
{
    /// <summary>New connections per source: a bucket of <c>Count</c> that refills <c>Count</c> per <c>Period</c>; off = no limit.</summary>
    public CountPerPeriod ConnectionRate { get; init; }

    /// <summary>Connections of one source not yet authenticated, at once; 0 = no limit.</summary>
    public int MaxPreAuthPerSource { get; init; }

    /// <summary>Failed logins of one source within <c>Period</c> that start a ban; off = never ban.</summary>
    public CountPerPeriod AuthFailures { get; init; }

    /// <summary>How long a ban lasts; zero = never ban.</summary>
    public TimeSpan BanTime { get; init; }

    /// <summary>Sources tracked at most; a source beyond it is admitted untracked (counted in <see cref="SourceGuard.Untracked"/>).</summary>
    public int MaxEntries { get; init; } = 65_536;
}
