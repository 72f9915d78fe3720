using System.Globalization;
using Sstp.Server.Configuration;

namespace Sstp.Server.Protection;

/// <summary>
/// A number of events per period, written <c>COUNT/PERIOD</c> (e.g. <c>30/10s</c>, <c>5/1m</c>); <c>off</c> or
/// <c>0</c> is <see cref="Off"/>. Used for connection rates (a bucket of COUNT that refills COUNT per PERIOD) and for
/// failure windows (COUNT failures within PERIOD).
/// </summary>
/// <param name="Count">The events allowed; 0 means off.</param>
/// <param name="Period">The period they are counted over.</param>
public readonly record struct CountPerPeriod(int Count, TimeSpan Period)
{
    /// <summary>The largest count accepted.</summary>
    public const int MaxCount = 1_000_000;

    /// <summary>The limit that is turned off.</summary>
    public static CountPerPeriod Off => default;

    /// <summary>True when the limit applies.</summary>
    public bool IsOn => Count > 0 && Period > TimeSpan.Zero;

    /// <summary>Parses <c>COUNT/PERIOD</c>, <c>off</c> or <c>0</c>; on failure <paramref name="error"/> says why.</summary>
    public static bool TryParse(string text, out CountPerPeriod value, out string error)
    {
        ArgumentNullException.ThrowIfNull(text);
        value = Off;
        error = string.Empty;
        string t = text.Trim();
        if (t is "0" || t.Equals("off", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        int slash = t.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0
            || !int.TryParse(t.AsSpan(0, slash), NumberStyles.None, CultureInfo.InvariantCulture, out int count)
            || count is < 1 or > MaxCount
            || !ConfigValueParser.TryParseDuration(t[(slash + 1)..], out var period)
            || period < TimeSpan.FromSeconds(1) || period > TimeSpan.FromHours(24))
        {
            error = $"'{text}' is not COUNT/PERIOD (COUNT 1-{MaxCount.ToString(CultureInfo.InvariantCulture)}, PERIOD 1s-24h, e.g. 30/10s), nor off";
            return false;
        }

        value = new CountPerPeriod(count, period);
        return true;
    }

    /// <summary>Formats the value the way <see cref="TryParse"/> reads it.</summary>
    public override string ToString() =>
        IsOn ? $"{Count.ToString(CultureInfo.InvariantCulture)}/{ConfigValueParser.FormatDuration(Period)}" : "off";
}
