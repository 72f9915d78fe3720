using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Sstp.Client.Bench;

/// <summary>The result of one <c>sstp bench hostile</c> run (camelCase JSON with <c>--json</c>).</summary>
public sealed record HostileReport
{
    /// <summary>The server as <c>host:port</c>.</summary>
    public required string Server { get; init; }

    /// <summary>Connections asked for.</summary>
    public int Connections { get; init; }

    /// <summary>Connections open at once.</summary>
    public int Concurrency { get; init; }

    /// <summary>Local source addresses used (0: the system's choice).</summary>
    public int Sources { get; init; }

    /// <summary>Connections started.</summary>
    public int Attempted { get; init; }

    /// <summary>Wall time of the run, seconds.</summary>
    public double ElapsedSeconds { get; init; }

    /// <summary>True when the run was cut short by <c>--duration</c> or a signal.</summary>
    public bool Stopped { get; init; }

    /// <summary>One entry per kind, in the order of <c>--kinds</c>.</summary>
    public IReadOnlyList<HostileKindReport> Kinds { get; init; } = [];

    /// <summary>Builds the report from the results of the connections that were made.</summary>
    public static HostileReport Summarize(HostileOptions options, IReadOnlyCollection<HostileResult> results, TimeSpan elapsed, bool stopped)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(results);
        var kinds = options.Kinds.Select(kind =>
        {
            var mine = results.Where(r => r.Kind == kind).ToList();
            var times = mine.Where(r => r.CloseMs is not null).Select(r => r.CloseMs!.Value).Order().ToList();
            var outcomes = new SortedDictionary<string, int>(StringComparer.Ordinal);
            foreach (var r in mine)
            {
                outcomes[r.Outcome] = outcomes.GetValueOrDefault(r.Outcome) + 1;
            }

            return new HostileKindReport
            {
                Kind = HostileKinds.Name(kind),
                Attempts = mine.Count,
                Outcomes = outcomes,
                ServerEnded = times.Count,
                CloseP50Ms = Math.Round(BenchStatistics.Percentile(times, 50), 1),
                CloseP99Ms = Math.Round(BenchStatistics.Percentile(times, 99), 1),
                Errors = mine.Count(r => r.IsError),
            };
        }).ToList();
        return new HostileReport
        {
            Server = options.Host.Contains(':', StringComparison.Ordinal) ? $"[{options.Host}]:{options.Port}" : $"{options.Host}:{options.Port}",
            Connections = options.Connections,
            Concurrency = options.Concurrency,
            Sources = options.Sources.Count,
            Attempted = results.Count,
            ElapsedSeconds = Math.Round(elapsed.TotalSeconds, 1),
            Stopped = stopped,
            Kinds = kinds,
        };
    }

    /// <summary>The report as one JSON object.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, BenchJsonContext.Default.HostileReport);

    /// <summary>The report as a few lines of text, one per kind.</summary>
    public string ToText()
    {
        var text = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        text.Append(inv, $"hostile against {Server}: {Attempted} of {Connections} connections in {ElapsedSeconds} s, {Concurrency} at once, {Math.Max(Sources, 1)} source address(es){(Stopped ? " (stopped early)" : string.Empty)}\n");
        foreach (var k in Kinds)
        {
            string outcomes = string.Join(", ", k.Outcomes.OrderByDescending(o => o.Value).Select(o => $"{o.Key} {o.Value}"));
            text.Append(inv, $"  {k.Kind,-20} {k.Attempts,6} tried; ended by server {k.ServerEnded} (p50 {k.CloseP50Ms} ms, p99 {k.CloseP99Ms} ms); errors {k.Errors}; {outcomes}\n");
        }

        return text.ToString().TrimEnd();
    }
}

/// <summary>The figures of one kind in a <see cref="HostileReport"/>.</summary>
public sealed record HostileKindReport
{
    /// <summary>The kind's name.</summary>
    public required string Kind { get; init; }

    /// <summary>Connections of this kind that were started.</summary>
    public int Attempts { get; init; }

    /// <summary>Count per outcome (see <see cref="HostileResult.Outcome"/>).</summary>
    public IReadOnlyDictionary<string, int> Outcomes { get; init; } = new Dictionary<string, int>();

    /// <summary>Connections the server ended itself (the close times cover these).</summary>
    public int ServerEnded { get; init; }

    /// <summary>Median time from the hostile act to the server's close, ms.</summary>
    public double CloseP50Ms { get; init; }

    /// <summary>99th percentile of the same, ms.</summary>
    public double CloseP99Ms { get; init; }

    /// <summary>Connections that could not be made at all (<c>error:...</c>).</summary>
    public int Errors { get; init; }
}
