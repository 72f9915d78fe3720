using System.Text;
using Sstp.Protocol.Http;

namespace Sstp.Protocol.Tests.Http;

public class HttpRequestWriterTests
{
    [Fact]
    public void Write_SpecValues_ExactSection31Bytes()
    {
        // SSTP.md §3.1 canonical bytes.
        const string host = "vpn.example.com";
        const string id = "{2F6A1D2C-6E55-4B4B-9C1F-0123456789AB}";
        var buffer = new byte[HttpRequestWriter.GetLength(host, id)];
        int n = HttpRequestWriter.Write(buffer, host, id);
        Assert.Equal(HttpTestData.CanonicalRequest, Encoding.ASCII.GetString(buffer, 0, n));
        Assert.Equal(buffer.Length, n);
    }

    [Fact]
    public void Write_Ipv6Literal_HostIsBracketed()
    {
        var buffer = new byte[300];
        int n = HttpRequestWriter.Write(buffer, "2001:db8::1", "{X}");
        Assert.Contains("\r\nHost: [2001:db8::1]\r\n", Encoding.ASCII.GetString(buffer, 0, n), StringComparison.Ordinal);
        Assert.Equal(HttpRequestWriter.GetLength("2001:db8::1", "{X}"), n);
    }

    [Theory]
    [InlineData("", "{X}")]
    [InlineData("vpn example", "{X}")]
    [InlineData("vpn\r\nX-Evil: 1", "{X}")]
    [InlineData("vpn.example.com", "")]
    [InlineData("vpn.example.com", "{X}\r\n")]
    [InlineData("v\u00e9n", "{X}")]
    public void Write_BadText_Throws(string host, string id)
    {
        Assert.Throws<ArgumentException>(() => HttpRequestWriter.Write(new byte[300], host, id));
    }

    [Fact]
    public void Write_SmallDestination_Throws()
    {
        Assert.Throws<ArgumentException>(() => HttpRequestWriter.Write(new byte[100], "vpn.example.com", "{X}"));
    }
}
