using System.Globalization;

namespace Sstp.Server.Configuration;

/// <summary>Byte sizes in the configuration: a whole number with an optional k, M or G (KiB, MiB, GiB; a trailing B or iB is allowed).</summary>
public static class ByteSize
{
    /// <summary>Parses e.g. <c>1048576</c>, <c>512k</c>, <c>256M</c>, <c>2GiB</c>.</summary>
    public static bool TryParse(string text, out long bytes)
    {
        ArgumentNullException.ThrowIfNull(text);
        bytes = 0;
        string t = text.Trim();
        if (t.EndsWith("iB", StringComparison.OrdinalIgnoreCase))
        {
            t = t[..^2];
        }
        else if (t.Length > 1 && char.IsAsciiLetter(t[^2]) && (t[^1] is 'B' or 'b'))
        {
            t = t[..^1];
        }

        int shift = t.Length == 0 ? 0 : char.ToUpperInvariant(t[^1]) switch
        {
            'K' => 10,
            'M' => 20,
            'G' => 30,
            _ => 0,
        };
        if (shift != 0)
        {
            t = t[..^1];
        }
        else if (t.EndsWith('B') || t.EndsWith('b'))
        {
            t = t[..^1];
        }

        if (!ConfigValueParser.TryParseDecimal(t, out long value) || value > (long.MaxValue >> shift) >> 1)
        {
            return false;
        }

        bytes = value << shift;
        return true;
    }

    /// <summary>Formats a size with the largest exact unit (e.g. <c>256M</c>).</summary>
    public static string Format(long bytes) => bytes switch
    {
        _ when bytes != 0 && bytes % (1L << 30) == 0 => (bytes >> 30).ToString(CultureInfo.InvariantCulture) + "G",
        _ when bytes != 0 && bytes % (1L << 20) == 0 => (bytes >> 20).ToString(CultureInfo.InvariantCulture) + "M",
        _ when bytes != 0 && bytes % (1L << 10) == 0 => (bytes >> 10).ToString(CultureInfo.InvariantCulture) + "k",
        _ => bytes.ToString(CultureInfo.InvariantCulture),
    };
}
