using CsCheck;
using Sstp.Client.Bench;

namespace Sstp.Client.Tests.Bench;

public class BenchStatisticsTests
{
    private static readonly double[] OneToHundred = [.. Enumerable.Range(1, 100).Select(i => (double)i)];

    [Theory]
    [InlineData(50, 50)]
    [InlineData(90, 90)]
    [InlineData(99, 99)]
    [InlineData(100, 100)]
    [InlineData(0, 1)]
    [InlineData(0.5, 1)]
    [InlineData(99.5, 100)]
    public void Percentile_OneToHundred_IsNearestRank(double percent, double expected) =>
        Assert.Equal(expected, BenchStatistics.Percentile(OneToHundred, percent));

    [Theory]
    [InlineData(50, 20)]
    [InlineData(75, 30)]
    [InlineData(76, 40)]
    [InlineData(99, 40)]
    public void Percentile_FourValues_RoundsRankUp(double percent, double expected) =>
        Assert.Equal(expected, BenchStatistics.Percentile([10, 20, 30, 40], percent));

    [Fact]
    public void Percentile_Empty_IsZero() => Assert.Equal(0, BenchStatistics.Percentile([], 99));

    [Fact]
    public void Percentile_OutOfRange_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => BenchStatistics.Percentile([1], 101));

    [Fact]
    public void Percentile_AnySortedList_IsAnElementAndMonotonic() =>
        Gen.Double[0, 10_000].Array[1, 200].Select(Gen.Double[0, 100], Gen.Double[0, 100]).Sample((values, p, q) =>
        {
            var sorted = values.Order().ToList();
            double a = BenchStatistics.Percentile(sorted, Math.Min(p, q));
            double b = BenchStatistics.Percentile(sorted, Math.Max(p, q));
            Assert.Contains(a, sorted);
            Assert.True(a <= b);
            int atOrBelow = sorted.Count(v => v <= b);
            Assert.True(atOrBelow >= Math.Max(p, q) / 100 * sorted.Count);
        });

    [Fact]
    public void GroupFailures_CountsEachReason_IgnoresSuccesses()
    {
        BenchSetupResult[] results =
        [
            new(TimeSpan.FromMilliseconds(5), null),
            new(TimeSpan.FromMilliseconds(5), "AuthenticationFailed"),
            new(TimeSpan.FromMilliseconds(5), "SocketException.ConnectionRefused"),
            new(TimeSpan.FromMilliseconds(5), "AuthenticationFailed"),
        ];
        var grouped = BenchStatistics.GroupFailures(results);
        Assert.Equal(2, grouped.Count);
        Assert.Equal(2, grouped["AuthenticationFailed"]);
        Assert.Equal(1, grouped["SocketException.ConnectionRefused"]);
    }

    [Fact]
    public void Summarize_TenResults_FillsRateAndPercentilesFromSuccessesOnly()
    {
        var results = Enumerable.Range(1, 8).Select(i => new BenchSetupResult(TimeSpan.FromMilliseconds(i * 10), null))
            .Append(new BenchSetupResult(TimeSpan.FromMilliseconds(9999), "Timeout"))
            .Append(new BenchSetupResult(TimeSpan.FromMilliseconds(1), "TransportLost"))
            .ToList();
        var report = BenchStatistics.Summarize(new BenchReport { Mode = "setup", Server = "h:443" }, results, TimeSpan.FromSeconds(2));
        Assert.Equal(8, report.Succeeded);
        Assert.Equal(2, report.Failed);
        Assert.Equal(4.0, report.SetupsPerSecond);
        Assert.Equal(40, report.SetupP50Ms);
        Assert.Equal(80, report.SetupP90Ms);
        Assert.Equal(80, report.SetupP99Ms);
        Assert.Equal(80, report.SetupMaxMs);
        Assert.Equal(2.0, report.ElapsedSeconds);
        Assert.Equal(1, report.Failures["Timeout"]);
        Assert.Equal(1, report.Failures["TransportLost"]);
    }
}
