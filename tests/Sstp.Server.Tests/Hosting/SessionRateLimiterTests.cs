using Sstp.Protocol.Policing;
using Sstp.Server.Hosting;

namespace Sstp.Server.Tests.Hosting;

public class SessionRateLimiterTests
{
    private const long Ms = TimeSpan.TicksPerMillisecond;

    [Fact]
    public void Unspecified_PassesEverything_AndCountsNothing()
    {
        var limiter = new SessionRateLimiter();
        for (int i = 0; i < 1_000; i++)
        {
            Assert.True(limiter.AllowDown(1_500, 0));
            Assert.True(limiter.AllowUp(1_500, 0));
        }

        Assert.Equal(0, limiter.DroppedDown + limiter.DroppedUp);
        Assert.Equal("unlimited", limiter.Current.ToString());
    }

    [Fact]
    public void EachDirection_HasItsOwnRateAndCounter()
    {
        var limiter = new SessionRateLimiter();
        // 8 Mbit/s down (burst 100 ms = 100,000 B), 1.6 Mbit/s up (burst 20,000 B), no time passing.
        limiter.Set(new RateLimit(8_000_000, 1_600_000));

        int downPassed = CountPassed(n => limiter.AllowDown(1_000, 0));
        int upPassed = CountPassed(n => limiter.AllowUp(1_000, 0));

        Assert.Equal(100, downPassed);
        Assert.Equal(20, upPassed);
        Assert.Equal(100, limiter.DroppedDown);
        Assert.Equal(180, limiter.DroppedUp);
    }

    [Fact]
    public void ZeroOrUnspecifiedDirection_IsUnlimited()
    {
        var limiter = new SessionRateLimiter();
        limiter.Set(new RateLimit(0, null));
        Assert.Equal(200, CountPassed(_ => limiter.AllowDown(60_000, 0)));
        Assert.Equal(200, CountPassed(_ => limiter.AllowUp(60_000, 0)));
    }

    [Fact]
    public void Set_TakesEffectOnTheNextPacket_WithAFreshBucket()
    {
        var limiter = new SessionRateLimiter();
        limiter.Set(new RateLimit(8_000_000, null));
        Assert.Equal(100, CountPassed(_ => limiter.AllowDown(1_000, 0)));
        Assert.False(limiter.AllowDown(1_000, Ms / 2));

        // Raised to 80 Mbit/s: burst 1,000,000 B, available at once.
        limiter.Set(new RateLimit(80_000_000, null));
        Assert.Equal(1_000, CountPassed(_ => limiter.AllowDown(1_000, Ms), 2_000));
        Assert.Equal("down 80Mbit/s up unlimited", limiter.Current.ToString());

        // Lifted: everything passes.
        limiter.Set(new RateLimit(0, 0));
        Assert.Equal(200, CountPassed(_ => limiter.AllowDown(1_000, Ms)));
    }

    [Fact]
    public void Policing_DoesNotAllocate()
    {
        var limiter = new SessionRateLimiter();
        limiter.Set(new RateLimit(8_000_000, 8_000_000));
        limiter.AllowDown(1, 0);
        limiter.AllowUp(1, 0);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            limiter.AllowDown(1_400, i * 1_000L);
            limiter.AllowUp(1_400, i * 1_000L);
        }

        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    [Fact]
    public void ClockOverload_ReadsTheClockOnlyForALimitedDirection()
    {
        var limiter = new SessionRateLimiter();
        limiter.Set(new RateLimit(8_000_000, null));
        int reads = 0;
        long now = 0;
        long Clock()
        {
            reads++;
            return now;
        }

        for (int i = 0; i < 100; i++)
        {
            Assert.True(limiter.AllowUp(1_400, Clock));
        }

        // The first packet after a change sees the new limit (one read); an unlimited direction needs none after that.
        Assert.Equal(1, reads);

        // Downloads are limited: every packet is measured against the clock, and the bucket still polices.
        int passed = CountPassed(_ => limiter.AllowDown(1_400, Clock));
        Assert.Equal(1 + 200, reads);
        Assert.InRange(passed, 1, 199);
    }

    private static int CountPassed(Func<int, bool> send, int attempts = 200)
    {
        int passed = 0;
        for (int i = 0; i < attempts; i++)
        {
            if (send(i))
            {
                passed++;
            }
        }

        return passed;
    }
}
