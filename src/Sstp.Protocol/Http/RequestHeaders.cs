using System.Text;

namespace Sstp.Protocol.Http;

/// <summary>
/// Collects the request headers <see cref="HttpRequestParser"/> cares about (names matched ignoring case,
/// RFC 9110 §5.1) and notes a repeated single-valued one. Cookie and X-Forwarded-For may repeat and are
/// joined; every other header is ignored.
/// </summary>
internal struct RequestHeaders
{
    /// <summary>Host value, or null.</summary>
    public string? Host;

    /// <summary>SSTPCORRELATIONID value, or null.</summary>
    public string? CorrelationId;

    /// <summary>SSTPVERSION value, or null.</summary>
    public string? SstpVersion;

    /// <summary>Cookie values joined with "; ", or null.</summary>
    public string? Cookie;

    /// <summary>X-Forwarded-For values joined with ", ", or null.</summary>
    public string? XForwardedFor;

    /// <summary>Whether a Content-Length line was seen.</summary>
    public bool ContentLengthSeen;

    /// <summary>The Content-Length as a number; 0 when it did not parse (so it never equals 2^64−1).</summary>
    public ulong ContentLength;

    /// <summary>Whether Host, Content-Length, SSTPCORRELATIONID or SSTPVERSION repeated.</summary>
    public bool Duplicate;

    /// <summary>Records one field line.</summary>
    public void Add(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        if (Ascii.EqualsIgnoreCase(name, "Host"u8))
        {
            SetOnce(ref Host, value);
        }
        else if (Ascii.EqualsIgnoreCase(name, "SSTPCORRELATIONID"u8))
        {
            SetOnce(ref CorrelationId, value);
        }
        else if (Ascii.EqualsIgnoreCase(name, "SSTPVERSION"u8))
        {
            SetOnce(ref SstpVersion, value);
        }
        else if (Ascii.EqualsIgnoreCase(name, "Content-Length"u8))
        {
            Duplicate |= ContentLengthSeen;
            ContentLengthSeen = true;
            ContentLength = HttpSyntax.TryParseContentLength(value, out ulong length) ? length : 0;
        }
        else if (Ascii.EqualsIgnoreCase(name, "Cookie"u8))
        {
            Cookie = Join(Cookie, "; ", value);
        }
        else if (Ascii.EqualsIgnoreCase(name, "X-Forwarded-For"u8))
        {
            XForwardedFor = Join(XForwardedFor, ", ", value);
        }
    }

    private void SetOnce(ref string? field, ReadOnlySpan<byte> value)
    {
        Duplicate |= field is not null;
        field = HttpSyntax.Ascii(value);
    }

    private static string Join(string? existing, string separator, ReadOnlySpan<byte> value) =>
        existing is null ? HttpSyntax.Ascii(value) : existing + separator + HttpSyntax.Ascii(value);
}
