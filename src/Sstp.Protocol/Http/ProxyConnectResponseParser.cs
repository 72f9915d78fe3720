using System.Buffers;
using System.Text;

namespace Sstp.Protocol.Http;

/// <summary>
/// Client side: parses a web proxy's answer to CONNECT, SSTP.md §3.4 [MS-SSTP §4.5], INTEROP.md §9.3.
/// <code>
/// HTTP/1.1 200 Connection established CRLF
/// Proxy-Connection: Keep-Alive CRLF                 other headers are ignored
/// CRLF
/// (TLS starts here)
///
/// HTTP/1.1 407 Proxy Authentication Required CRLF
/// Proxy-Authenticate: Basic realm="proxy" CRLF      challenges, RFC 9110 §11.6.1, §11.7.1
/// Content-Length: 0 CRLF
/// CRLF
/// </code>
/// Any well-formed status is <see cref="OperationStatus.Done"/>: the caller decides (2xx → start TLS,
/// 407 with Basic offered → retry with credentials, anything else → fail). After a 407, the simplest course
/// is a new connection for the retry; <see cref="ProxyConnectResponse.ContentLength"/> lets a caller skip
/// the body instead.
/// </summary>
public static class ProxyConnectResponseParser
{
    /// <summary>
    /// Parses one response from the start of <paramref name="input"/>. Never throws and never reads past it.
    /// </summary>
    /// <returns>
    /// <see cref="OperationStatus.NeedMoreData"/> (consumed 0) until the empty line arrives;
    /// <see cref="OperationStatus.Done"/> with <paramref name="consumed"/> = the header block length; or
    /// <see cref="OperationStatus.InvalidData"/> with <paramref name="error"/>.
    /// </returns>
    public static OperationStatus TryParse(
        ReadOnlySpan<byte> input, out ProxyConnectResponse response, out int consumed, out ProxyConnectError error)
    {
        response = default;
        consumed = 0;
        error = ProxyConnectError.None;

        int prefix = Math.Min(input.Length, 5);
        if (!input[..prefix].SequenceEqual("HTTP/"u8[..prefix]))
        {
            error = ProxyConnectError.Malformed;
            return OperationStatus.InvalidData;
        }

        switch (HttpHeaderBlock.Scan(input, HttpRequestParser.MaxHeaderBytes, HttpRequestParser.MaxHeaderLines, out int length))
        {
            case HeaderBlockStatus.Incomplete:
                return OperationStatus.NeedMoreData;
            case HeaderBlockStatus.TooLarge or HeaderBlockStatus.TooManyLines:
                error = ProxyConnectError.HeaderTooLarge;
                return OperationStatus.InvalidData;
            case HeaderBlockStatus.BadByte:
                error = ProxyConnectError.Malformed;
                return OperationStatus.InvalidData;
        }

        var lines = new HttpLineReader(input[..length]);
        if (!lines.TryReadLine(out var statusLine)
            || !HttpSyntax.TryParseStatusLine(statusLine, out var version, out int status, out var reason))
        {
            error = ProxyConnectError.Malformed;
            return OperationStatus.InvalidData;
        }

        if (!HttpSyntax.TryParseVersion(version, out int major, out _) || major != 1)
        {
            error = ProxyConnectError.NotHttp1;
            return OperationStatus.InvalidData;
        }

        bool basic = false;
        long? contentLength = null;
        while (lines.TryReadLine(out var line))
        {
            if (!HttpSyntax.TrySplitField(line, out var name, out var value))
            {
                error = ProxyConnectError.Malformed;
                return OperationStatus.InvalidData;
            }

            if (Ascii.EqualsIgnoreCase(name, "Proxy-Authenticate"u8))
            {
                basic |= OffersBasic(value);
            }
            else if (Ascii.EqualsIgnoreCase(name, "Content-Length"u8))
            {
                if (!HttpSyntax.TryParseContentLength(value, out ulong n) || n > long.MaxValue
                    || (contentLength is { } previous && previous != (long)n))
                {
                    error = ProxyConnectError.Malformed;
                    return OperationStatus.InvalidData;
                }

                contentLength = (long)n;
            }
        }

        response = new ProxyConnectResponse(status, HttpSyntax.Ascii(reason), basic, contentLength);
        consumed = length;
        return OperationStatus.Done;
    }

    /// <summary>
    /// Whether a Proxy-Authenticate value lists the Basic scheme. The value is a comma list of challenges
    /// (<c>scheme [token68 / auth-param *("," auth-param)]</c>, RFC 9110 §11.2); an element whose first word
    /// is followed by '=' is an auth-param, not a scheme. Commas inside quoted strings are skipped.
    /// </summary>
    private static bool OffersBasic(ReadOnlySpan<byte> value)
    {
        bool quoted = false;
        int start = 0;
        for (int i = 0; i <= value.Length; i++)
        {
            if (i < value.Length)
            {
                byte b = value[i];
                if (b == (byte)'"')
                {
                    quoted = !quoted;
                }
                else if (b == (byte)'\\' && quoted)
                {
                    i++;
                }

                if (quoted || b != (byte)',')
                {
                    continue;
                }
            }

            var element = HttpSyntax.TrimOws(value[start..Math.Min(i, value.Length)]);
            int end = element.IndexOfAny(" \t="u8);
            var word = end < 0 ? element : element[..end];
            bool isParam = end >= 0 && HttpSyntax.TrimOws(element[end..]).StartsWith("="u8);
            if (!isParam && Ascii.EqualsIgnoreCase(word, "Basic"u8))
            {
                return true;
            }

            start = i + 1;
        }

        return false;
    }
}
