using CsCheck;
using Sstp.Protocol.Policing;

namespace Sstp.Protocol.Tests.Policing;

public class TokenBucketTests
{
    private const long Ms = TimeSpan.TicksPerMillisecond;
    private const long Start = 123_456_789;

    [Fact]
    public void StartsFull_PassesExactlyTheBurst_ThenDrops()
    {
        var bucket = new TokenBucket(8_000_000, 10_000, Start);

        Assert.True(bucket.TryConsume(6_000, Start));
        Assert.True(bucket.TryConsume(4_000, Start));
        Assert.False(bucket.TryConsume(1, Start));
        Assert.Equal(0, bucket.AvailableBytes(Start));
    }

    [Fact]
    public void EightMegabits_RefillsExactlyOneThousandBytesPerMillisecond()
    {
        // 8 Mbit/s = 1,000,000 B/s = 1000 B per ms = 0.1 B per 100 ns tick.
        var bucket = new TokenBucket(8_000_000, 100_000, Start);
        Assert.True(bucket.TryConsume(100_000, Start));

        Assert.Equal(1_000, bucket.AvailableBytes(Start + Ms));
        Assert.Equal(5_000, bucket.AvailableBytes(Start + (5 * Ms)));
        Assert.False(bucket.TryConsume(5_001, Start + (5 * Ms)));
        Assert.True(bucket.TryConsume(5_000, Start + (5 * Ms)));
        Assert.Equal(0, bucket.AvailableBytes(Start + (5 * Ms)));
    }

    [Fact]
    public void SubByteRefills_AreNotLostToRounding()
    {
        // 8 Mbit/s adds 0.1 B per tick: ten calls one tick apart must add exactly one byte.
        var bucket = new TokenBucket(8_000_000, 1_500, Start);
        Assert.True(bucket.TryConsume(1_500, Start));
        for (int i = 1; i <= 9; i++)
        {
            Assert.False(bucket.TryConsume(1, Start + i));
        }

        Assert.True(bucket.TryConsume(1, Start + 10));
        Assert.False(bucket.TryConsume(1, Start + 10));
    }

    [Fact]
    public void RefillStopsAtTheBurst()
    {
        var bucket = new TokenBucket(8_000_000, 3_000, Start);
        Assert.True(bucket.TryConsume(3_000, Start));

        Assert.Equal(3_000, bucket.AvailableBytes(Start + (10 * TimeSpan.TicksPerSecond)));
        Assert.True(bucket.TryConsume(3_000, Start + (10 * TimeSpan.TicksPerSecond)));
        Assert.False(bucket.TryConsume(1, Start + (10 * TimeSpan.TicksPerSecond)));
    }

    [Fact]
    public void TimeGoingBack_AddsNothing_AndIsNotCreditedTwice()
    {
        var bucket = new TokenBucket(8_000_000, 10_000, Start);
        Assert.True(bucket.TryConsume(10_000, Start));
        Assert.True(bucket.TryConsume(2_000, Start + (2 * Ms)));

        Assert.False(bucket.TryConsume(1, Start + Ms));
        Assert.Equal(1_000, bucket.AvailableBytes(Start + (3 * Ms)));
    }

    [Fact]
    public void APacketLargerThanTheBurst_NeverPasses()
    {
        var bucket = new TokenBucket(1_000_000, 1_000, Start);
        Assert.False(bucket.TryConsume(1_001, Start + TimeSpan.TicksPerHour));
    }

    [Theory]
    [InlineData(1_000_000L, 16 * 1024L)]           // 100 ms of 1 Mbit/s is 12,500 B: the 16 KiB floor
    [InlineData(8_000_000L, 100_000L)]             // 100 ms of 1 MB/s
    [InlineData(10_000_000_000L, 125_000_000L)]
    [InlineData(TokenBucket.MaxRateBitsPerSecond, 12_500_000_000L)]
    public void DefaultBurst_IsOneHundredMillisecondsOfTheRate_AtLeast16KiB(long rate, long burst)
    {
        Assert.Equal(burst, TokenBucket.DefaultBurstBytes(rate));
    }

    [Theory]
    [InlineData(0L, 1_000L)]
    [InlineData(TokenBucket.MaxRateBitsPerSecond + 1, 1_000L)]
    [InlineData(1_000L, 0L)]
    [InlineData(1_000L, TokenBucket.MaxBurstBytes + 1)]
    public void OutOfRange_Throws(long rate, long burst)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TokenBucket(rate, burst, 0));
    }

    [Fact]
    public void ExtremeRateAndBurst_DoNotOverflow()
    {
        var bucket = new TokenBucket(TokenBucket.MaxRateBitsPerSecond, TokenBucket.MaxBurstBytes, 0);
        Assert.True(bucket.TryConsume(int.MaxValue, 0));
        Assert.Equal(TokenBucket.MaxBurstBytes, bucket.AvailableBytes(long.MaxValue / 2));
    }

    [Fact]
    public void Property_NeverPassesMoreThanRateTimesTimePlusBurst()
    {
        var events = Gen.Select(Gen.Long[0, 20 * Ms], Gen.Int[0, 9_000]).Array[1, 300];
        Gen.Select(Gen.Long[1_000, 10_000_000_000], Gen.Long[1, 200_000], events).Sample((rate, burst, steps) =>
        {
            var bucket = new TokenBucket(rate, burst, Start);
            long now = Start;
            long passed = 0;
            foreach (var (gap, size) in steps)
            {
                now += gap;
                if (bucket.TryConsume(size, now))
                {
                    passed += size;
                }

                // Exact bound in the bucket's own units: passed × 8 × 10^7 ≤ burst × 8 × 10^7 + rate × elapsed ticks.
                long elapsed = now - Start;
                Assert.True(
                    (Int128)passed * 80_000_000 <= ((Int128)burst * 80_000_000) + ((Int128)rate * elapsed),
                    $"rate {rate} burst {burst}: {passed} B passed in {elapsed} ticks");
            }
        });
    }

    [Fact]
    public void Property_AfterFillTime_AnyPacketUpToTheBurstPasses()
    {
        Gen.Select(Gen.Long[1_000, 10_000_000_000], Gen.Long[1, 200_000], Gen.Int[0, 9_000]).Sample((rate, burst, first) =>
        {
            var bucket = new TokenBucket(rate, burst, Start);
            bucket.TryConsume(first, Start);
            long fill = ((burst * 80_000_000) + rate - 1) / rate;
            Assert.True(bucket.TryConsume((int)Math.Min(burst, int.MaxValue), Start + fill));
        });
    }

    [Fact]
    public void TryConsume_DoesNotAllocate()
    {
        var bucket = new TokenBucket(8_000_000, 10_000, 0);
        bucket.TryConsume(1, 0);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            bucket.TryConsume(1_400, i * 1_000L);
        }

        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }
}
