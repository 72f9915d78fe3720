namespace Sstp.Server.Tests.Aaa;

/// <summary>A clock that moves only when told to (monotonic timestamp and wall clock together).</summary>
internal sealed class DasManualTime : TimeProvider
{
    private static readonly DateTimeOffset Origin = new(2026, 12, 1, 5, 0, 0, TimeSpan.Zero);
    private long _ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Read(ref _ticks);

    public override DateTimeOffset GetUtcNow() => Origin + TimeSpan.FromTicks(Interlocked.Read(ref _ticks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
