using System.Buffers;

namespace Sstp.Protocol.Http;

/// <summary>
/// Server side: parses the SSTP HTTP request that opens every connection [MS-SSTP §3.2.4.1, §4.1],
/// SSTP.md §3.1 and §3.3.
/// <code>
/// SSTP_DUPLEX_POST /sra_{BA195980-CD49-458b-9E23-C84EE0ADCD75}/ HTTP/1.1 CRLF
/// Content-Length: 18446744073709551615 CRLF
/// Host: vpn.example.com CRLF
/// SSTPCORRELATIONID: {2F6A1D2C-6E55-4B4B-9C1F-0123456789AB} CRLF
/// CRLF
/// (SSTP packets follow immediately; they are not consumed here)
/// </code>
/// Acceptance (SSTP.md §3.3 recommendation): the method exactly <c>SSTP_DUPLEX_POST</c>; the path equal
/// to the SSTP URI ignoring case, with any query (e.g. <c>?tenantid=</c>) ignored; <c>HTTP/1.1</c>, with
/// <c>HTTP/1.0</c> tolerated. SSTPCORRELATIONID is never validated (sstpc sends a non-GUID, others a
/// brace-less UUID); Host is not required and may carry a port. Content-Length, when present, must be
/// exactly 2^64−1; a request without it is accepted (no known client omits it, and it carries no meaning
/// since no body is ever read).
/// </summary>
public static class HttpRequestParser
{
    /// <summary>The most bytes a header block may have, including the final empty line.</summary>
    public const int MaxHeaderBytes = 8192;

    /// <summary>The most lines a header block may have (request line and header lines, not the empty line).</summary>
    public const int MaxHeaderLines = 100;

    /// <summary>The SSTP URI path [MS-SSTP §3.2.4.1]; matched ignoring ASCII case.</summary>
    public const string SstpPath = "/sra_{BA195980-CD49-458b-9E23-C84EE0ADCD75}/";

    /// <summary>The SSTP method, matched case-sensitively.</summary>
    public const string SstpMethod = "SSTP_DUPLEX_POST";

    /// <summary>The only Content-Length an SSTP request may carry: ULONGLONG_MAX.</summary>
    public const ulong SstpContentLength = ulong.MaxValue;

    /// <summary>
    /// Parses one request from the start of <paramref name="input"/>. Never throws and never reads past it.
    /// </summary>
    /// <returns>
    /// <see cref="OperationStatus.NeedMoreData"/> (consumed 0) until the empty line arrives;
    /// <see cref="OperationStatus.Done"/> with <paramref name="consumed"/> = the header block length (bytes
    /// after it belong to the SSTP parser, SSTP.md §3.2); or <see cref="OperationStatus.InvalidData"/> with
    /// <paramref name="refusal"/> naming the cause. Limits and byte checks refuse before the block is
    /// complete. When the refusal is found after the whole block was read (version, method, path, duplicate
    /// header, Content-Length), <paramref name="request"/> still carries the parsed fields and
    /// <paramref name="consumed"/> the block length, so a website fallback can use them; otherwise
    /// <paramref name="request"/> is <see cref="SstpHttpRequest.Empty"/> and <paramref name="consumed"/> 0.
    /// </returns>
    public static OperationStatus TryParse(
        ReadOnlySpan<byte> input, out SstpHttpRequest request, out int consumed, out HttpRefusal refusal)
    {
        request = SstpHttpRequest.Empty;
        consumed = 0;
        refusal = ScanBlock(input, out int length);
        if (refusal != HttpRefusal.None)
        {
            return OperationStatus.InvalidData;
        }

        if (length == 0)
        {
            return OperationStatus.NeedMoreData;
        }

        var lines = new HttpLineReader(input[..length]);
        if (!lines.TryReadLine(out var requestLine)
            || !TrySplitRequestLine(requestLine, out var method, out var target, out var version))
        {
            refusal = HttpRefusal.Malformed;
            return OperationStatus.InvalidData;
        }

        var headers = default(RequestHeaders);
        while (lines.TryReadLine(out var line))
        {
            if (!HttpSyntax.TrySplitField(line, out var name, out var value))
            {
                refusal = HttpRefusal.Malformed;
                return OperationStatus.InvalidData;
            }

            headers.Add(name, value);
        }

        int query = target.IndexOf((byte)'?');
        var path = query < 0 ? target : target[..query];
        request = new SstpHttpRequest
        {
            Method = HttpSyntax.Ascii(method),
            Path = HttpSyntax.Ascii(path),
            Query = query < 0 ? null : HttpSyntax.Ascii(target[(query + 1)..]),
            HttpVersion = HttpSyntax.Ascii(version),
            Host = headers.Host,
            CorrelationId = headers.CorrelationId,
            SstpVersion = headers.SstpVersion,
            Cookie = headers.Cookie,
            XForwardedFor = headers.XForwardedFor,
        };
        consumed = length;
        refusal = Judge(method, path, version, in headers);
        return refusal == HttpRefusal.None ? OperationStatus.Done : OperationStatus.InvalidData;
    }

    /// <summary>
    /// Finds the block end. Returns a refusal, or None with length 0 (need more) or the block length.
    /// </summary>
    private static HttpRefusal ScanBlock(ReadOnlySpan<byte> input, out int length)
    {
        length = 0;
        if (input.IsEmpty)
        {
            return HttpRefusal.None;
        }

        // A TLS record starts with content type 22 (handshake); no HTTP method starts with it.
        if (input[0] == 0x16)
        {
            return HttpRefusal.LooksLikeTls;
        }

        // Refuse garbage before waiting for a whole block: the method is a token followed by SP.
        int space = input.IndexOf((byte)' ');
        var methodPrefix = space < 0 ? input : input[..space];
        if (space == 0 || !HttpSyntax.IsTokenPrefix(methodPrefix))
        {
            return HttpRefusal.Malformed;
        }

        return HttpHeaderBlock.Scan(input, MaxHeaderBytes, MaxHeaderLines, out length) switch
        {
            HeaderBlockStatus.Complete or HeaderBlockStatus.Incomplete => HttpRefusal.None,
            HeaderBlockStatus.TooLarge => HttpRefusal.HeaderTooLarge,
            HeaderBlockStatus.TooManyLines => HttpRefusal.TooManyHeaderLines,
            _ => HttpRefusal.Malformed,
        };
    }

    /// <summary>request-line = method SP request-target SP HTTP-version (RFC 9112 §3), single spaces.</summary>
    private static bool TrySplitRequestLine(
        ReadOnlySpan<byte> line, out ReadOnlySpan<byte> method, out ReadOnlySpan<byte> target, out ReadOnlySpan<byte> version)
    {
        method = target = version = default;
        int first = line.IndexOf((byte)' ');
        if (first <= 0)
        {
            return false;
        }

        method = line[..first];
        var rest = line[(first + 1)..];
        int second = rest.IndexOf((byte)' ');
        if (second <= 0)
        {
            return false;
        }

        target = rest[..second];
        version = rest[(second + 1)..];
        return HttpSyntax.IsToken(method) && !version.IsEmpty && !version.Contains((byte)' ')
            && !target.Contains((byte)'\t');
    }

    /// <summary>Applies the acceptance rules in a fixed order: version, method, path, headers.</summary>
    private static HttpRefusal Judge(
        ReadOnlySpan<byte> method, ReadOnlySpan<byte> path, ReadOnlySpan<byte> version, in RequestHeaders headers)
    {
        if (!HttpSyntax.TryParseVersion(version, out int major, out int minor))
        {
            return HttpRefusal.Malformed;
        }

        // [MS-SSTP §4.1]: the server validates version 1.1; HTTP/1.0 is tolerated (SSTP.md §3.3).
        if (major != 1 || minor > 1)
        {
            return HttpRefusal.UnsupportedVersion;
        }

        if (!method.SequenceEqual("SSTP_DUPLEX_POST"u8))
        {
            return IsStandardMethod(method) ? HttpRefusal.NotSstpMethod : HttpRefusal.UnknownMethod;
        }

        if (!System.Text.Ascii.EqualsIgnoreCase(path, "/sra_{BA195980-CD49-458b-9E23-C84EE0ADCD75}/"u8))
        {
            return HttpRefusal.WrongPath;
        }

        if (headers.Duplicate)
        {
            return HttpRefusal.DuplicateHeader;
        }

        return headers.ContentLengthSeen && headers.ContentLength != SstpContentLength
            ? HttpRefusal.BadContentLength
            : HttpRefusal.None;
    }

    /// <summary>The methods of RFC 9110 §9 and RFC 5789: what an ordinary web client sends.</summary>
    private static bool IsStandardMethod(ReadOnlySpan<byte> method) =>
        method.SequenceEqual("GET"u8) || method.SequenceEqual("HEAD"u8) || method.SequenceEqual("POST"u8)
        || method.SequenceEqual("PUT"u8) || method.SequenceEqual("DELETE"u8) || method.SequenceEqual("CONNECT"u8)
        || method.SequenceEqual("OPTIONS"u8) || method.SequenceEqual("TRACE"u8) || method.SequenceEqual("PATCH"u8);
}
