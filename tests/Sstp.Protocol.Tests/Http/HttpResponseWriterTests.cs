using System.Text;
using Sstp.Protocol.Http;

namespace Sstp.Protocol.Tests.Http;

public class HttpResponseWriterTests
{
    private static readonly DateTimeOffset SpecDate = new(2006, 11, 9, 0, 51, 9, TimeSpan.Zero);

    [Fact]
    public void WriteOk_SpecDate_ExactSection32Bytes()
    {
        // SSTP.md §3.2 recommended bytes.
        var buffer = new byte[HttpResponseWriter.GetOkLength()];
        int n = HttpResponseWriter.WriteOk(buffer, SpecDate);
        Assert.Equal(HttpTestData.CanonicalResponse, Encoding.ASCII.GetString(buffer, 0, n));
        Assert.Equal(HttpResponseWriter.OkLength, n);
    }

    [Fact]
    public void WriteOk_LocalOffset_DateIsConvertedToGmt()
    {
        var buffer = new byte[200];
        int n = HttpResponseWriter.WriteOk(buffer, new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(2)));
        Assert.Contains("Date: Fri, 02 Jan 2026 01:04:05 GMT\r\n", Encoding.ASCII.GetString(buffer, 0, n), StringComparison.Ordinal);
        Assert.Equal(HttpResponseWriter.OkLength, n);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(20)]
    [InlineData(HttpResponseWriter.OkLength - 1)]
    public void WriteOk_SmallDestination_Throws(int size)
    {
        Assert.Throws<ArgumentException>(() => HttpResponseWriter.WriteOk(new byte[size], SpecDate));
    }

    [Fact]
    public void WriteError_NotFound_ExactBytes()
    {
        var buffer = new byte[HttpResponseWriter.MaxErrorLength];
        int n = HttpResponseWriter.WriteError(buffer, HttpRefusal.WrongPath);
        Assert.Equal("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", Encoding.ASCII.GetString(buffer, 0, n));
    }

    public static TheoryData<HttpRefusal, string> ErrorLines => new()
    {
        { HttpRefusal.Malformed, "HTTP/1.1 400 Bad Request" },
        { HttpRefusal.HeaderTooLarge, "HTTP/1.1 431 Request Header Fields Too Large" },
        { HttpRefusal.TooManyHeaderLines, "HTTP/1.1 431 Request Header Fields Too Large" },
        { HttpRefusal.UnsupportedVersion, "HTTP/1.1 505 HTTP Version Not Supported" },
        { HttpRefusal.NotSstpMethod, "HTTP/1.1 404 Not Found" },
        { HttpRefusal.UnknownMethod, "HTTP/1.1 501 Not Implemented" },
        { HttpRefusal.WrongPath, "HTTP/1.1 404 Not Found" },
        { HttpRefusal.BadContentLength, "HTTP/1.1 400 Bad Request" },
        { HttpRefusal.DuplicateHeader, "HTTP/1.1 400 Bad Request" },
        { HttpRefusal.LooksLikeTls, "HTTP/1.1 400 Bad Request" },
    };

    [Theory]
    [MemberData(nameof(ErrorLines))]
    public void WriteError_EachRefusal_StatusLineAndCloseHeaders(HttpRefusal refusal, string statusLine)
    {
        var buffer = new byte[HttpResponseWriter.MaxErrorLength];
        int n = HttpResponseWriter.WriteError(buffer, refusal);
        Assert.Equal(statusLine + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", Encoding.ASCII.GetString(buffer, 0, n));
        Assert.Equal(HttpResponseWriter.GetErrorLength(refusal), n);
    }

    [Fact]
    public void WriteError_None_Throws()
    {
        Assert.Throws<ArgumentException>(() => HttpResponseWriter.WriteError(new byte[200], HttpRefusal.None));
    }

    [Fact]
    public void WriteError_SmallDestination_Throws()
    {
        Assert.Throws<ArgumentException>(() => HttpResponseWriter.WriteError(new byte[30], HttpRefusal.HeaderTooLarge));
    }
}
