using Sstp.Client.Proxy;

namespace Sstp.Client.Tests.Proxy;

/// <summary>The <c>--proxy</c> argument: <c>http://[user:pass@]host:port</c>, port required.</summary>
public sealed class ProxyUriTests
{
    [Theory]
    [InlineData("http://127.0.0.1:3128", "127.0.0.1", 3128, null, null)]
    [InlineData("  http://proxy.example:8080/  ", "proxy.example", 8080, null, null)]
    [InlineData("HTTP://Proxy.Example:80", "proxy.example", 80, null, null)]
    [InlineData("http://[::1]:3128", "::1", 3128, null, null)]
    [InlineData("http://[fe80::1%25eth0]:3128", "fe80::1%eth0", 3128, null, null)]
    [InlineData("http://alice:s3cret@proxy:3128", "proxy", 3128, "alice", "s3cret")]
    [InlineData("http://alice@proxy:3128", "proxy", 3128, "alice", "")]
    [InlineData("http://al%40ice:p%3Aw%20d@proxy:3128", "proxy", 3128, "al@ice", "p:w d")]
    [InlineData("http://alice:@[2001:db8::1]:1", "2001:db8::1", 1, "alice", "")]
    public void Parse_Valid_HostPortAndDecodedCredentials(string text, string host, int port, string? user, string? password)
    {
        var uri = HttpConnectProxy.ParseProxyUri(text);

        Assert.Equal(host, HttpConnectProxy.HostOf(uri));
        Assert.Equal(port, uri.Port);
        HttpConnectProxy.GetCredentials(uri, out string? u, out string? p);
        Assert.Equal(user, u);
        Assert.Equal(password, p);
    }

    [Theory]
    [InlineData("", "must look like http://")]
    [InlineData("proxy:3128", "must look like http://")]
    [InlineData("socks5://proxy:1080", "must look like http://")]
    [InlineData("https://proxy:3128", "only http:// proxies")]
    [InlineData("http://proxy", "has no port")]
    [InlineData("http://proxy:", "has no port")]
    [InlineData("http://[::1]", "has no port")]
    [InlineData("http://u:p@proxy", "has no port")]
    [InlineData("http://proxy:99999", "not a valid URI")]
    [InlineData("http://:3128", "not a valid URI")]
    [InlineData("http://proxy:3128/path", "path, query or fragment")]
    [InlineData("http://proxy:3128/?x=1", "path, query or fragment")]
    [InlineData("http://proxy:3128/#f", "path, query or fragment")]
    [InlineData("http://:pw@proxy:3128", "without a user name")]
    [InlineData("http://a%3Ab:pw@proxy:3128", "must not contain ':'")]
    [InlineData("http://a:p%0Aw@proxy:3128", "control characters")]
    public void Parse_Invalid_FormatExceptionSaysWhy(string text, string reason)
    {
        var e = Assert.Throws<FormatException>(() => HttpConnectProxy.ParseProxyUri(text));
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://alice:topsecret@proxy:3128")]
    [InlineData("http://alice:topsecret@proxy")]
    [InlineData("http://alice:topsecret@proxy:3128/x")]
    public void Parse_Invalid_MessageNeverShowsThePassword(string text)
    {
        var e = Assert.Throws<FormatException>(() => HttpConnectProxy.ParseProxyUri(text));
        Assert.DoesNotContain("topsecret", e.Message, StringComparison.Ordinal);
        Assert.Contains("alice:***@proxy", e.Message, StringComparison.Ordinal);
    }
}
