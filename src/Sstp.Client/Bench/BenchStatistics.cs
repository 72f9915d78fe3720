namespace Sstp.Client.Bench;

/// <summary>Summary statistics of setup times.</summary>
public static class BenchStatistics
{
    /// <summary>
    /// The nearest-rank percentile of <paramref name="sortedMs"/> (ascending): the smallest value such that at least
    /// <paramref name="percent"/> % of the values are at or below it. 0 for an empty list.
    /// </summary>
    /// <param name="sortedMs">Values sorted ascending.</param>
    /// <param name="percent">0 (the minimum) to 100 (the maximum).</param>
    public static double Percentile(IReadOnlyList<double> sortedMs, double percent)
    {
        ArgumentNullException.ThrowIfNull(sortedMs);
        ArgumentOutOfRangeException.ThrowIfLessThan(percent, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percent, 100);
        if (sortedMs.Count == 0)
        {
            return 0;
        }

        int rank = (int)Math.Ceiling(percent / 100.0 * sortedMs.Count);
        return sortedMs[Math.Clamp(rank - 1, 0, sortedMs.Count - 1)];
    }

    /// <summary>Counts failures by their class, ordered by count (highest first), then name.</summary>
    public static IReadOnlyDictionary<string, int> GroupFailures(IEnumerable<BenchSetupResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var grouped = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var r in results)
        {
            if (r.Failure is { } failure)
            {
                grouped[failure] = grouped.GetValueOrDefault(failure) + 1;
            }
        }

        return grouped;
    }

    /// <summary>Fills the setup-time fields of <paramref name="report"/> from <paramref name="results"/>.</summary>
    public static BenchReport Summarize(BenchReport report, IReadOnlyCollection<BenchSetupResult> results, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(results);
        var times = results.Where(r => r.Succeeded).Select(r => r.Elapsed.TotalMilliseconds).Order().ToList();
        return report with
        {
            Succeeded = times.Count,
            Failed = results.Count - times.Count,
            ElapsedSeconds = Math.Round(elapsed.TotalSeconds, 3),
            SetupsPerSecond = elapsed > TimeSpan.Zero ? Math.Round(times.Count / elapsed.TotalSeconds, 1) : 0,
            SetupP50Ms = Math.Round(Percentile(times, 50), 2),
            SetupP90Ms = Math.Round(Percentile(times, 90), 2),
            SetupP99Ms = Math.Round(Percentile(times, 99), 2),
            SetupMaxMs = Math.Round(Percentile(times, 100), 2),
            Failures = GroupFailures(results),
        };
    }
}
