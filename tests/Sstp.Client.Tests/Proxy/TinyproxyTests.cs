using System.Net;
using Sstp.Client.Proxy;

namespace Sstp.Client.Tests.Proxy;

/// <summary>HttpConnectProxy against a real tinyproxy tunnelling to a loopback echo server.</summary>
public sealed class TinyproxyTests(TinyproxyFixture proxy) : IClassFixture<TinyproxyFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact(Timeout = 20_000)]
    public async Task RightCredentials_TunnelCarriesDataBothWays()
    {
        var tunnel = await ConnectAsync(TinyproxyFixture.User, TinyproxyFixture.Password, proxy.EchoPort);
        await using (tunnel)
        {
            // More than a socket buffer, written while reading, so both directions really stream.
            byte[] sent = new byte[256 * 1024];
            new Random(7).NextBytes(sent);
            var writing = Task.Run(async () => await tunnel.WriteAsync(sent, Ct), Ct);
            byte[] received = new byte[sent.Length];
            await tunnel.ReadExactlyAsync(received, Ct);
            await writing;

            Assert.Equal(sent, received);
        }
    }

    [Fact(Timeout = 20_000)]
    public async Task WrongPassword_Rejected()
    {
        var e = await Assert.ThrowsAsync<ProxyException>(() => ConnectAsync(TinyproxyFixture.User, "wrong", proxy.EchoPort));

        // tinyproxy 1.11 quirk: wrong proxy credentials get "401 Unauthorized" + WWW-Authenticate, not 407.
        Assert.Equal(401, e.StatusCode);
        Assert.Contains("rejected the user name or password", e.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = 20_000)]
    public async Task NoCredentials_407AsksForThem()
    {
        var e = await Assert.ThrowsAsync<ProxyException>(() => ConnectAsync(null, null, proxy.EchoPort));

        Assert.Equal(407, e.StatusCode);
        Assert.Contains("requires authentication", e.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = 20_000)]
    public async Task PortNotAllowedByConnectPort_403Refused()
    {
        int otherPort = proxy.EchoPort == 9 ? 10 : 9;

        var e = await Assert.ThrowsAsync<ProxyException>(() => ConnectAsync(TinyproxyFixture.User, TinyproxyFixture.Password, otherPort));

        Assert.Equal(403, e.StatusCode);
        Assert.Contains($"refused the tunnel to 127.0.0.1:{otherPort}", e.Message, StringComparison.Ordinal);
    }

    private Task<Stream> ConnectAsync(string? user, string? password, int targetPort)
    {
        if (proxy.SkipReason is { } reason)
        {
            Assert.Skip(reason);
        }

        string userInfo = user is null ? string.Empty : $"{Uri.EscapeDataString(user)}:{Uri.EscapeDataString(password!)}@";
        var uri = HttpConnectProxy.ParseProxyUri($"http://{userInfo}127.0.0.1:{proxy.ProxyPort}");
        TestContext.Current.TestOutputHelper?.WriteLine(proxy.Log);
        return HttpConnectProxy.ConnectAsync(uri, IPAddress.Loopback.ToString(), targetPort, Ct);
    }
}
