using System.Buffers;
using CsCheck;
using Sstp.Protocol.Http;

namespace Sstp.Protocol.Tests.Http;

public class ProxyConnectResponseParserTests
{
    /// <summary>[MS-SSTP §4.5] example answer, SSTP.md §3.4.</summary>
    private const string Established =
        "HTTP/1.1 200 Connection established\r\nProxy-Connection: Keep-Alive\r\nConnection: Keep-Alive\r\n\r\n";

    private static ProxyConnectResponse AssertDone(string text)
    {
        Assert.Equal(OperationStatus.Done, ProxyConnectResponseParser.TryParse(HttpTestData.Bytes(text), out var response, out int consumed, out var error));
        Assert.Equal(ProxyConnectError.None, error);
        Assert.Equal(text.Length, consumed);
        return response;
    }

    [Fact]
    public void SpecAnswer_TunnelEstablished()
    {
        var response = AssertDone(Established);
        Assert.Equal(new ProxyConnectResponse(200, "Connection established", false, null), response);
        Assert.True(response.IsTunnelEstablished);
        Assert.False(response.IsAuthenticationRequired);
    }

    /// <summary>Fuzz regression tests/Sstp.Fuzz/regressions/proxy-connect/status-007: a code below 100 is no status.</summary>
    [Theory]
    [InlineData("HTTP/1.0 007 Required\r\nContent-Length: 12\r\n\r\n")]
    [InlineData("HTTP/1.1 099 Low\r\n\r\n")]
    [InlineData("HTTP/1.1 000\r\n\r\n")]
    public void StatusBelow100_Malformed(string text)
    {
        Assert.Equal(OperationStatus.InvalidData, ProxyConnectResponseParser.TryParse(HttpTestData.Bytes(text), out _, out _, out var error));
        Assert.Equal(ProxyConnectError.Malformed, error);
    }

    [Fact]
    public void TlsAfterAnswer_Unconsumed()
    {
        byte[] input = [.. HttpTestData.Bytes(Established), 0x16, 0x03, 0x01];
        Assert.Equal(OperationStatus.Done, ProxyConnectResponseParser.TryParse(input, out _, out int consumed, out _));
        Assert.Equal(input.Length - 3, consumed);
    }

    [Theory]
    [InlineData("Basic realm=\"proxy\"", true)]
    [InlineData("basic", true)]
    [InlineData("Negotiate, Basic realm=\"corp\"", true)]
    [InlineData("Digest realm=\"a\", qop=\"auth\", Basic realm=\"b\"", true)]
    [InlineData("Negotiate", false)]
    [InlineData("NTLM", false)]
    [InlineData("Digest realm=\"x, Basic y\"", false)]
    [InlineData("Digest realm=Basic", false)]
    [InlineData("Basicx", false)]
    public void ProxyAuthenticate_BasicDetected(string challenge, bool offered)
    {
        // SSTP.md §3.4: sstpc retries with Basic only after a 407 whose Proxy-Authenticate is Basic.
        var response = AssertDone($"HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: {challenge}\r\nContent-Length: 12\r\n\r\n");
        Assert.Equal(offered, response.OffersBasicAuth);
        Assert.True(response.IsAuthenticationRequired);
        Assert.False(response.IsTunnelEstablished);
        Assert.Equal(12, response.ContentLength);
    }

    [Fact]
    public void SeveralChallengeHeaders_AnyBasicCounts()
    {
        Assert.True(AssertDone("HTTP/1.1 407 x\r\nProxy-Authenticate: NTLM\r\nProxy-Authenticate: Basic realm=r\r\n\r\n").OffersBasicAuth);
    }

    [Fact]
    public void ForbiddenAnswer_IsDoneWithStatus()
    {
        var response = AssertDone("HTTP/1.0 403 Forbidden\r\n\r\n");
        Assert.Equal(403, response.StatusCode);
        Assert.False(response.IsTunnelEstablished);
    }

    public static TheoryData<string, ProxyConnectError> Refused => new()
    {
        { "HTTP/2.0 200 OK\r\n\r\n", ProxyConnectError.NotHttp1 },
        { "HTTP/1.1 20 OK\r\n\r\n", ProxyConnectError.Malformed },
        { "HTTP/1.1 200 OK\r\nContent-Length: many\r\n\r\n", ProxyConnectError.Malformed },
        { "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", ProxyConnectError.Malformed },
        { "HTTP/1.1 200 OK\r\nContent-Length: 9223372036854775808\r\n\r\n", ProxyConnectError.Malformed },
        { "HTTP/1.1 200 OK\r\nbad line\r\n\r\n", ProxyConnectError.Malformed },
        { "<html>", ProxyConnectError.Malformed },
        { "HTTP/1.1 200 OK\r\nX: " + new string('a', 9000), ProxyConnectError.HeaderTooLarge },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void Refused_ExactError(string text, ProxyConnectError expected)
    {
        Assert.Equal(OperationStatus.InvalidData, ProxyConnectResponseParser.TryParse(HttpTestData.Bytes(text), out _, out int consumed, out var error));
        Assert.Equal(expected, error);
        Assert.Equal(0, consumed);
    }

    [Fact]
    public void EverySplitPoint_NeedMoreDataThenDone()
    {
        HttpTestData.AssertEverySplitNeedsMoreThenDone(HttpTestData.Bytes(Established),
            (ReadOnlySpan<byte> input, out int consumed) => ProxyConnectResponseParser.TryParse(input, out _, out consumed, out _));
    }

    [Fact]
    public void RandomBytes_NeverThrow()
    {
        var httpPrefixed = Gen.Byte.Array[0, 600].Select(b => (byte[])[.. "HTTP/1.1 407 A\r\nProxy-Authenticate: "u8, .. b]);
        Gen.OneOf(Gen.Byte.Array[0, 600], httpPrefixed).Sample(bytes =>
        {
            var status = ProxyConnectResponseParser.TryParse(bytes, out _, out int consumed, out var error);
            HttpTestData.AssertSane(status, consumed, bytes.Length);
            Assert.Equal(status == OperationStatus.InvalidData, error != ProxyConnectError.None);
        });
    }
}
