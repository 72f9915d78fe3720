namespace Sstp.Protocol.Policing;

/// <summary>
/// A token bucket policer for one direction of one session: a packet passes when the bucket holds at least its
/// size in bytes, and is dropped otherwise (no queue). The bucket refills at <see cref="RateBitsPerSecond"/> up
/// to <see cref="BurstBytes"/> and starts full.
/// </summary>
/// <remarks>
/// Time comes in as <c>now</c>, a monotonic timestamp in <see cref="TimeSpan"/> ticks (100 ns); the bucket never
/// reads a clock. The arithmetic is exact integer arithmetic: the credit is kept in units of 1/(8 × 10^7) byte,
/// so one tick at R bits/s adds exactly R units and a byte costs 8 × 10^7 units; nothing is lost to rounding
/// however often it is asked. Over any interval of T ticks the bytes passed are therefore at most
/// <c>BurstBytes + R × T / (8 × 10^7)</c>. Not thread-safe: one thread owns a bucket (the server has one per
/// direction, each touched only by the thread that carries that direction). Allocation-free.
/// </remarks>
public sealed class TokenBucket
{
    /// <summary>The largest rate accepted: 1 Tbit/s.</summary>
    public const long MaxRateBitsPerSecond = 1_000_000_000_000;

    /// <summary>The largest burst accepted: 32 GiB, so that the scaled credit can never overflow.</summary>
    public const long MaxBurstBytes = 1L << 35;

    /// <summary>The smallest default burst: 16 KiB, room for at least two packets of the largest MTU (4087).</summary>
    public const long MinDefaultBurstBytes = 16 * 1024;

    /// <summary>Credit units per byte: 8 bits × 10^7 ticks per second.</summary>
    private const long UnitsPerByte = 8 * TimeSpan.TicksPerSecond;

    private readonly long _capacity;
    private readonly long _fillTicks;
    private long _credit;
    private long _last;

    /// <summary>Creates a full bucket.</summary>
    /// <param name="rateBitsPerSecond">The refill rate, 1 to <see cref="MaxRateBitsPerSecond"/>.</param>
    /// <param name="burstBytes">The capacity in bytes, 1 to <see cref="MaxBurstBytes"/>.</param>
    /// <param name="now">The current time in <see cref="TimeSpan"/> ticks.</param>
    /// <exception cref="ArgumentOutOfRangeException">The rate or the burst is out of range.</exception>
    public TokenBucket(long rateBitsPerSecond, long burstBytes, long now)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rateBitsPerSecond, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rateBitsPerSecond, MaxRateBitsPerSecond);
        ArgumentOutOfRangeException.ThrowIfLessThan(burstBytes, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(burstBytes, MaxBurstBytes);
        RateBitsPerSecond = rateBitsPerSecond;
        BurstBytes = burstBytes;
        _capacity = burstBytes * UnitsPerByte;
        // Ticks after which an empty bucket is full again (rounded up); past it the bucket is simply full.
        _fillTicks = (_capacity + rateBitsPerSecond - 1) / rateBitsPerSecond;
        _credit = _capacity;
        _last = now;
    }

    /// <summary>The refill rate in bits per second.</summary>
    public long RateBitsPerSecond { get; }

    /// <summary>The capacity in bytes: the most that can pass at once after a quiet period.</summary>
    public long BurstBytes { get; }

    /// <summary>
    /// The default burst for a rate: what the rate carries in 100 ms, and at least <see cref="MinDefaultBurstBytes"/>
    /// (a bucket smaller than a packet would pass nothing), at most <see cref="MaxBurstBytes"/>.
    /// </summary>
    public static long DefaultBurstBytes(long rateBitsPerSecond) =>
        Math.Clamp(rateBitsPerSecond / 80, MinDefaultBurstBytes, MaxBurstBytes);

    /// <summary>The whole bytes the bucket holds at <paramref name="now"/> (refills first).</summary>
    public long AvailableBytes(long now)
    {
        Refill(now);
        return _credit / UnitsPerByte;
    }

    /// <summary>
    /// Takes <paramref name="bytes"/> from the bucket when it holds that many at <paramref name="now"/> and returns
    /// true; otherwise takes nothing and returns false (the caller drops the packet). A time earlier than the last
    /// one seen adds nothing.
    /// </summary>
    public bool TryConsume(int bytes, long now)
    {
        Refill(now);
        long cost = Math.Max(bytes, 0) * UnitsPerByte;
        if (cost > _credit)
        {
            return false;
        }

        _credit -= cost;
        return true;
    }

    private void Refill(long now)
    {
        long elapsed = now - _last;
        if (elapsed <= 0)
        {
            // Same tick, or a clock that went back: no credit (and no interval is ever credited twice).
            return;
        }

        _last = now;
        if (elapsed >= _fillTicks)
        {
            _credit = _capacity;
            return;
        }

        // elapsed < _fillTicks, so elapsed × rate < capacity + rate: no overflow for the accepted ranges.
        _credit = Math.Min(_capacity, _credit + (elapsed * RateBitsPerSecond));
    }
}
