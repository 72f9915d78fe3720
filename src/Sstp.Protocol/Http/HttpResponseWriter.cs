using System.Globalization;

namespace Sstp.Protocol.Http;

/// <summary>
/// Server side: writes the answer to the SSTP HTTP request, SSTP.md §3.2 [MS-SSTP §4.1].
/// <code>
/// HTTP/1.1 200 OK CRLF
/// Content-Length: 18446744073709551615 CRLF
/// Server: Microsoft-HTTPAPI/2.0 CRLF
/// Date: Thu, 09 Nov 2006 00:51:09 GMT CRLF          (RFC 1123 form, RFC 9110 §5.6.7)
/// CRLF
/// </code>
/// This satisfies every client check known (sstpc: status 200 and Content-Length 2^64−1; OSC: "200" in the
/// status line; Windows: HTTP/1.1). Refusals are a bodiless error with <c>Connection: close</c>, the shape
/// accel uses (SSTP.md §3.3):
/// <code>
/// HTTP/1.1 404 Not Found CRLF
/// Content-Length: 0 CRLF
/// Connection: close CRLF
/// CRLF
/// </code>
/// </summary>
public static class HttpResponseWriter
{
    /// <summary>Length of an RFC 1123 date, "ddd, dd MMM yyyy HH:mm:ss GMT" (the year is always 4 digits).</summary>
    private const int DateLength = 29;

    /// <summary>The exact length of every 200 response (<see cref="WriteOk"/>).</summary>
    public const int OkLength = 17 + 38 + 31 + 6 + DateLength + 2 + 2;

    /// <summary>An upper bound on the length of any <see cref="WriteError"/> response.</summary>
    public const int MaxErrorLength = 128;

    /// <summary>Returns <see cref="OkLength"/>, the bytes <see cref="WriteOk"/> needs.</summary>
    public static int GetOkLength() => OkLength;

    /// <summary>
    /// Writes the 200 response with <paramref name="date"/> (converted to UTC) in the Date header. Returns
    /// the bytes written. Throws <see cref="ArgumentException"/> when <paramref name="destination"/> is
    /// shorter than <see cref="OkLength"/>.
    /// </summary>
    public static int WriteOk(Span<byte> destination, DateTimeOffset date)
    {
        var writer = new HttpTextWriter(destination);
        writer.Append("HTTP/1.1 200 OK\r\nContent-Length: 18446744073709551615\r\nServer: Microsoft-HTTPAPI/2.0\r\nDate: "u8);
        var rest = destination[writer.Written..];
        if (!date.TryFormat(rest, out int dateLength, "r", CultureInfo.InvariantCulture))
        {
            HttpThrow.DestinationTooSmall();
        }

        int written = writer.Written + dateLength;
        var tail = new HttpTextWriter(destination[written..]);
        tail.Append("\r\n\r\n"u8);
        return written + tail.Written;
    }

    /// <summary>The bytes <see cref="WriteError"/> writes for <paramref name="refusal"/>.</summary>
    public static int GetErrorLength(HttpRefusal refusal) =>
        "HTTP/1.1 000 "u8.Length + ReasonPhrase(refusal.ToHttpStatus()).Length
        + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.Length;

    /// <summary>
    /// Writes the error response for <paramref name="refusal"/> (status from
    /// <see cref="HttpRefusalExtensions.ToHttpStatus"/>). Returns the bytes written. Throws
    /// <see cref="ArgumentException"/> for <see cref="HttpRefusal.None"/> or a too-small destination.
    /// </summary>
    public static int WriteError(Span<byte> destination, HttpRefusal refusal)
    {
        if (refusal == HttpRefusal.None)
        {
            throw new ArgumentException("An accepted request is answered with WriteOk.", nameof(refusal));
        }

        int status = refusal.ToHttpStatus();
        var writer = new HttpTextWriter(destination);
        writer.Append("HTTP/1.1 "u8);
        writer.Append(status);
        writer.Append(" "u8);
        writer.Append(ReasonPhrase(status));
        writer.Append("\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8);
        return writer.Written;
    }

    /// <summary>Reason phrases of RFC 9110 §15 for the codes <see cref="HttpRefusalExtensions.ToHttpStatus"/> yields.</summary>
    private static ReadOnlySpan<byte> ReasonPhrase(int status) => status switch
    {
        404 => "Not Found"u8,
        431 => "Request Header Fields Too Large"u8,
        501 => "Not Implemented"u8,
        505 => "HTTP Version Not Supported"u8,
        _ => "Bad Request"u8,
    };
}
