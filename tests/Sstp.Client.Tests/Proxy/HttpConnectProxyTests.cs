using System.Net;
using System.Net.Sockets;
using System.Text;
using Sstp.Client.Proxy;

namespace Sstp.Client.Tests.Proxy;

/// <summary>
/// CONNECT through an in-process fake proxy: exact request bytes (SSTP.md §3.4, INTEROP.md §9.3), answers,
/// 407 handling, and tunnel bytes that arrive with the answer.
/// </summary>
public sealed class HttpConnectProxyTests : IDisposable
{
    private readonly FakeProxy _proxy = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact(Timeout = 10_000)]
    public async Task Connect_WithoutCredentials_SendsSpecRequestAndReplaysBytesAfterHeader()
    {
        // SSTP.md §3.4: CONNECT host:port, Host, SSTPVERSION: 1.0; the caller's port, not a fixed 443.
        var serve = _proxy.ServeOnceAsync(
            async s =>
            {
                await s.WriteAsync("HTTP/1.1 200 Connection established\r\nProxy-Connection: Keep-Alive\r\n\r\nEARLY"u8.ToArray(), Ct);
                byte[] buffer = new byte[4];
                await s.ReadExactlyAsync(buffer, Ct);
                await s.WriteAsync(buffer, Ct);
            },
            Ct);

        await using var tunnel = await HttpConnectProxy.ConnectAsync(_proxy.Uri(), "vpn.example.com", 8443, Ct);
        Assert.Equal("EARLY", await ReadAsciiAsync(tunnel, 5));
        await tunnel.WriteAsync("ping"u8.ToArray(), Ct);
        Assert.Equal("ping", await ReadAsciiAsync(tunnel, 4));

        Assert.Equal("CONNECT vpn.example.com:8443 HTTP/1.1\r\nHost: vpn.example.com:8443\r\nSSTPVERSION: 1.0\r\n\r\n", await serve);
    }

    [Fact(Timeout = 10_000)]
    public async Task Connect_WithCredentials_SendsDecodedBasicUpFront()
    {
        // User info is percent-decoded: "us@er" / "p:ss w" → Basic base64("us@er:p:ss w") (RFC 7617 §2).
        var serve = _proxy.ServeOnceAsync(s => s.WriteAsync("HTTP/1.0 200 OK\r\n\r\n"u8.ToArray(), Ct).AsTask(), Ct);

        await using var tunnel = await HttpConnectProxy.ConnectAsync(_proxy.Uri("us%40er:p%3Ass%20w@"), "2001:db8::1", 443, Ct);

        string expectedAuth = Convert.ToBase64String(Encoding.UTF8.GetBytes("us@er:p:ss w"));
        Assert.Equal(
            $"CONNECT [2001:db8::1]:443 HTTP/1.1\r\nHost: [2001:db8::1]:443\r\nSSTPVERSION: 1.0\r\nProxy-Authorization: Basic {expectedAuth}\r\n\r\n",
            await serve);
    }

    [Fact(Timeout = 10_000)]
    public async Task Connect_AnswerArrivesOneByteAtATime_StillParsed()
    {
        var serve = _proxy.ServeOnceAsync(
            async s =>
            {
                foreach (byte b in "HTTP/1.1 200 Connection established\r\n\r\nX"u8.ToArray())
                {
                    await s.WriteAsync(new[] { b }, Ct);
                    await s.FlushAsync(Ct);
                }
            },
            Ct);

        await using var tunnel = await HttpConnectProxy.ConnectAsync(_proxy.Uri(), "vpn", 443, Ct);
        await serve;
        Assert.Equal("X", await ReadAsciiAsync(tunnel, 1));
    }

    public static TheoryData<string, string, int, string> Refusals => new()
    {
        { "", "HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"p\"\r\nContent-Length: 0\r\n\r\n", 407, "requires authentication" },
        { "u:wrong@", "HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"p\"\r\n\r\n", 407, "rejected the user name or password" },
        { "", "HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Digest realm=\"p\", nonce=\"n\"\r\n\r\n", 407, "other than Basic" },
        { "u:p@", "HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Negotiate\r\n\r\n", 407, "other than Basic" },
        { "u:wrong@", "HTTP/1.0 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"Tinyproxy\"\r\nConnection: close\r\n\r\n", 401, "rejected the user name or password" },
        { "", "HTTP/1.0 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"Tinyproxy\"\r\n\r\n", 401, "requires authentication" },
        { "", "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n", 403, "refused the tunnel to vpn:443 (403 Forbidden)" },
        { "", "HTTP/1.1 502 Bad Gateway\r\n\r\n", 502, "(502 Bad Gateway)" },
    };

    [Theory(Timeout = 10_000)]
    [MemberData(nameof(Refusals))]
    public async Task Connect_Non2xx_ProxyExceptionWithStatusAndReason(string userInfo, string answer, int status, string message)
    {
        var serve = _proxy.ServeOnceAsync(s => s.WriteAsync(Encoding.ASCII.GetBytes(answer), Ct).AsTask(), Ct);

        var e = await Assert.ThrowsAsync<ProxyException>(() => HttpConnectProxy.ConnectAsync(_proxy.Uri(userInfo), "vpn", 443, Ct));
        await serve;

        Assert.Equal(status, e.StatusCode);
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong", e.Message, StringComparison.Ordinal);
    }

    [Theory(Timeout = 10_000)]
    [InlineData("", "without answering")]
    [InlineData("HTTP/1.1 200 OK\r\n", "in the middle of its answer")]
    [InlineData("SSH-2.0-OpenSSH_9.2\r\n\r\n", "Malformed")]
    [InlineData("HTTP/2.0 200 OK\r\n\r\n", "NotHttp1")]
    public async Task Connect_BadOrMissingAnswer_ProxyException(string answer, string message)
    {
        var serve = _proxy.ServeOnceAsync(s => s.WriteAsync(Encoding.ASCII.GetBytes(answer), Ct).AsTask(), Ct);

        var e = await Assert.ThrowsAsync<ProxyException>(() => HttpConnectProxy.ConnectAsync(_proxy.Uri(), "vpn", 443, Ct));
        await serve;

        Assert.Null(e.StatusCode);
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = 10_000)]
    public async Task Connect_NothingListening_ProxyExceptionWithSocketCause()
    {
        int port = _proxy.Port;
        _proxy.Dispose();

        var e = await Assert.ThrowsAsync<ProxyException>(
            () => HttpConnectProxy.ConnectAsync(new Uri($"http://127.0.0.1:{port}"), "vpn", 443, Ct));

        Assert.IsType<SocketException>(e.InnerException);
        Assert.Contains($"127.0.0.1:{port}", e.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = 10_000)]
    public async Task Connect_Ipv6LoopbackProxy_Works()
    {
        if (!Socket.OSSupportsIPv6)
        {
            Assert.Skip("IPv6 is not available on this machine.");
        }

        using var proxy6 = new FakeProxy(IPAddress.IPv6Loopback);
        var serve = proxy6.ServeOnceAsync(s => s.WriteAsync("HTTP/1.1 200 OK\r\n\r\n"u8.ToArray(), Ct).AsTask(), Ct);

        await using var tunnel = await HttpConnectProxy.ConnectAsync(proxy6.Uri(), "vpn", 443, Ct);

        Assert.StartsWith("CONNECT vpn:443 ", await serve, StringComparison.Ordinal);
    }

    [Fact(Timeout = 10_000)]
    public async Task Connect_ProxyUriWithoutPort_ArgumentException()
    {
        var e = await Assert.ThrowsAsync<ArgumentException>(
            () => HttpConnectProxy.ConnectAsync(new Uri("http://127.0.0.1"), "vpn", 443, Ct));
        Assert.Contains("has no port", e.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _proxy.Dispose();

    private static async Task<string> ReadAsciiAsync(Stream stream, int count)
    {
        byte[] buffer = new byte[count];
        await stream.ReadExactlyAsync(buffer, Ct);
        return Encoding.ASCII.GetString(buffer);
    }
}
