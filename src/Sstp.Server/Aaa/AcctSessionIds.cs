using System.Globalization;

namespace Sstp.Server.Aaa;

/// <summary>
/// Acct-Session-Id values (RFC 2866 §5.5: unique, to match Start, Interim and Stop, and used by Disconnect /
/// CoA). An id is the process start time in milliseconds since 1970 (12 hex digits) and a counter (8 hex
/// digits), e.g. <c>019ADB4C27F1-00000001</c>: unique across restarts as long as the clock does not go back,
/// and within a run for 2^32 sessions.
/// </summary>
public static class AcctSessionIds
{
    private static readonly long Epoch = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
    private static long _counter;

    /// <summary>A new id; thread-safe.</summary>
    public static string New() => Format(Epoch, (uint)Interlocked.Increment(ref _counter));

    /// <summary>The text form for a start time and counter value.</summary>
    internal static string Format(long epochMilliseconds, uint counter) =>
        string.Create(CultureInfo.InvariantCulture, $"{epochMilliseconds & 0xFFFF_FFFF_FFFFL:X12}-{counter:X8}");
}
