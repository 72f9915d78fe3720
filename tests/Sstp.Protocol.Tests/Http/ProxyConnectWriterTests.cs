using System.Buffers;
using System.Text;
using CsCheck;
using Sstp.Protocol.Http;

namespace Sstp.Protocol.Tests.Http;

public class ProxyConnectWriterTests
{
    private static string Write(string host, int port, string? user, string? password)
    {
        var buffer = new byte[ProxyConnectWriter.GetLength(host, port, user, password)];
        int n = ProxyConnectWriter.Write(buffer, host, port, user, password);
        Assert.Equal(buffer.Length, n);
        return Encoding.ASCII.GetString(buffer, 0, n);
    }

    [Fact]
    public void Write_NoCredentials_ExactSection34Bytes()
    {
        // SSTP.md §3.4 / [MS-SSTP §4.5].
        Assert.Equal(
            "CONNECT vpn.example.com:443 HTTP/1.1\r\nHost: vpn.example.com:443\r\nSSTPVERSION: 1.0\r\n\r\n",
            Write("vpn.example.com", 443, null, null));
    }

    [Fact]
    public void Write_BasicCredentials_AddsProxyAuthorization()
    {
        // RFC 7617 §2 example encoding of "Aladdin:open sesame".
        Assert.Equal(
            "CONNECT vpn.example.com:8443 HTTP/1.1\r\nHost: vpn.example.com:8443\r\nSSTPVERSION: 1.0\r\n" +
            "Proxy-Authorization: Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==\r\n\r\n",
            Write("vpn.example.com", 8443, "Aladdin", "open sesame"));
    }

    [Fact]
    public void Write_UserWithoutPassword_EncodesEmptyPassword()
    {
        Assert.Contains("Proxy-Authorization: Basic dXNlcjo=\r\n", Write("p", 1, "user", null), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2001:db8::1", "[2001:db8::1]:443")]
    [InlineData("[2001:db8::1]", "[2001:db8::1]:443")]
    [InlineData("192.0.2.1", "192.0.2.1:443")]
    public void Write_Ipv6Literal_IsBracketed(string host, string authority)
    {
        Assert.StartsWith($"CONNECT {authority} HTTP/1.1\r\nHost: {authority}\r\n", Write(host, 443, null, null), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("vpn", 0, null)]
    [InlineData("vpn", 65536, null)]
    [InlineData("", 443, null)]
    [InlineData("vpn host", 443, null)]
    [InlineData("vpn", 443, "us:er")]
    [InlineData("vpn", 443, "us\ner")]
    public void Write_Misuse_Throws(string host, int port, string? user)
    {
        Assert.ThrowsAny<ArgumentException>(() => ProxyConnectWriter.Write(new byte[512], host, port, user, "pw"));
    }

    [Fact]
    public void Write_SmallDestination_Throws()
    {
        Assert.Throws<ArgumentException>(() => ProxyConnectWriter.Write(new byte[40], "vpn.example.com", 443, "u", "p"));
    }

    [Fact]
    public void Write_RoundTripsThroughRequestParserAndBase64()
    {
        var host = Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789.-"].Array[1, 40].Select(c => new string(c));
        // Printable Latin-1 (UTF-8 on the wire, RFC 7617 §2.1); ':' is not allowed in a user-id.
        var printable = Gen.OneOf(Gen.Char[' ', '~'], Gen.Char['\u00a0', '\u00ff']);
        var user = printable.Array[0, 20].Select(c => new string(c).Replace(":", "", StringComparison.Ordinal));
        var password = printable.Array[0, 20].Select(c => new string(c));
        Gen.Select(host, Gen.Int[1, 65535], user.Null(0.3), password).Sample((h, port, u, p) =>
        {
            var buffer = new byte[ProxyConnectWriter.GetLength(h, port, u, p)];
            int n = ProxyConnectWriter.Write(buffer, h, port, u, p);
            Assert.Equal(buffer.Length, n);

            // Our own request parser reads a CONNECT as an ordinary method with every field intact.
            Assert.Equal(OperationStatus.InvalidData, HttpRequestParser.TryParse(buffer, out var request, out int consumed, out var refusal));
            Assert.Equal(HttpRefusal.NotSstpMethod, refusal);
            Assert.Equal(n, consumed);
            Assert.Equal(("CONNECT", $"{h}:{port}", $"{h}:{port}", "1.0"), (request.Method, request.Path, request.Host, request.SstpVersion));

            string text = Encoding.ASCII.GetString(buffer);
            const string prefix = "Proxy-Authorization: Basic ";
            int at = text.IndexOf(prefix, StringComparison.Ordinal);
            Assert.Equal(u is not null, at >= 0);
            if (u is not null)
            {
                string encoded = text[(at + prefix.Length)..text.IndexOf('\r', at)];
                Assert.Equal(u + ":" + p, Encoding.UTF8.GetString(Convert.FromBase64String(encoded)));
            }
        });
    }
}
