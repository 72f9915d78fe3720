using System.Buffers;
using System.Text;

namespace Sstp.Protocol.Http;

/// <summary>
/// Client side: parses the server's answer to the SSTP HTTP request, SSTP.md §3.2 [MS-SSTP §4.1].
/// <code>
/// HTTP/1.1 200 OK CRLF                        status-line (RFC 9112 §4)
/// Content-Length: 18446744073709551615 CRLF   optional; if present exactly 2^64−1 (sstpc's rule)
/// Server: Microsoft-HTTPAPI/2.0 CRLF          any other headers are ignored
/// CRLF
/// (SSTP packets follow; not consumed)
/// </code>
/// The status must be 200. The version must be HTTP/1.x (HTTP/1.1 is what every server sends; a 1.0 from an
/// intermediary is tolerated). Limits are those of <see cref="HttpRequestParser"/>.
/// </summary>
public static class HttpResponseParser
{
    /// <summary>
    /// Parses one response from the start of <paramref name="input"/>. Never throws and never reads past it.
    /// </summary>
    /// <returns>
    /// <see cref="OperationStatus.NeedMoreData"/> (consumed 0) until the empty line arrives;
    /// <see cref="OperationStatus.Done"/> with <paramref name="consumed"/> = the header block length; or
    /// <see cref="OperationStatus.InvalidData"/> with <paramref name="error"/>. For
    /// <see cref="HttpResponseError.Status"/> and <see cref="HttpResponseError.BadContentLength"/>,
    /// <paramref name="response"/> is filled in and <paramref name="consumed"/> is the block length.
    /// </returns>
    public static OperationStatus TryParse(
        ReadOnlySpan<byte> input, out HttpResponseInfo response, out int consumed, out HttpResponseError error)
    {
        response = default;
        consumed = 0;
        error = HttpResponseError.None;

        // Refuse early when the bytes cannot start a status line (e.g. the server spoke SSTP or TLS).
        int prefix = Math.Min(input.Length, 5);
        if (!input[..prefix].SequenceEqual("HTTP/"u8[..prefix]))
        {
            error = HttpResponseError.Malformed;
            return OperationStatus.InvalidData;
        }

        switch (HttpHeaderBlock.Scan(input, HttpRequestParser.MaxHeaderBytes, HttpRequestParser.MaxHeaderLines, out int length))
        {
            case HeaderBlockStatus.Incomplete:
                return OperationStatus.NeedMoreData;
            case HeaderBlockStatus.TooLarge or HeaderBlockStatus.TooManyLines:
                error = HttpResponseError.HeaderTooLarge;
                return OperationStatus.InvalidData;
            case HeaderBlockStatus.BadByte:
                error = HttpResponseError.Malformed;
                return OperationStatus.InvalidData;
        }

        var lines = new HttpLineReader(input[..length]);
        if (!lines.TryReadLine(out var statusLine)
            || !HttpSyntax.TryParseStatusLine(statusLine, out var version, out int status, out var reason))
        {
            error = HttpResponseError.Malformed;
            return OperationStatus.InvalidData;
        }

        if (!HttpSyntax.TryParseVersion(version, out int major, out _) || major != 1)
        {
            error = HttpResponseError.NotHttp11;
            return OperationStatus.InvalidData;
        }

        string? server = null;
        int contentLengths = 0;
        bool contentLengthOk = true;
        while (lines.TryReadLine(out var line))
        {
            if (!HttpSyntax.TrySplitField(line, out var name, out var value))
            {
                error = HttpResponseError.Malformed;
                return OperationStatus.InvalidData;
            }

            if (Ascii.EqualsIgnoreCase(name, "Content-Length"u8))
            {
                contentLengths++;
                contentLengthOk &= HttpSyntax.TryParseContentLength(value, out ulong n) && n == ulong.MaxValue;
            }
            else if (Ascii.EqualsIgnoreCase(name, "Server"u8))
            {
                server = HttpSyntax.Ascii(value);
            }
        }

        response = new HttpResponseInfo(status, HttpSyntax.Ascii(reason), HttpSyntax.Ascii(version), server);
        consumed = length;
        error = status != 200 ? HttpResponseError.Status
            : !contentLengthOk || contentLengths > 1 ? HttpResponseError.BadContentLength
            : HttpResponseError.None;
        return error == HttpResponseError.None ? OperationStatus.Done : OperationStatus.InvalidData;
    }
}
