using System.Text;
using Sstp.Protocol.Http;

namespace Sstp.Protocol.Tests.Http;

/// <summary>Sorting a connection's first bytes into SSTP, website, or "read more".</summary>
public sealed class RequestTriageTests
{
    private const string Sstp =
        "SSTP_DUPLEX_POST /sra_{BA195980-CD49-458b-9E23-C84EE0ADCD75}/ HTTP/1.1\r\nContent-Length: 18446744073709551615\r\nHost: vpn\r\nSSTPCORRELATIONID: {1}\r\n\r\n";

    [Theory]
    [InlineData("", RequestKind.Incomplete)]
    [InlineData("GET", RequestKind.Incomplete)]
    [InlineData("SSTP_DUPLEX_POST /sra_{BA195980-CD49-458b-9E23-C84EE0ADCD75}/ HTTP/1.1\r\nHost: vpn\r\n", RequestKind.Incomplete)]
    [InlineData(Sstp, RequestKind.Sstp)]
    [InlineData(Sstp + "\u0010\u0001\u0000\u000e", RequestKind.Sstp)]
    [InlineData("GET / HTTP/1.1\r\nHost: vpn\r\n\r\n", RequestKind.Other)]
    [InlineData("GET / HTTP/1.1\r\nHost: v", RequestKind.Incomplete)]
    [InlineData("POST /sra_{BA195980-CD49-458b-9E23-C84EE0ADCD75}/ HTTP/1.1\r\n\r\n", RequestKind.Other)]
    [InlineData("SSTP_DUPLEX_POST /other HTTP/1.1\r\n\r\n", RequestKind.Other)]
    [InlineData("SSTP_DUPLEX_POST /sra_{BA195980-CD49-458b-9E23-C84EE0ADCD75}/ HTTP/1.1\r\nContent-Length: 5\r\n\r\n", RequestKind.Other)]
    [InlineData("\u0016\u0003\u0001", RequestKind.Other)]
    [InlineData("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", RequestKind.Other)]
    [InlineData("\r\n", RequestKind.Other)]
    public void Classify(string text, RequestKind expected) =>
        Assert.Equal(expected, RequestTriage.Classify(Encoding.Latin1.GetBytes(text)));

    [Fact]
    public void AHeadTooLargeForSstp_GoesToTheWebsite()
    {
        string head = "GET / HTTP/1.1\r\nX: " + new string('a', HttpRequestParser.MaxHeaderBytes) + "\r\n";
        Assert.Equal(RequestKind.Other, RequestTriage.Classify(Encoding.ASCII.GetBytes(head)));
    }

    [Fact]
    public void AnyPrefixOfAnSstpRequest_IsIncomplete_NeverOther()
    {
        byte[] bytes = Encoding.ASCII.GetBytes(Sstp);
        for (int i = 0; i < bytes.Length; i++)
        {
            Assert.Equal(RequestKind.Incomplete, RequestTriage.Classify(bytes.AsSpan(0, i)));
        }
    }
}
