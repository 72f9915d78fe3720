using System.Net;
using System.Net.Sockets;
using System.Text;
using Sstp.IO.Tests.Tls;
using Sstp.IO.Web;

namespace Sstp.IO.Tests.Web;

/// <summary>
/// The website relay against a loopback backend run by the test: the head read by the server goes first, the
/// rest follows byte for byte in both directions, and the limits end it.
/// </summary>
public sealed class WebRelayTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact(Timeout = 20_000)]
    public async Task TheBackendGetsHeadAndRest_AndTheClientGetsTheAnswer()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var backend = Task.Run(
            async () =>
            {
                using var accepted = await listener.AcceptTcpClientAsync(Ct);
                var stream = accepted.GetStream();
                string request = await ReadUntilAsync(stream, "BODY");
                byte[] answer = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello");
                await stream.WriteAsync(answer, Ct);
                accepted.Client.Shutdown(SocketShutdown.Both);
                return request;
            },
            Ct);

        var (server, client) = DuplexPipeStream.CreatePair();
        byte[] head = Encoding.ASCII.GetBytes("POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\n\r\n");
        var relay = WebRelay.RelayAsync(server, head, listener.LocalEndpoint, null, Ct);
        await client.WriteAsync(Encoding.ASCII.GetBytes("BODY"), Ct);

        string answerText = await ReadUntilAsync(client, "hello");
        var result = await relay;

        Assert.Equal("POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\n\r\nBODY", await backend);
        Assert.EndsWith("\r\n\r\nhello", answerText, StringComparison.Ordinal);
        Assert.Equal(WebRelayEnd.Closed, result.End);
        Assert.Equal(head.Length + 4, result.ToBackend);
        Assert.Equal(answerText.Length, result.ToClient);
    }

    [Fact(Timeout = 20_000)]
    public async Task AnUnreachableBackend_Gets502()
    {
        // A port that was just free: nothing listens there.
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var endpoint = probe.LocalEndpoint;
        probe.Stop();

        var (server, client) = DuplexPipeStream.CreatePair();
        var result = await WebRelay.RelayAsync(server, "GET / HTTP/1.1\r\n\r\n"u8.ToArray(), endpoint, null, Ct);

        Assert.Equal(WebRelayEnd.BackendUnreachable, result.End);
        await server.DisposeAsync();
        string answer = await ReadUntilAsync(client, "\0");
        Assert.StartsWith("HTTP/1.1 502 Bad Gateway\r\n", answer, StringComparison.Ordinal);
        Assert.DoesNotContain("sstp", answer, StringComparison.OrdinalIgnoreCase);
    }

    [Fact(Timeout = 20_000)]
    public async Task TheByteLimitEndsTheRelay()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var backend = Task.Run(
            async () =>
            {
                using var accepted = await listener.AcceptTcpClientAsync(Ct);
                var stream = accepted.GetStream();
                byte[] chunk = new byte[4096];
                try
                {
                    for (int i = 0; i < 1000; i++)
                    {
                        await stream.WriteAsync(chunk, Ct);
                    }
                }
                catch (IOException)
                {
                    // The relay hung up on us: expected.
                }
            },
            Ct);

        var (server, client) = DuplexPipeStream.CreatePair();
        var drain = Task.Run(
            async () =>
            {
                byte[] buffer = new byte[16384];
                try
                {
                    while (await client.ReadAsync(buffer, Ct) > 0)
                    {
                    }
                }
                catch (IOException)
                {
                }
            },
            Ct);
        var result = await WebRelay.RelayAsync(server, "GET / HTTP/1.1\r\n\r\n"u8.ToArray(), listener.LocalEndpoint, new WebRelayLimits { ByteLimit = 64 * 1024 }, Ct);

        Assert.Equal(WebRelayEnd.ByteLimit, result.End);
        Assert.True(result.ToClient + result.ToBackend <= 64 * 1024, $"{result}");
        await server.DisposeAsync();
        await drain;
        listener.Stop();
        await backend;
    }

    [Fact]
    public async Task PrefixedStream_ReturnsThePrefixFirst_ThenTheInnerStream()
    {
        using var inner = new MemoryStream("world"u8.ToArray());
        await using var stream = new PrefixedStream("hello "u8.ToArray(), inner);
        byte[] buffer = new byte[4];

        Assert.Equal(0, await stream.ReadAsync(Memory<byte>.Empty, Ct)); // a zero-byte read completes while the prefix waits
        var all = new List<byte>();
        int n;
        while ((n = await stream.ReadAsync(buffer, Ct)) > 0)
        {
            all.AddRange(buffer.AsSpan(0, n).ToArray());
        }

        Assert.Equal("hello world", Encoding.ASCII.GetString(all.ToArray()));
    }

    private static async Task<string> ReadUntilAsync(Stream stream, string end)
    {
        var text = new StringBuilder();
        byte[] buffer = new byte[1024];
        while (!text.ToString().EndsWith(end, StringComparison.Ordinal))
        {
            int n = await stream.ReadAsync(buffer, Ct);
            if (n == 0)
            {
                break;
            }

            text.Append(Encoding.ASCII.GetString(buffer, 0, n));
        }

        return text.ToString();
    }
}
