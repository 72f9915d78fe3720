using System.Net;
using System.Text;
using Sstp.Protocol.Http;
using Sstp.Server.Hosting;

namespace Sstp.Server.Tests.Hosting;

/// <summary>Picking the client from X-Forwarded-For: the last entry only, strict addresses.</summary>
public sealed class ForwardedForTests
{
    private static byte[] Head(params string[] headers)
    {
        var text = new StringBuilder();
        text.Append(CultureInfoInvariant($"{HttpRequestParser.SstpMethod} {HttpRequestParser.SstpPath} HTTP/1.1\r\n"));
        text.Append("Host: vpn.example.net\r\nContent-Length: 18446744073709551615\r\nSSTPCORRELATIONID: {00000000-0000-0000-0000-000000000001}\r\n");
        foreach (string header in headers)
        {
            text.Append(header).Append("\r\n");
        }

        text.Append("\r\n");
        return Encoding.ASCII.GetBytes(text.ToString());
    }

    private static string CultureInfoInvariant(FormattableString s) => FormattableString.Invariant(s);

    [Theory]
    [InlineData("198.51.100.9", "198.51.100.9", 0)]
    [InlineData("10.0.0.1, 198.51.100.9", "198.51.100.9", 0)]
    [InlineData("forged, 10.0.0.1,198.51.100.9 ", "198.51.100.9", 0)]
    [InlineData("1.2.3.4:5", "1.2.3.4", 5)]
    [InlineData("2001:db8::9", "2001:db8::9", 0)]
    [InlineData("[::1]:5", "::1", 5)]
    [InlineData("[2001:db8::9]", "2001:db8::9", 0)]
    [InlineData("::ffff:198.51.100.9", "198.51.100.9", 0)]
    public void OneHeader_TheLastEntryIsTheClient(string value, string address, int port)
    {
        var status = ForwardedFor.FromHead(Head($"X-Forwarded-For: {value}"), out var client, out _);
        Assert.Equal(ForwardedForStatus.Found, status);
        Assert.Equal(new IPEndPoint(IPAddress.Parse(address), port), client);
    }

    [Fact]
    public void SeveralHeaders_TheLastOfTheLast()
    {
        var head = Head("X-Forwarded-For: 203.0.113.1, 203.0.113.2", "x-forwarded-for: 203.0.113.3, 198.51.100.9");
        Assert.Equal(ForwardedForStatus.Found, ForwardedFor.FromHead(head, out var client, out _));
        Assert.Equal(IPAddress.Parse("198.51.100.9"), client!.Address);
    }

    [Theory]
    [InlineData("")]
    [InlineData("198.51.100.9,")]
    [InlineData("unknown")]
    [InlineData("vpn.example.net")]
    [InlineData("1.2.3")]
    [InlineData("0x7f.1")]
    [InlineData("127.1")]
    [InlineData("1.2.3.4:")]
    [InlineData("1.2.3.4:70000")]
    [InlineData("1.2.3.4:-1")]
    [InlineData("[::1")]
    [InlineData("[::1]x")]
    [InlineData("[1.2.3.4]:5")]
    [InlineData("fe80::1%eth0")]
    [InlineData("198.51.100.9, garbage")]
    public void Garbage_IsMalformed(string value)
    {
        var status = ForwardedFor.FromHead(Head($"X-Forwarded-For: {value}"), out var client, out string? entry);
        Assert.Equal(ForwardedForStatus.Malformed, status);
        Assert.Null(client);
        Assert.NotNull(entry);
    }

    [Fact]
    public void NoHeader_IsAbsent() =>
        Assert.Equal(ForwardedForStatus.Absent, ForwardedFor.FromHead(Head(), out _, out _));

    [Fact]
    public void PartOfAHead_IsIncomplete()
    {
        byte[] head = Head("X-Forwarded-For: 198.51.100.9");
        Assert.Equal(ForwardedForStatus.Incomplete, ForwardedFor.FromHead(head.AsSpan(0, head.Length - 2), out _, out _));
        Assert.Equal(ForwardedForStatus.Incomplete, ForwardedFor.FromHead([], out _, out _));
    }

    [Fact]
    public void TlsOrGarbageBytes_AreNotHttp() =>
        Assert.Equal(ForwardedForStatus.NotHttp, ForwardedFor.FromHead([0x16, 0x03, 0x01, 0x00], out _, out _));

    [Fact]
    public void AWebRequest_StillNamesItsClient()
    {
        // Not SSTP (the web routing relays it), but the block is whole: the client is known for admission.
        byte[] head = Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: a\r\nX-Forwarded-For: 198.51.100.9\r\n\r\n");
        Assert.Equal(ForwardedForStatus.Found, ForwardedFor.FromHead(head, out var client, out _));
        Assert.Equal(IPAddress.Parse("198.51.100.9"), client!.Address);
    }

    [Fact]
    public void BytesAfterTheHead_DoNotMatter()
    {
        byte[] head = [.. Head("X-Forwarded-For: 198.51.100.9"), 0x10, 0x01, 0x00, 0x0E];
        Assert.Equal(ForwardedForStatus.Found, ForwardedFor.FromHead(head, out _, out _));
    }
}
