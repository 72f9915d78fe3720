using System.Globalization;
using Sstp.IO.Tls;
using Sstp.Protocol.Ppp.Lcp;

namespace Sstp.Client.Bench;

/// <summary>Parsers for the <c>sstp bench</c> option values, kept apart from the command line library so they can be tested.</summary>
public static class BenchArguments
{
    /// <summary>Largest accepted <c>--sessions</c>: the open-file limit of one process is 20,000 (MACHINE-LIMITS.md).</summary>
    public const int MaxSessions = 19_000;

    /// <summary>
    /// Parses a duration: a number with a unit <c>ms</c>, <c>s</c>, <c>m</c> or <c>h</c> (<c>500ms</c>, <c>5s</c>,
    /// <c>2.5m</c>), or a bare number of seconds. Zero and negative durations are refused.
    /// </summary>
    public static bool TryParseDuration(string text, out TimeSpan duration, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(text);
        duration = TimeSpan.Zero;
        problem = null;
        string t = text.Trim();
        (string number, double scale) = t switch
        {
            _ when t.EndsWith("ms", StringComparison.OrdinalIgnoreCase) => (t[..^2], 0.001),
            _ when t.EndsWith('s') || t.EndsWith('S') => (t[..^1], 1.0),
            _ when t.EndsWith('m') || t.EndsWith('M') => (t[..^1], 60.0),
            _ when t.EndsWith('h') || t.EndsWith('H') => (t[..^1], 3600.0),
            _ => (t, 1.0),
        };
        if (!double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double value)
            || value <= 0 || value * scale > TimeSpan.FromDays(30).TotalSeconds)
        {
            problem = $"'{text}' is not a positive duration (e.g. 500ms, 5s, 2m, 1h)";
            return false;
        }

        duration = TimeSpan.FromSeconds(value * scale);
        return true;
    }

    /// <summary>Checks <c>--sessions</c> (1 to <see cref="MaxSessions"/>) and <c>--concurrency</c> (1 to sessions is sensible; at most 10,000).</summary>
    public static bool TryValidateCounts(int sessions, int concurrency, out string? problem)
    {
        problem = sessions is < 1 or > MaxSessions
            ? $"--sessions {sessions} is out of range (1-{MaxSessions})"
            : concurrency is < 1 or > 10_000
                ? $"--concurrency {concurrency} is out of range (1-10000)"
                : null;
        return problem is null;
    }

    /// <summary>
    /// The certificate check for a load generator: exactly one of <c>--pin-sha256 HEX</c> and <c>--insecure</c>
    /// (chain building costs the client more than the server's whole handshake, so it is not offered).
    /// </summary>
    public static bool TryParseValidation(string? pin, bool insecure, out ServerCertificateValidation validation, out byte[]? pinBytes, out string? problem)
    {
        validation = ServerCertificateValidation.Insecure;
        pinBytes = null;
        problem = null;
        if (pin is not null && insecure)
        {
            problem = "choose one of --pin-sha256 and --insecure";
            return false;
        }

        if (pin is null)
        {
            if (!insecure)
            {
                problem = "give --pin-sha256 HEX (as `sstp server` prints it) or --insecure";
                return false;
            }

            return true;
        }

        try
        {
            pinBytes = CertificateHashes.ParseHex(pin);
        }
        catch (FormatException)
        {
            pinBytes = null;
        }

        if (pinBytes is not { Length: 32 })
        {
            pinBytes = null;
            problem = "--pin-sha256 must be 64 hex digits (colons allowed)";
            return false;
        }

        validation = ServerCertificateValidation.PinnedSha256;
        return true;
    }

    /// <summary>Parses <c>sstp bench tls --mode</c>: <c>stream</c> or <c>handshakes</c> (any case).</summary>
    public static bool TryParseTlsMode(string text, out TlsBenchMode mode, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(text);
        (mode, problem) = text.Trim().ToUpperInvariant() switch
        {
            "STREAM" => (TlsBenchMode.Stream, (string?)null),
            "HANDSHAKES" => (TlsBenchMode.Handshakes, null),
            _ => (TlsBenchMode.Stream, $"--mode '{text}' is not one of stream, handshakes"),
        };
        return problem is null;
    }

    /// <summary>
    /// Checks the numbers of <c>sstp bench tls</c>: <c>--write-size</c> 1 B to 1 MiB, <c>--concurrency</c> 1 to 1000,
    /// <c>--duration</c> and <c>--warmup</c> (parsed by <see cref="TryParseDuration"/>; the warm-up may also be <c>0</c>).
    /// </summary>
    public static bool TryParseTlsBench(string mode, string duration, string warmup, int writeSize, int concurrency, out TlsBenchOptions options, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(warmup);
        options = new TlsBenchOptions();
        if (!TryParseTlsMode(mode, out var parsedMode, out problem))
        {
            return false;
        }

        if (!TryParseDuration(duration, out var measured, out problem))
        {
            problem = $"--duration: {problem}";
            return false;
        }

        var warm = TimeSpan.Zero;
        if (warmup.Trim() != "0" && !TryParseDuration(warmup, out warm, out problem))
        {
            problem = $"--warmup: {problem}";
            return false;
        }

        problem = writeSize is < 1 or > 1024 * 1024
            ? $"--write-size {writeSize} is out of range (1-1048576)"
            : concurrency is < 1 or > 1000
                ? $"--concurrency {concurrency} is out of range (1-1000)"
                : null;
        if (problem is not null)
        {
            return false;
        }

        options = new TlsBenchOptions { Mode = parsedMode, Duration = measured, Warmup = warm, WriteSize = writeSize, Concurrency = concurrency };
        return true;
    }
}
