using System.Globalization;
using System.Net;
using Sstp.Protocol.Http;

namespace Sstp.Server.Hosting;

/// <summary>What the request head from a trusted proxy says about the client behind it.</summary>
public enum ForwardedForStatus
{
    /// <summary>The head is not a complete HTTP request yet: read more.</summary>
    Incomplete,

    /// <summary>The bytes are no HTTP request block at all; the session refuses them as it would anyway.</summary>
    NotHttp,

    /// <summary>A request without <c>X-Forwarded-For</c>: the proxy's own address stands.</summary>
    Absent,

    /// <summary>The last entry names a client address.</summary>
    Found,

    /// <summary>The header is present but its last entry is no address (refusal reason <c>forwarded_for</c>).</summary>
    Malformed,
}

/// <summary>
/// Picks the client address out of <c>X-Forwarded-For</c>. Only the last entry counts: it is the one the trusted
/// proxy appended itself; anything before it came from the client and proves nothing. Several headers count as one
/// list in their order, so the last entry of the last header wins. Pure: no I/O, never throws on peer input.
/// </summary>
public static class ForwardedFor
{
    /// <summary>Reads the request head at the start of <paramref name="received"/> and its last forwarded address.</summary>
    /// <param name="received">Everything the proxy sent so far.</param>
    /// <param name="client">With <see cref="ForwardedForStatus.Found"/>, the client (port 0 when the entry has none).</param>
    /// <param name="entry">With <see cref="ForwardedForStatus.Malformed"/>, the entry that was refused (for the log).</param>
    public static ForwardedForStatus FromHead(ReadOnlySpan<byte> received, out IPEndPoint? client, out string? entry)
    {
        client = null;
        entry = null;
        var status = HttpRequestParser.TryParse(received, out var request, out int consumed, out _);
        if (status == System.Buffers.OperationStatus.NeedMoreData)
        {
            return ForwardedForStatus.Incomplete;
        }

        // A refusal found after the whole block was read still carries the fields; one found before does not.
        if (status != System.Buffers.OperationStatus.Done && consumed == 0)
        {
            return ForwardedForStatus.NotHttp;
        }

        if (request.XForwardedFor is not { } value)
        {
            return ForwardedForStatus.Absent;
        }

        entry = LastEntry(value);
        client = ParseEntry(entry);
        return client is null ? ForwardedForStatus.Malformed : ForwardedForStatus.Found;
    }

    /// <summary>The last comma-separated entry of <paramref name="value"/>, without surrounding blanks.</summary>
    public static string LastEntry(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        int comma = value.LastIndexOf(',');
        return value[(comma + 1)..].Trim(' ', '\t');
    }

    /// <summary>
    /// One entry: <c>1.2.3.4</c>, <c>1.2.3.4:5</c>, <c>2001:db8::1</c>, <c>[2001:db8::1]</c> or <c>[2001:db8::1]:5</c>.
    /// Returns null for anything else (names, <c>unknown</c>, short IPv4 forms, scope ids, bad ports).
    /// </summary>
    public static IPEndPoint? ParseEntry(string entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        string host = entry;
        int port = 0;
        if (entry.StartsWith('['))
        {
            int close = entry.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                return null;
            }

            host = entry[1..close];
            string rest = entry[(close + 1)..];
            if (rest.Length > 0 && (rest[0] != ':' || !TryPort(rest[1..], out port)))
            {
                return null;
            }

            if (!host.Contains(':', StringComparison.Ordinal))
            {
                return null;
            }
        }
        else if (entry.Count(c => c == ':') == 1)
        {
            int colon = entry.IndexOf(':', StringComparison.Ordinal);
            host = entry[..colon];
            if (!TryPort(entry[(colon + 1)..], out port))
            {
                return null;
            }
        }

        if (host.Length == 0 || host.Contains('%', StringComparison.Ordinal) || !IPAddress.TryParse(host, out var address))
        {
            return null;
        }

        // IPAddress also reads "1", "1.2.3" and "0x7f.1"; a proxy writes the four decimal parts.
        if (!host.Contains(':', StringComparison.Ordinal) && !IsDottedQuad(host))
        {
            return null;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        return new IPEndPoint(address, port);
    }

    private static bool TryPort(string text, out int port)
    {
        port = 0;
        return text.Length is > 0 and <= 5 && text.All(char.IsAsciiDigit)
            && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port <= ushort.MaxValue;
    }

    private static bool IsDottedQuad(string host)
    {
        string[] parts = host.Split('.');
        return parts.Length == 4 && parts.All(p => p.Length is > 0 and <= 3 && p.All(char.IsAsciiDigit));
    }
}
