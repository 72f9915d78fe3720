using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sstp.Client.Bench;

/// <summary>
/// The result of one <c>sstp bench</c> run, printed as one JSON object with <c>--json</c> (camelCase keys) or as
/// text. Setup times cover TCP connect start to TunnelUp; CPU and RSS are the bench client's own process.
/// </summary>
public sealed record BenchReport
{
    /// <summary><c>setup</c> or <c>hold</c>.</summary>
    public required string Mode { get; init; }

    /// <summary>The server as <c>host:port</c>.</summary>
    public required string Server { get; init; }

    /// <summary>Sessions asked for.</summary>
    public int Sessions { get; init; }

    /// <summary>Setups in flight at once.</summary>
    public int Concurrency { get; init; }

    /// <summary>Setups that reached TunnelUp.</summary>
    public int Succeeded { get; init; }

    /// <summary>Setups that failed.</summary>
    public int Failed { get; init; }

    /// <summary>Wall time of the setup phase, seconds.</summary>
    public double ElapsedSeconds { get; init; }

    /// <summary>Successful setups per second of wall time.</summary>
    public double SetupsPerSecond { get; init; }

    /// <summary>Median setup time, ms.</summary>
    public double SetupP50Ms { get; init; }

    /// <summary>90th percentile setup time, ms.</summary>
    public double SetupP90Ms { get; init; }

    /// <summary>99th percentile setup time, ms.</summary>
    public double SetupP99Ms { get; init; }

    /// <summary>Slowest setup, ms.</summary>
    public double SetupMaxMs { get; init; }

    /// <summary>Failed setups by class (a <c>DisconnectReason</c> name or an exception kind).</summary>
    public IReadOnlyDictionary<string, int> Failures { get; init; } = new Dictionary<string, int>();

    /// <summary>hold: sessions still up when the hold ended.</summary>
    public int? SessionsUp { get; init; }

    /// <summary>hold: sessions that ended while held, by <c>DisconnectReason</c>.</summary>
    public IReadOnlyDictionary<string, int>? Dropped { get; init; }

    /// <summary>hold: how long the sessions were held after the last setup, seconds.</summary>
    public double? HeldSeconds { get; init; }

    /// <summary>CPU time (user + system) the bench client used for the whole run, seconds.</summary>
    public double ClientCpuSeconds { get; init; }

    /// <summary>The bench client's resident set size at the end, KiB.</summary>
    public long ClientRssKib { get; init; }

    /// <summary>The report as one line of JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, BenchJsonContext.Default.BenchReport);

    /// <summary>The report as a few lines of text for people.</summary>
    public string ToText()
    {
        var lines = new List<string>
        {
            $"sstp bench {Mode}: {Server}, {Sessions} sessions, concurrency {Concurrency}",
            $"  setups: {Succeeded} ok, {Failed} failed in {ElapsedSeconds:0.000} s = {SetupsPerSecond:0.0}/s",
            $"  setup time ms: p50 {SetupP50Ms:0.00}  p90 {SetupP90Ms:0.00}  p99 {SetupP99Ms:0.00}  max {SetupMaxMs:0.00}",
        };
        if (Failures.Count > 0)
        {
            lines.Add($"  failures: {string.Join(", ", Failures.Select(f => $"{f.Key} {f.Value}"))}");
        }

        if (SessionsUp is { } up)
        {
            lines.Add($"  held {HeldSeconds:0.0} s: {up} sessions up at the end"
                + (Dropped is { Count: > 0 } d ? $", dropped: {string.Join(", ", d.Select(f => $"{f.Key} {f.Value}"))}" : string.Empty));
        }

        lines.Add($"  client: {ClientCpuSeconds:0.00} s CPU, RSS {ClientRssKib:N0} KiB");
        return string.Join(Environment.NewLine, lines);
    }
}
