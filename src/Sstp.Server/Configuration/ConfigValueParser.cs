using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Sstp.Server.Configuration;

/// <summary>
/// Strict parsers for configuration and users-file values. Each returns false with a message that quotes
/// the value; none throws. Stricter than <see cref="IPAddress.TryParse(string, out IPAddress)"/>, which
/// also takes forms like <c>10.1</c> or a bare number that no administrator means as an address.
/// </summary>
public static class ConfigValueParser
{
    /// <summary>Parses a dotted-quad IPv4 address (exactly four decimal parts).</summary>
    public static bool TryParseIPv4(string text, out IPAddress address)
    {
        address = IPAddress.None;
        var parts = text.Split('.');
        if (parts.Length != 4)
        {
            return false;
        }

        foreach (var part in parts)
        {
            if (part.Length is 0 or > 3 || !part.All(char.IsAsciiDigit))
            {
                return false;
            }
        }

        if (!IPAddress.TryParse(text, out var parsed) || parsed.AddressFamily != AddressFamily.InterNetwork)
        {
            return false;
        }

        address = parsed;
        return true;
    }

    /// <summary>Parses an IPv6 address in any RFC 4291 text form, without a zone index.</summary>
    public static bool TryParseIPv6(string text, out IPAddress address)
    {
        address = IPAddress.IPv6None;
        if (!text.Contains(':', StringComparison.Ordinal) || text.Contains('%', StringComparison.Ordinal)
            || !IPAddress.TryParse(text, out var parsed) || parsed.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return false;
        }

        address = parsed;
        return true;
    }

    /// <summary>Parses an IPv4 or IPv6 address (strictly, as above).</summary>
    public static bool TryParseAddress(string text, out IPAddress address) =>
        text.Contains(':', StringComparison.Ordinal) ? TryParseIPv6(text, out address) : TryParseIPv4(text, out address);

    /// <summary>Parses <c>ADDR/LEN</c> of the given family; host bits must be zero.</summary>
    public static bool TryParseNetwork(string text, AddressFamily family, out IPNetwork network, out string error)
    {
        network = default;
        string kind = family == AddressFamily.InterNetwork ? "IPv4 CIDR" : "IPv6 prefix";
        int maxLength = family == AddressFamily.InterNetwork ? 32 : 128;
        int slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            error = $"'{text}' is not a valid {kind} (expected ADDRESS/LENGTH)";
            return false;
        }

        string addressText = text[..slash];
        string lengthText = text[(slash + 1)..];
        bool addressOk = family == AddressFamily.InterNetwork
            ? TryParseIPv4(addressText, out var address)
            : TryParseIPv6(addressText, out address);
        if (!addressOk || !TryParseDecimal(lengthText, out long length) || length > maxLength)
        {
            error = $"'{text}' is not a valid {kind}";
            return false;
        }

        var canonical = new IPNetwork(Mask(address, (int)length), (int)length);
        if (!canonical.BaseAddress.Equals(address))
        {
            error = $"'{text}' has host bits set (did you mean '{canonical}'?)";
            return false;
        }

        network = canonical;
        error = string.Empty;
        return true;
    }

    /// <summary>
    /// Parses a listen endpoint: <c>A.B.C.D:PORT</c> or <c>[IPv6]:PORT</c>, port 1–65535.
    /// </summary>
    public static bool TryParseEndpoint(string text, out IPEndPoint endpoint, out string error)
    {
        endpoint = new IPEndPoint(IPAddress.None, 0);
        string addressText;
        string portText;
        IPAddress? address;
        if (text.StartsWith('['))
        {
            int close = text.IndexOf("]:", StringComparison.Ordinal);
            if (close < 0)
            {
                error = $"'{text}' is not ADDRESS:PORT (an IPv6 address is written [ADDRESS]:PORT)";
                return false;
            }

            addressText = text[1..close];
            portText = text[(close + 2)..];
            if (!TryParseIPv6(addressText, out address))
            {
                error = $"'{addressText}' is not a valid IPv6 address";
                return false;
            }
        }
        else
        {
            int colon = text.LastIndexOf(':');
            if (colon < 0)
            {
                error = $"'{text}' is not ADDRESS:PORT";
                return false;
            }

            addressText = text[..colon];
            portText = text[(colon + 1)..];
            if (addressText.Contains(':', StringComparison.Ordinal))
            {
                error = $"'{text}': write an IPv6 address in brackets, as [ADDRESS]:PORT";
                return false;
            }

            if (!TryParseIPv4(addressText, out address))
            {
                error = $"'{addressText}' is not a valid IPv4 address";
                return false;
            }
        }

        if (!TryParseDecimal(portText, out long port))
        {
            error = $"'{portText}' is not a port number";
            return false;
        }

        if (port is < IPEndPoint.MinPort + 1 or > IPEndPoint.MaxPort)
        {
            error = $"port {port} is out of range (1-65535)";
            return false;
        }

        endpoint = new IPEndPoint(address, (int)port);
        error = string.Empty;
        return true;
    }

    /// <summary>Formats an endpoint the way <see cref="TryParseEndpoint"/> reads it.</summary>
    public static string FormatEndpoint(IPEndPoint endpoint) =>
        endpoint.AddressFamily == AddressFamily.InterNetworkV6
            ? $"[{endpoint.Address}]:{endpoint.Port.ToString(CultureInfo.InvariantCulture)}"
            : $"{endpoint.Address}:{endpoint.Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>
    /// Parses a duration: a whole number with an optional unit <c>ms</c>, <c>s</c> (the default), <c>m</c> or
    /// <c>h</c> (e.g. <c>30</c>, <c>30s</c>, <c>2m</c>).
    /// </summary>
    public static bool TryParseDuration(string text, out TimeSpan duration)
    {
        duration = default;
        string t = text.Trim().ToLowerInvariant();
        (string number, long unitMs) = t switch
        {
            _ when t.EndsWith("ms", StringComparison.Ordinal) => (t[..^2], 1L),
            _ when t.EndsWith('s') => (t[..^1], 1000L),
            _ when t.EndsWith('m') => (t[..^1], 60_000L),
            _ when t.EndsWith('h') => (t[..^1], 3_600_000L),
            _ => (t, 1000L),
        };
        if (!TryParseDecimal(number.TrimEnd(), out long value) || value > long.MaxValue / unitMs / TimeSpan.TicksPerMillisecond)
        {
            return false;
        }

        duration = TimeSpan.FromMilliseconds(value * unitMs);
        return true;
    }

    /// <summary>Formats a duration the way <see cref="TryParseDuration"/> reads it (largest exact unit).</summary>
    public static string FormatDuration(TimeSpan duration)
    {
        long ms = (long)duration.TotalMilliseconds;
        return ms switch
        {
            _ when ms % 3_600_000 == 0 && ms != 0 => $"{(ms / 3_600_000).ToString(CultureInfo.InvariantCulture)}h",
            _ when ms % 60_000 == 0 && ms != 0 => $"{(ms / 60_000).ToString(CultureInfo.InvariantCulture)}m",
            _ when ms % 1000 == 0 => $"{(ms / 1000).ToString(CultureInfo.InvariantCulture)}s",
            _ => $"{ms.ToString(CultureInfo.InvariantCulture)}ms",
        };
    }

    /// <summary>Parses <c>true/false</c>, <c>yes/no</c>, <c>on/off</c>, <c>1/0</c>, case-insensitively.</summary>
    public static bool TryParseBool(string text, out bool value)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "true" or "yes" or "on" or "1":
                value = true;
                return true;
            case "false" or "no" or "off" or "0":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }

    /// <summary>Parses a non-negative decimal integer of ASCII digits only (no sign, no spaces).</summary>
    public static bool TryParseDecimal(string text, out long value)
    {
        value = 0;
        if (text.Length is 0 or > 18 || !text.All(char.IsAsciiDigit))
        {
            return false;
        }

        value = long.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
        return true;
    }

    /// <summary>Clears the bits of <paramref name="address"/> past <paramref name="prefixLength"/>.</summary>
    public static IPAddress Mask(IPAddress address, int prefixLength)
    {
        var bytes = address.GetAddressBytes();
        for (int i = 0; i < bytes.Length; i++)
        {
            int keep = Math.Clamp(prefixLength - (8 * i), 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - keep));
        }

        return new IPAddress(bytes);
    }
}
