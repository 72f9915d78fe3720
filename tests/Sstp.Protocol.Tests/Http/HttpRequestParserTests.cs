using System.Buffers;
using CsCheck;
using Sstp.Protocol.Http;
using Sstp.TestKit;

namespace Sstp.Protocol.Tests.Http;

public class HttpRequestParserTests
{
    private static OperationStatus Parse(string text, out SstpHttpRequest request, out int consumed, out HttpRefusal refusal) =>
        HttpRequestParser.TryParse(HttpTestData.Bytes(text), out request, out consumed, out refusal);

    private static SstpHttpRequest AssertAccepted(string text)
    {
        var status = Parse(text, out var request, out int consumed, out var refusal);
        Assert.Equal(HttpRefusal.None, refusal);
        Assert.Equal(OperationStatus.Done, status);
        Assert.Equal(text.Length, consumed);
        return request;
    }

    [Fact]
    public void CanonicalRequest_IsAcceptedWithAllFields()
    {
        // SSTP.md §3.1 canonical bytes.
        var request = AssertAccepted(HttpTestData.CanonicalRequest);
        Assert.Equal("SSTP_DUPLEX_POST", request.Method);
        Assert.Equal("/sra_{BA195980-CD49-458b-9E23-C84EE0ADCD75}/", request.Path);
        Assert.Null(request.Query);
        Assert.Equal("HTTP/1.1", request.HttpVersion);
        Assert.Equal("vpn.example.com", request.Host);
        Assert.Equal("{2F6A1D2C-6E55-4B4B-9C1F-0123456789AB}", request.CorrelationId);
        Assert.Null(request.SstpVersion);
        Assert.Null(request.Cookie);
        Assert.Null(request.XForwardedFor);
    }

    [Fact]
    public void BytesAfterBlankLine_AreLeftForSstpParser()
    {
        // SSTP.md §3.2 server pitfall: a CALL_CONNECT_REQUEST in the same read must not be swallowed.
        byte[] sstp = Hex.Parse("10 01 00 0E 00 01 00 01 00 01 00 06 00 01");
        byte[] input = [.. HttpTestData.Bytes(HttpTestData.CanonicalRequest), .. sstp];
        Assert.Equal(OperationStatus.Done, HttpRequestParser.TryParse(input, out _, out int consumed, out _));
        Assert.Equal(HttpTestData.CanonicalRequest.Length, consumed);
        Assert.Equal(sstp, input[consumed..]);
    }

    [Theory]
    [InlineData("{1A2B-3C-4D-5E6F}")] // sstpc 1.0.17 format {%.4X-%.2X-%.2X-%.4X}, INTEROP.md §3
    [InlineData("2f6a1d2c-6e55-4b4b-9c1f-0123456789ab")] // brace-less UUID (accel logs), SSTP.md §3.1
    [InlineData("not a guid at all")]
    public void CorrelationId_IsNeverValidated(string id)
    {
        var request = AssertAccepted(HttpTestData.SstpRequestLine + $"Host: h\r\nSSTPCORRELATIONID: {id}\r\n\r\n");
        Assert.Equal(id, request.CorrelationId);
    }

    [Fact]
    public void TenantIdQuery_IsAcceptedAndSeparated()
    {
        // SSTP.md §3.1: ?tenantid= is optional and SHOULD be ignored by a server that does not use it.
        var request = AssertAccepted(
            "SSTP_DUPLEX_POST /sra_{BA195980-CD49-458b-9E23-C84EE0ADCD75}/?tenantid=abc-123 HTTP/1.1\r\n\r\n");
        Assert.Equal("/sra_{BA195980-CD49-458b-9E23-C84EE0ADCD75}/", request.Path);
        Assert.Equal("tenantid=abc-123", request.Query);
    }

    [Theory]
    [InlineData("/sra_{ba195980-cd49-458b-9e23-c84ee0adcd75}/")]
    [InlineData("/SRA_{BA195980-CD49-458B-9E23-C84EE0ADCD75}/")]
    public void PathCase_IsIgnored(string path)
    {
        // SSTP.md §3.3 recommendation: match the URI path case-insensitively.
        AssertAccepted($"SSTP_DUPLEX_POST {path} HTTP/1.1\r\n\r\n");
    }

    [Fact]
    public void Http10_IsTolerated()
    {
        var request = AssertAccepted("SSTP_DUPLEX_POST /sra_{BA195980-CD49-458b-9E23-C84EE0ADCD75}/ HTTP/1.0\r\n\r\n");
        Assert.Equal("HTTP/1.0", request.HttpVersion);
    }

    [Fact]
    public void MissingHostAndContentLength_AreTolerated()
    {
        var request = AssertAccepted(HttpTestData.SstpRequestLine + "SSTPCORRELATIONID: x\r\n\r\n");
        Assert.Null(request.Host);
    }

    [Fact]
    public void HostWithPort_IsKeptAsSent()
    {
        Assert.Equal("vpn.example.com:443", AssertAccepted(HttpTestData.SstpRequestLine + "Host: vpn.example.com:443\r\n\r\n").Host);
    }

    [Fact]
    public void HeaderNames_AreCaseInsensitiveAndValuesTrimmed()
    {
        var request = AssertAccepted(HttpTestData.SstpRequestLine +
            "content-length:18446744073709551615\r\n" +
            "HOST: \t vpn.example.com \t\r\n" +
            "SstpCorrelationId:   {A}  \r\n" +
            "sstpversion: 1.0\r\n" +
            "x-forwarded-for: 192.0.2.7\r\n" +
            "X-Forwarded-For: 10.0.0.1\r\n" +
            "cookie: a=1\r\n" +
            "Cookie: b=2\r\n" +
            "User-Agent: ignored\r\n\r\n");
        Assert.Equal("vpn.example.com", request.Host);
        Assert.Equal("{A}", request.CorrelationId);
        Assert.Equal("1.0", request.SstpVersion);
        Assert.Equal("192.0.2.7, 10.0.0.1", request.XForwardedFor);
        Assert.Equal("a=1; b=2", request.Cookie);
    }

    [Fact]
    public void EmptyInput_NeedsMoreData()
    {
        Assert.Equal(OperationStatus.NeedMoreData, HttpRequestParser.TryParse([], out var request, out int consumed, out var refusal));
        Assert.Equal(0, consumed);
        Assert.Equal(HttpRefusal.None, refusal);
        Assert.Same(SstpHttpRequest.Empty, request);
    }

    public static TheoryData<string, HttpRefusal> RefusedRequests => new()
    {
        // SSTP.md §3.3: ordinary web methods (website fallback) vs unknown methods.
        { "GET / HTTP/1.1\r\nHost: h\r\n\r\n", HttpRefusal.NotSstpMethod },
        { "HEAD /sra_{BA195980-CD49-458b-9E23-C84EE0ADCD75}/ HTTP/1.1\r\n\r\n", HttpRefusal.NotSstpMethod },
        { "POST /sra_{BA195980-CD49-458b-9E23-C84EE0ADCD75}/ HTTP/1.1\r\n\r\n", HttpRefusal.NotSstpMethod },
        { "CONNECT vpn:443 HTTP/1.1\r\n\r\n", HttpRefusal.NotSstpMethod },
        { "sstp_duplex_post /sra_{BA195980-CD49-458b-9E23-C84EE0ADCD75}/ HTTP/1.1\r\n\r\n", HttpRefusal.UnknownMethod },
        { "BREW /pot HTTP/1.1\r\n\r\n", HttpRefusal.UnknownMethod },
        // Wrong URI.
        { "SSTP_DUPLEX_POST /sra_{BA195980-CD49-458b-9E23-C84EE0ADCD75} HTTP/1.1\r\n\r\n", HttpRefusal.WrongPath },
        { "SSTP_DUPLEX_POST / HTTP/1.1\r\n\r\n", HttpRefusal.WrongPath },
        { "SSTP_DUPLEX_POST https://vpn/sra_{BA195980-CD49-458b-9E23-C84EE0ADCD75}/ HTTP/1.1\r\n\r\n", HttpRefusal.WrongPath },
        // Wrong version.
        { "SSTP_DUPLEX_POST /sra_{BA195980-CD49-458b-9E23-C84EE0ADCD75}/ HTTP/2.0\r\n\r\n", HttpRefusal.UnsupportedVersion },
        { "SSTP_DUPLEX_POST /sra_{BA195980-CD49-458b-9E23-C84EE0ADCD75}/ HTTP/1.2\r\n\r\n", HttpRefusal.UnsupportedVersion },
        { "SSTP_DUPLEX_POST /sra_{BA195980-CD49-458b-9E23-C84EE0ADCD75}/ HTTP/0.9\r\n\r\n", HttpRefusal.UnsupportedVersion },
        { "SSTP_DUPLEX_POST /sra_{BA195980-CD49-458b-9E23-C84EE0ADCD75}/ http/1.1\r\n\r\n", HttpRefusal.Malformed },
        { "SSTP_DUPLEX_POST /sra_{BA195980-CD49-458b-9E23-C84EE0ADCD75}/ HTTP/11\r\n\r\n", HttpRefusal.Malformed },
        // Content-Length must be exactly 2^64-1 ([MS-SSTP §3.2.4.1]; sstpc's rule mirrored).
        { HttpTestData.SstpRequestLine + "Content-Length: 0\r\n\r\n", HttpRefusal.BadContentLength },
        { HttpTestData.SstpRequestLine + "Content-Length: 18446744073709551614\r\n\r\n", HttpRefusal.BadContentLength },
        { HttpTestData.SstpRequestLine + "Content-Length: 18446744073709551616\r\n\r\n", HttpRefusal.BadContentLength },
        { HttpTestData.SstpRequestLine + "Content-Length: -1\r\n\r\n", HttpRefusal.BadContentLength },
        { HttpTestData.SstpRequestLine + "Content-Length: \r\n\r\n", HttpRefusal.BadContentLength },
        // Duplicated SSTP headers.
        { HttpTestData.SstpRequestLine + "Host: a\r\nHost: b\r\n\r\n", HttpRefusal.DuplicateHeader },
        { HttpTestData.SstpRequestLine + "SSTPCORRELATIONID: a\r\nsstpcorrelationid: a\r\n\r\n", HttpRefusal.DuplicateHeader },
        { HttpTestData.SstpRequestLine + "SSTPVERSION: 1.0\r\nSSTPVERSION: 1.0\r\n\r\n", HttpRefusal.DuplicateHeader },
        {
            HttpTestData.SstpRequestLine + "Content-Length: 18446744073709551615\r\nContent-Length: 18446744073709551615\r\n\r\n",
            HttpRefusal.DuplicateHeader
        },
        // Malformed: request line, header lines, bytes.
        { "SSTP_DUPLEX_POST  /sra_{BA195980-CD49-458b-9E23-C84EE0ADCD75}/ HTTP/1.1\r\n\r\n", HttpRefusal.Malformed },
        { "SSTP_DUPLEX_POST /sra_{BA195980-CD49-458b-9E23-C84EE0ADCD75}/\r\n\r\n", HttpRefusal.Malformed },
        { "SSTP_DUPLEX_POST /sra_{BA195980-CD49-458b-9E23-C84EE0ADCD75}/ HTTP/1.1 extra\r\n\r\n", HttpRefusal.Malformed },
        { "SSTP_DUPLEX_POST\r\n\r\n", HttpRefusal.Malformed },
        { "\r\n\r\n", HttpRefusal.Malformed },
        { HttpTestData.SstpRequestLine + "Host vpn\r\n\r\n", HttpRefusal.Malformed },
        { HttpTestData.SstpRequestLine + "Host : vpn\r\n\r\n", HttpRefusal.Malformed },
        { HttpTestData.SstpRequestLine + ": vpn\r\n\r\n", HttpRefusal.Malformed },
        { HttpTestData.SstpRequestLine + "Host: vpn\r\n continued\r\n\r\n", HttpRefusal.Malformed },
        { HttpTestData.SstpRequestLine + "Ho(st: vpn\r\n\r\n", HttpRefusal.Malformed },
        { "SSTP_DUPLEX_POST /sra_{BA195980-CD49-458b-9E23-C84EE0ADCD75}/ HTTP/1.1\n\n", HttpRefusal.Malformed },
        { HttpTestData.SstpRequestLine + "Host: v\rpn\r\n\r\n", HttpRefusal.Malformed },
        { HttpTestData.SstpRequestLine + "Host: v\0pn\r\n\r\n", HttpRefusal.Malformed },
        { HttpTestData.SstpRequestLine + "Host: vp\u00e9n\r\n\r\n", HttpRefusal.Malformed },
        { HttpTestData.SstpRequestLine + "Host: vpn\u007f\r\n\r\n", HttpRefusal.Malformed },
    };

    [Theory]
    [MemberData(nameof(RefusedRequests))]
    public void Refused_ExactRefusal(string text, HttpRefusal expected)
    {
        Assert.Equal(OperationStatus.InvalidData, Parse(text, out _, out _, out var refusal));
        Assert.Equal(expected, refusal);
    }

    [Theory]
    [InlineData("\u0016\u0003\u0001\u0002\u0000\u0001\u0000")] // a TLS ClientHello record header
    [InlineData("\u0016")]
    public void TlsBytes_LooksLikeTlsAtOnce(string text)
    {
        Assert.Equal(OperationStatus.InvalidData, Parse(text, out _, out int consumed, out var refusal));
        Assert.Equal(HttpRefusal.LooksLikeTls, refusal);
        Assert.Equal(0, consumed);
    }

    [Theory]
    [InlineData("{\"json\": 1")]
    [InlineData("\u0000\u0001\u0002")]
    [InlineData(" GET")]
    [InlineData("GE\u00c9T")]
    [InlineData("SSTP_DUPLEX_POST /\n")]
    public void Garbage_RefusedBeforeBlockIsComplete(string text)
    {
        Assert.Equal(OperationStatus.InvalidData, Parse(text, out _, out int consumed, out var refusal));
        Assert.Equal(HttpRefusal.Malformed, refusal);
        Assert.Equal(0, consumed);
    }

    [Fact]
    public void NotSstpMethod_StillReportsFieldsForWebsiteFallback()
    {
        const string text = "GET /index.html?x=1 HTTP/1.1\r\nHost: www.example.com\r\n\r\n";
        Assert.Equal(OperationStatus.InvalidData, Parse(text, out var request, out int consumed, out var refusal));
        Assert.Equal(HttpRefusal.NotSstpMethod, refusal);
        Assert.Equal(text.Length, consumed);
        Assert.Equal(("GET", "/index.html", "x=1", "www.example.com"), (request.Method, request.Path, request.Query, request.Host));
    }

    [Fact]
    public void BlockOfExactlyMaxBytes_IsAccepted()
    {
        string text = PadToLength(HttpRequestParser.MaxHeaderBytes);
        Assert.Equal(HttpRequestParser.MaxHeaderBytes, text.Length);
        AssertAccepted(text);
    }

    [Fact]
    public void BlockOneByteOverMax_HeaderTooLarge()
    {
        Assert.Equal(OperationStatus.InvalidData, Parse(PadToLength(HttpRequestParser.MaxHeaderBytes + 1), out _, out _, out var refusal));
        Assert.Equal(HttpRefusal.HeaderTooLarge, refusal);
    }

    [Fact]
    public void OversizeIncompleteBlock_RefusedWithoutWaitingForEnd()
    {
        // A slowloris/oversize sender: 8 KiB without an empty line yet.
        string text = HttpTestData.SstpRequestLine + "X-Pad: " + new string('a', HttpRequestParser.MaxHeaderBytes);
        byte[] bytes = HttpTestData.Bytes(text)[..HttpRequestParser.MaxHeaderBytes];
        Assert.Equal(OperationStatus.InvalidData, HttpRequestParser.TryParse(bytes, out _, out int consumed, out var refusal));
        Assert.Equal(HttpRefusal.HeaderTooLarge, refusal);
        Assert.Equal(0, consumed);
        Assert.Equal(OperationStatus.NeedMoreData, HttpRequestParser.TryParse(bytes.AsSpan(0, bytes.Length - 1), out _, out _, out _));
    }

    [Fact]
    public void HundredLines_AreAccepted()
    {
        AssertAccepted(HttpTestData.SstpRequestLine + Lines(HttpRequestParser.MaxHeaderLines - 1) + "\r\n");
    }

    [Fact]
    public void HundredAndOneLines_TooManyHeaderLinesBeforeBlockEnds()
    {
        string text = HttpTestData.SstpRequestLine + Lines(HttpRequestParser.MaxHeaderLines);
        Assert.Equal(OperationStatus.InvalidData, Parse(text, out _, out int consumed, out var refusal));
        Assert.Equal(HttpRefusal.TooManyHeaderLines, refusal);
        Assert.Equal(0, consumed);
    }

    [Fact]
    public void EverySplitPoint_NeedMoreDataThenSameResult()
    {
        byte[] message = HttpTestData.Bytes(HttpTestData.CanonicalRequest);
        HttpTestData.AssertEverySplitNeedsMoreThenDone(message, (ReadOnlySpan<byte> input, out int consumed) =>
            HttpRequestParser.TryParse(input, out _, out consumed, out _));
        HttpRequestParser.TryParse(message, out var whole, out _, out _);
        HttpRequestParser.TryParse([.. message, 0x10, 0x01], out var withTail, out _, out _);
        Assert.Equal(whole, withTail);
    }

    [Fact]
    public void WriterOutput_RoundTrips()
    {
        var host = Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789.-"].Array[1, 60].Select(c => new string(c));
        var id = Gen.Char['!', '~'].Array[1, 80].Select(c => new string(c));
        Gen.Select(host, id).Sample((h, i) =>
        {
            var buffer = new byte[HttpRequestWriter.GetLength(h, i)];
            int n = HttpRequestWriter.Write(buffer, h, i);
            Assert.Equal(buffer.Length, n);
            Assert.Equal(OperationStatus.Done, HttpRequestParser.TryParse(buffer, out var request, out int consumed, out _));
            Assert.Equal(n, consumed);
            Assert.Equal((h, i), (request.Host, request.CorrelationId));
        });
    }

    [Fact]
    public void RandomBytes_NeverThrow()
    {
        Gen.Byte.Array[0, 600].Sample(bytes =>
        {
            var status = HttpRequestParser.TryParse(bytes, out var request, out int consumed, out var refusal);
            HttpTestData.AssertSane(status, consumed, bytes.Length);
            Assert.Equal(status == OperationStatus.Done, refusal == HttpRefusal.None && consumed > 0);
            Assert.NotNull(request);
        });
    }

    [Fact]
    public void MutatedRequests_NeverThrow()
    {
        byte[] valid = HttpTestData.Bytes(HttpTestData.CanonicalRequest);
        Gen.Select(Gen.Int[0, valid.Length - 1], Gen.Byte, Gen.Int[0, valid.Length]).Sample((at, value, cut) =>
        {
            byte[] bytes = valid[..cut];
            if (at < cut)
            {
                bytes[at] = value;
            }

            var status = HttpRequestParser.TryParse(bytes, out _, out int consumed, out _);
            HttpTestData.AssertSane(status, consumed, bytes.Length);
        });
    }

    /// <summary>An accepted request padded with one X-Pad header to exactly <paramref name="length"/> bytes.</summary>
    private static string PadToLength(int length)
    {
        const string head = HttpTestData.SstpRequestLine + "X-Pad: ";
        return head + new string('a', length - head.Length - 4) + "\r\n\r\n";
    }

    private static string Lines(int count) => string.Concat(Enumerable.Range(0, count).Select(i => $"X-{i}: v\r\n"));
}
