using Sstp.Server.Protection;

namespace Sstp.Server.Tests.Protection;

/// <summary>Refusal logs under a flood: a few lines per key and window, then one summary.</summary>
public class LogThrottleTests
{
    private static readonly long Minute = TimeSpan.TicksPerMinute;

    private static LogThrottle<string> Throttle(int maxKeys = 100) => new(3, TimeSpan.FromMinutes(1), maxKeys, "other");

    [Fact]
    public void LogsTheFirstFew_CountsTheRest_AndSummarisesAtTheNextEventAfterTheWindow()
    {
        var throttle = Throttle();
        var logged = Enumerable.Range(0, 10).Select(i => throttle.ShouldLog("a", i, out var s) && s is null).ToList();

        Assert.Equal([true, true, true, false, false, false, false, false, false, false], logged);
        Assert.True(throttle.ShouldLog("a", Minute, out var summary));
        Assert.Equal(new Suppressed<string>("a", 7), summary);
        Assert.True(throttle.ShouldLog("a", Minute + 1, out summary));
        Assert.Null(summary);
    }

    [Fact]
    public void Keys_AreIndependent()
    {
        var throttle = Throttle();
        for (int i = 0; i < 5; i++)
        {
            throttle.ShouldLog("a", 0, out _);
        }

        Assert.True(throttle.ShouldLog("b", 0, out _));
    }

    [Fact]
    public void Flush_ReportsEndedWindowsWithDrops_Once_AndForgetsThem()
    {
        var throttle = Throttle();
        for (int i = 0; i < 5; i++)
        {
            throttle.ShouldLog("a", 0, out _);
        }

        throttle.ShouldLog("b", 0, out _);

        Assert.Empty(throttle.Flush(Minute - 1));
        Assert.Equal([new Suppressed<string>("a", 2)], throttle.Flush(Minute));
        Assert.Empty(throttle.Flush(2 * Minute));
        Assert.True(throttle.ShouldLog("a", 2 * Minute, out var summary));
        Assert.Null(summary);
    }

    [Fact]
    public void BeyondMaxKeys_EventsGoToTheOverflowKey()
    {
        var throttle = Throttle(maxKeys: 4);
        int logged = 0;
        for (int i = 0; i < 1000; i++)
        {
            if (throttle.ShouldLog("k" + i, 0, out _))
            {
                logged++;
            }
        }

        Assert.Equal(3 + 3, logged); // three keys of their own, then three lines for "other"
        var summaries = throttle.Flush(Minute);
        Assert.Equal([new Suppressed<string>("other", 1000 - 6)], summaries);
    }
}
