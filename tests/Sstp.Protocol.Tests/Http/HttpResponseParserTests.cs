using System.Buffers;
using CsCheck;
using Sstp.Protocol.Http;
using Sstp.TestKit;

namespace Sstp.Protocol.Tests.Http;

public class HttpResponseParserTests
{
    private static OperationStatus Parse(string text, out HttpResponseInfo info, out int consumed, out HttpResponseError error) =>
        HttpResponseParser.TryParse(HttpTestData.Bytes(text), out info, out consumed, out error);

    [Fact]
    public void Section32Response_Accepted()
    {
        // SSTP.md §3.2 recommended bytes.
        Assert.Equal(OperationStatus.Done, Parse(HttpTestData.CanonicalResponse, out var info, out int consumed, out var error));
        Assert.Equal(HttpResponseError.None, error);
        Assert.Equal(HttpTestData.CanonicalResponse.Length, consumed);
        Assert.Equal(new HttpResponseInfo(200, "OK", "HTTP/1.1", "Microsoft-HTTPAPI/2.0"), info);
    }

    [Theory]
    // accel: Date + Content-Length + Connection: keep-alive (SSTP.md §3.2).
    [InlineData("HTTP/1.1 200 OK\r\nDate: Thu, 09 Nov 2006 00:51:09 GMT\r\nContent-Length: 18446744073709551615\r\nConnection: keep-alive\r\n\r\n")]
    // sorz: Content-Length + Server: SSTP-Server/<ver>.
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 18446744073709551615\r\nServer: SSTP-Server/0.6\r\n\r\n")]
    // No Content-Length: sstpc only checks it when present.
    [InlineData("HTTP/1.1 200 OK\r\n\r\n")]
    [InlineData("HTTP/1.1 200\r\n\r\n")]
    [InlineData("HTTP/1.0 200 OK\r\n\r\n")]
    public void OtherServersResponses_Accepted(string text)
    {
        Assert.Equal(OperationStatus.Done, Parse(text, out var info, out int consumed, out _));
        Assert.Equal(200, info.StatusCode);
        Assert.Equal(text.Length, consumed);
    }

    public static TheoryData<string, HttpResponseError> RefusedResponses => new()
    {
        { "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", HttpResponseError.BadContentLength },
        { "HTTP/1.1 200 OK\r\nContent-Length: 18446744073709551616\r\n\r\n", HttpResponseError.BadContentLength },
        { "HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n", HttpResponseError.BadContentLength },
        {
            "HTTP/1.1 200 OK\r\nContent-Length: 18446744073709551615\r\nContent-Length: 18446744073709551615\r\n\r\n",
            HttpResponseError.BadContentLength
        },
        { "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n", HttpResponseError.Status },
        { "HTTP/2.0 200 OK\r\n\r\n", HttpResponseError.NotHttp11 },
        { "HTTP/2 200 OK\r\n\r\n", HttpResponseError.NotHttp11 },
        { "HTTP/1.1 2x0 OK\r\n\r\n", HttpResponseError.Malformed },
        { "HTTP/1.1 2000 OK\r\n\r\n", HttpResponseError.Malformed },
        { "HTTP/1.1 007 OK\r\n\r\n", HttpResponseError.Malformed }, // fuzz regression: a code below 100 is no status
        { "HTTP/1.1\r\n\r\n", HttpResponseError.Malformed },
        { "HTTP/1.1 200 OK\r\nno colon\r\n\r\n", HttpResponseError.Malformed },
        { "HTTP/1.1 200 OK\n\n", HttpResponseError.Malformed },
        { "SSTP/1.0 200 OK\r\n\r\n", HttpResponseError.Malformed },
        { "\u0010\u0001\u0000\u000e", HttpResponseError.Malformed },
        { "H", HttpResponseError.None },
    };

    [Theory]
    [MemberData(nameof(RefusedResponses))]
    public void Refused_ExactError(string text, HttpResponseError expected)
    {
        var status = Parse(text, out _, out _, out var error);
        Assert.Equal(expected, error);
        Assert.Equal(expected == HttpResponseError.None ? OperationStatus.NeedMoreData : OperationStatus.InvalidData, status);
    }

    [Fact]
    public void NonOkStatus_CodeCarriedInInfo()
    {
        Assert.Equal(OperationStatus.InvalidData, Parse("HTTP/1.1 503 Service Unavailable\r\n\r\n", out var info, out _, out var error));
        Assert.Equal(HttpResponseError.Status, error);
        Assert.Equal((503, "Service Unavailable"), (info.StatusCode, info.ReasonPhrase));
    }

    [Fact]
    public void OversizeHeader_HeaderTooLarge()
    {
        string text = "HTTP/1.1 200 OK\r\nX-Pad: " + new string('a', HttpRequestParser.MaxHeaderBytes);
        Assert.Equal(OperationStatus.InvalidData, Parse(text, out _, out _, out var error));
        Assert.Equal(HttpResponseError.HeaderTooLarge, error);
    }

    [Fact]
    public void WriteOk_RoundTrips()
    {
        Gen.Int[0, int.MaxValue].Sample(seconds =>
        {
            var buffer = new byte[HttpResponseWriter.OkLength + 8];
            int n = HttpResponseWriter.WriteOk(buffer, DateTimeOffset.UnixEpoch.AddSeconds(seconds));
            Assert.Equal(OperationStatus.Done, HttpResponseParser.TryParse(buffer, out var info, out int consumed, out _));
            Assert.Equal(n, consumed);
            Assert.Equal(200, info.StatusCode);
        });
    }

    [Theory]
    [InlineData(HttpRefusal.Malformed)]
    [InlineData(HttpRefusal.TooManyHeaderLines)]
    [InlineData(HttpRefusal.UnsupportedVersion)]
    [InlineData(HttpRefusal.WrongPath)]
    [InlineData(HttpRefusal.UnknownMethod)]
    public void WriteError_RoundTripsAsStatus(HttpRefusal refusal)
    {
        var buffer = new byte[HttpResponseWriter.MaxErrorLength];
        int n = HttpResponseWriter.WriteError(buffer, refusal);
        Assert.Equal(OperationStatus.InvalidData, HttpResponseParser.TryParse(buffer.AsSpan(0, n), out var info, out int consumed, out var error));
        Assert.Equal(HttpResponseError.Status, error);
        Assert.Equal(refusal.ToHttpStatus(), info.StatusCode);
        Assert.Equal(n, consumed);
    }

    [Fact]
    public void BytesAfterBlankLine_Unconsumed()
    {
        byte[] input = [.. HttpTestData.Bytes(HttpTestData.CanonicalResponse), .. Hex.Parse("10 01 00 30")];
        Assert.Equal(OperationStatus.Done, HttpResponseParser.TryParse(input, out _, out int consumed, out _));
        Assert.Equal(input.Length - 4, consumed);
    }

    [Fact]
    public void EverySplitPoint_NeedMoreDataThenDone()
    {
        HttpTestData.AssertEverySplitNeedsMoreThenDone(HttpTestData.Bytes(HttpTestData.CanonicalResponse),
            (ReadOnlySpan<byte> input, out int consumed) => HttpResponseParser.TryParse(input, out _, out consumed, out _));
    }

    [Fact]
    public void RandomBytes_NeverThrow()
    {
        var httpPrefixed = Gen.Byte.Array[0, 600].Select(b => (byte[])[.. "HTTP/1.1 "u8, .. b]);
        Gen.OneOf(Gen.Byte.Array[0, 600], httpPrefixed).Sample(bytes =>
        {
            var status = HttpResponseParser.TryParse(bytes, out _, out int consumed, out var error);
            HttpTestData.AssertSane(status, consumed, bytes.Length);
            Assert.Equal(status == OperationStatus.InvalidData, error != HttpResponseError.None);
        });
    }
}
