using System.Globalization;
using System.Text.RegularExpressions;

namespace Sstp.E2E.Tests;

/// <summary>Scrapes <c>/metrics</c> with curl inside a network namespace and reads the samples.</summary>
internal static partial class MetricsScrape
{
    [GeneratedRegex(@"^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"([a-zA-Z_][a-zA-Z0-9_]*)=""((?:[^""\\]|\\.)*)""")]
    private static partial Regex LabelPair();

    /// <summary>GETs <paramref name="url"/> from <paramref name="ns"/> and parses every sample line (failing on a malformed one).</summary>
    public static async Task<Samples> ScrapeAsync(string ns, string url)
    {
        var (code, text) = await Interop.RunAsync("ip", ["netns", "exec", ns, "curl", "-sS", "--fail", "--max-time", "5", url], timeout: TimeSpan.FromSeconds(30));
        Assert.True(code == 0, text);
        var samples = new Samples();
        foreach (string line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (line.StartsWith('#'))
            {
                continue;
            }

            var match = SampleLine().Match(line);
            Assert.True(match.Success, $"not a sample line: {line}");
            var labels = LabelPair().Matches(match.Groups[2].Value).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
            string number = match.Groups[3].Value;
            samples.Add((match.Groups[1].Value, labels, number == "+Inf" ? double.PositiveInfinity : double.Parse(number, CultureInfo.InvariantCulture)));
        }

        return samples;
    }

    /// <summary>The samples of one scrape.</summary>
    public sealed class Samples : List<(string Name, Dictionary<string, string> Labels, double Value)>
    {
        /// <summary>The sum over every series of <paramref name="name"/>.</summary>
        public double Sum(string name) => this.Where(s => s.Name == name).Sum(s => s.Value);

        /// <summary>The one sample of <paramref name="name"/> with (at least) these labels.</summary>
        public double Value(string name, params (string Name, string Value)[] labels) =>
            Assert.Single(this, s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Name, out var v) && v == l.Value)).Value;
    }
}
