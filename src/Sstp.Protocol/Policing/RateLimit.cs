using System.Globalization;

namespace Sstp.Protocol.Policing;

/// <summary>
/// A per-user rate limit in bits per second, one value per direction: <see cref="DownBitsPerSecond"/> toward
/// the client (server → client) and <see cref="UpBitsPerSecond"/> from the client. For each direction, null means
/// "this source does not say" (a lower-precedence source decides, see <see cref="Over"/>) and 0 means "no limit".
/// </summary>
/// <remarks>
/// Text form (users file, configuration, <c>sstp user add --rate</c>): <c>DOWN[/UP]</c>, each a number of bits per
/// second with an optional unit <c>k</c> (10^3), <c>M</c> (10^6) or <c>G</c> (10^9), case-insensitive, e.g.
/// <c>10M/2M</c>, <c>512k</c> (both directions), <c>1.5M/0</c> (upload unlimited).
/// </remarks>
/// <param name="DownBitsPerSecond">Toward the client; null = unspecified, 0 = unlimited.</param>
/// <param name="UpBitsPerSecond">From the client; null = unspecified, 0 = unlimited.</param>
public readonly record struct RateLimit(long? DownBitsPerSecond, long? UpBitsPerSecond)
{
    /// <summary>True when neither direction is specified.</summary>
    public bool IsUnspecified => DownBitsPerSecond is null && UpBitsPerSecond is null;

    /// <summary>True when neither direction is limited (unspecified or 0).</summary>
    public bool IsUnlimited => DownBitsPerSecond is null or 0 && UpBitsPerSecond is null or 0;

    /// <summary>This limit where it speaks, <paramref name="lower"/> where it does not (per direction).</summary>
    public RateLimit Over(RateLimit lower) => new(DownBitsPerSecond ?? lower.DownBitsPerSecond, UpBitsPerSecond ?? lower.UpBitsPerSecond);

    /// <summary>
    /// Parses <c>DOWN[/UP]</c>; one value applies to both directions. Never throws; on failure
    /// <paramref name="error"/> says why.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> text, out RateLimit limit, out string error)
    {
        limit = default;
        text = text.Trim();
        int slash = text.IndexOf('/');
        var downText = slash < 0 ? text : text[..slash];
        var upText = slash < 0 ? text : text[(slash + 1)..];
        if (text.IsEmpty || upText.Contains('/'))
        {
            error = $"'{text}' is not a rate (expected DOWN[/UP] in bits per second with an optional k, M or G, e.g. 10M/2M)";
            return false;
        }

        if (!TryParseRate(downText, out long down) || !TryParseRate(upText, out long up))
        {
            string bad = TryParseRate(downText, out _) ? upText.ToString() : downText.ToString();
            error = $"'{bad}' is not a rate (a number of bits per second with an optional k, M or G, at most 1000G; e.g. 10M/2M)";
            return false;
        }

        limit = new RateLimit(down, up);
        error = string.Empty;
        return true;
    }

    /// <summary>
    /// Parses one rate: a decimal number of bits per second with an optional unit k, M or G (case-insensitive),
    /// 0 to <see cref="TokenBucket.MaxRateBitsPerSecond"/>, fractions of a bit dropped. Never throws.
    /// </summary>
    public static bool TryParseRate(ReadOnlySpan<char> text, out long bitsPerSecond)
    {
        bitsPerSecond = 0;
        text = text.Trim();
        if (text.IsEmpty)
        {
            return false;
        }

        long unit = char.ToUpperInvariant(text[^1]) switch
        {
            'K' => 1_000,
            'M' => 1_000_000,
            'G' => 1_000_000_000,
            _ => 1,
        };
        var number = unit == 1 ? text : text[..^1];
        if (number.IsEmpty || !char.IsAsciiDigit(number[0]) || !char.IsAsciiDigit(number[^1])
            || !decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal value)
            || value > TokenBucket.MaxRateBitsPerSecond / (decimal)unit)
        {
            return false;
        }

        bitsPerSecond = (long)decimal.Truncate(value * unit);
        return true;
    }

    /// <summary>One rate in the shortest exact text: <c>10M</c>, <c>1500k</c>, <c>1234</c>, <c>0</c>.</summary>
    public static string FormatRate(long bitsPerSecond) => bitsPerSecond switch
    {
        0 => "0",
        _ when bitsPerSecond % 1_000_000_000 == 0 => string.Create(CultureInfo.InvariantCulture, $"{bitsPerSecond / 1_000_000_000}G"),
        _ when bitsPerSecond % 1_000_000 == 0 => string.Create(CultureInfo.InvariantCulture, $"{bitsPerSecond / 1_000_000}M"),
        _ when bitsPerSecond % 1_000 == 0 => string.Create(CultureInfo.InvariantCulture, $"{bitsPerSecond / 1_000}k"),
        _ => bitsPerSecond.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>
    /// The text form <see cref="TryParse"/> reads back: <c>DOWN/UP</c>, or one value when both are equal. An
    /// unspecified direction is written as 0 (no limit).
    /// </summary>
    public string Format()
    {
        long down = DownBitsPerSecond ?? 0, up = UpBitsPerSecond ?? 0;
        return down == up ? FormatRate(down) : $"{FormatRate(down)}/{FormatRate(up)}";
    }

    /// <summary>For logs: <c>down 10M up 2M bit/s</c>, <c>unlimited</c> for a direction without a limit.</summary>
    public override string ToString() => IsUnlimited
        ? "unlimited"
        : $"down {Describe(DownBitsPerSecond)} up {Describe(UpBitsPerSecond)}";

    private static string Describe(long? rate) => rate is null or 0 ? "unlimited" : FormatRate(rate.Value) + "bit/s";
}
