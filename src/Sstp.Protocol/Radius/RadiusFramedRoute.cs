using System.Globalization;
using System.Net;
using System.Text;

namespace Sstp.Protocol.Radius;

/// <summary>
/// One route of a Framed-Route (22, RFC 2865 §5.22) or Framed-IPv6-Route (99, RFC 3162 §2.5): a prefix the NAS
/// routes to the user, who acts as a router for it. The text form is <c>PREFIX[/LEN] GATEWAY [METRIC …]</c>,
/// e.g. <c>192.0.2.0/24 0.0.0.0 1</c> or <c>2001:db8:1::/48 :: 1</c>. A gateway of 0.0.0.0 (IPv4) or :: (IPv6)
/// means the user's own address; a missing length means a host route (/32 or /128).
/// </summary>
/// <param name="Prefix">The network address (no bits set past <paramref name="Length"/>).</param>
/// <param name="Length">The prefix length: 0–32 for IPv4, 0–128 for IPv6.</param>
/// <param name="Gateway">The gateway, or null when absent or the unspecified address (the user's address).</param>
/// <param name="Metric">The first metric, or null when absent.</param>
public sealed record RadiusFramedRoute(IPAddress Prefix, int Length, IPAddress? Gateway, int? Metric)
{
    /// <summary>True for a Framed-IPv6-Route.</summary>
    public bool IsIPv6 { get; } = Width(Prefix) == 16;

    /// <summary>The route as an <see cref="IPNetwork"/>.</summary>
    public IPNetwork Network => new(Prefix, Length);

    /// <summary>
    /// Parses one attribute value. Never throws: on failure <paramref name="error"/> says what is wrong, in words
    /// fit for a log line.
    /// </summary>
    /// <param name="value">The attribute's text octets (UTF-8; a trailing NUL, as some servers send, is ignored).</param>
    /// <param name="ipv6">True for Framed-IPv6-Route: the prefix and gateway must be IPv6; false: IPv4.</param>
    /// <param name="route">The route, when the text is well formed.</param>
    /// <param name="error">Why it is not, otherwise.</param>
    public static bool TryParse(ReadOnlySpan<byte> value, bool ipv6, out RadiusFramedRoute? route, out string? error)
    {
        route = null;
        string text = Encoding.UTF8.GetString(value).TrimEnd('\0').Trim();
        string shown = text.Length > 64 ? text[..64] + "…" : text;
        string[] fields = text.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length == 0)
        {
            error = "empty route";
            return false;
        }

        int width = ipv6 ? 16 : 4;
        int max = ipv6 ? 128 : 32;
        string destination = fields[0];
        int slash = destination.IndexOf('/', StringComparison.Ordinal);
        int length = max;
        if (slash >= 0
            && (!int.TryParse(destination.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out length) || length > max))
        {
            error = $"bad prefix length in '{shown}'";
            return false;
        }

        var address = slash >= 0 ? destination.AsSpan(0, slash) : destination;
        if (!IPAddress.TryParse(address, out var prefix) || Width(prefix) != width || (!ipv6 && address.Count('.') != 3))
        {
            error = $"'{shown}' does not start with an {(ipv6 ? "IPv6" : "IPv4")} prefix";
            return false;
        }

        if (!Masked(prefix, length).Equals(prefix))
        {
            error = $"'{shown}' has host bits set past /{length.ToString(CultureInfo.InvariantCulture)}";
            return false;
        }

        IPAddress? gateway = null;
        if (fields.Length > 1)
        {
            if (!IPAddress.TryParse(fields[1], out gateway) || Width(gateway) != width)
            {
                error = $"bad gateway in '{shown}'";
                return false;
            }

            if (gateway.Equals(ipv6 ? IPAddress.IPv6Any : IPAddress.Any))
            {
                gateway = null;
            }
        }

        int? metric = null;
        if (fields.Length > 2)
        {
            if (!int.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out int m))
            {
                error = $"bad metric in '{shown}'";
                return false;
            }

            metric = m;
        }

        route = new RadiusFramedRoute(prefix, length, gateway, metric);
        error = null;
        return true;
    }

    /// <summary>Prefix notation with the gateway and metric when present, e.g. <c>192.0.2.0/24 via 10.0.0.2 metric 1</c>.</summary>
    public override string ToString() =>
        $"{Prefix}/{Length.ToString(CultureInfo.InvariantCulture)}"
        + (Gateway is null ? string.Empty : $" via {Gateway}")
        + (Metric is int m ? $" metric {m.ToString(CultureInfo.InvariantCulture)}" : string.Empty);

    private static int Width(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        return address.TryWriteBytes(bytes, out int count) ? count : 0;
    }

    private static IPAddress Masked(IPAddress address, int length)
    {
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out int count);
        bytes = bytes[..count];
        for (int i = 0; i < bytes.Length; i++)
        {
            int keep = Math.Clamp(length - (i * 8), 0, 8);
            bytes[i] &= (byte)(0xFF00 >> keep);
        }

        return new IPAddress(bytes);
    }
}
