using System.Text;
using CsCheck;
using Sstp.Client.Proxy;
using Sstp.Protocol.Http;

namespace Sstp.Client.Tests.Proxy;

/// <summary>Reading the proxy's answer off a stream, whatever the read sizes, and the replaying stream.</summary>
public sealed class ResponseReaderTests
{
    private static readonly byte[] Answer = "HTTP/1.1 200 Connection established\r\nProxy-Connection: Keep-Alive\r\n\r\n\x16\x03\x01TLS"u8.ToArray();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ReadResponse_EveryChunkSize_SameResponseAndTunnelBytes()
    {
        for (int chunk = 1; chunk <= Answer.Length; chunk++)
        {
            using var stream = new ChunkedStream(Answer, chunk);
            var (response, tunnel) = await HttpConnectProxy.ReadResponseAsync(stream, Ct);

            Assert.Equal(200, response.StatusCode);
            Assert.Equal("Connection established", response.ReasonPhrase);

            // Only what arrived in the same reads as the header is returned; the rest stays in the stream.
            using var rest = new MemoryStream();
            await stream.CopyToAsync(rest, Ct);
            byte[] after = [.. tunnel.ToArray(), .. rest.ToArray()];
            Assert.Equal(Answer[^6..], after);
        }
    }

    [Fact]
    public async Task ReadResponse_HeaderNeverEnds_HeaderTooLarge()
    {
        byte[] endless = [.. "HTTP/1.1 200 OK\r\n"u8, .. Enumerable.Repeat((byte)'a', 20_000)];
        using var stream = new MemoryStream(endless);

        var e = await Assert.ThrowsAsync<ProxyException>(() => HttpConnectProxy.ReadResponseAsync(stream, Ct));

        Assert.Contains(nameof(ProxyConnectError.HeaderTooLarge), e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadResponse_RandomBytes_OnlyProxyExceptionOrAResponse() =>
        Gen.Byte.Array[0, 600].Sample(bytes =>
        {
            using var stream = new MemoryStream(bytes);
            try
            {
                var (_, tunnel) = HttpConnectProxy.ReadResponseAsync(stream, CancellationToken.None).GetAwaiter().GetResult();
                return tunnel.Length <= bytes.Length;
            }
            catch (ProxyException)
            {
                return true;
            }
        });

    [Fact]
    public async Task ReplayStream_SmallReads_ReplayFirstThenConnection()
    {
        using var inner = new MemoryStream("DEF"u8.ToArray());
        await using var stream = new ReplayStream(inner, "ABC"u8.ToArray());
        byte[] two = new byte[2];

        Assert.Equal(2, await stream.ReadAsync(two, Ct));
        Assert.Equal("AB", Encoding.ASCII.GetString(two));
        Assert.Equal(1, stream.Read(two, 0, 2));
        Assert.Equal((byte)'C', two[0]);
        Assert.Equal(0, stream.PendingReplay);
        Assert.Equal(2, stream.Read(two.AsSpan()));
        Assert.Equal("DE", Encoding.ASCII.GetString(two));
    }

    [Fact]
    public async Task ReplayStream_WritesGoToTheConnectionAndDisposeClosesIt()
    {
        var inner = new MemoryStream();
        var stream = new ReplayStream(inner, ReadOnlyMemory<byte>.Empty);

        await stream.WriteAsync("hello"u8.ToArray(), Ct);
        Assert.Equal("hello", Encoding.ASCII.GetString(inner.ToArray()));
        Assert.False(stream.CanSeek);

        await stream.DisposeAsync();
        Assert.False(inner.CanRead);
    }

    /// <summary>Returns at most <c>chunk</c> bytes per read.</summary>
    private sealed class ChunkedStream(byte[] data, int chunk) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(chunk, buffer.Length)], cancellationToken);
    }
}
