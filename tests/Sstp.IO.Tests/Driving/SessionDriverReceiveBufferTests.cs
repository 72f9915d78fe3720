using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;
using Sstp.IO.Driving;
using Sstp.Protocol.Ppp;
using Sstp.Protocol.Session;
using Sstp.TestKit;

namespace Sstp.IO.Tests.Driving;

/// <summary>
/// The driver's receive buffer is held only while data flows: a quiet session waits in a zero-byte read (no
/// buffer of its own, and SslStream keeps none either), a busy one keeps its buffer between reads.
/// </summary>
public class SessionDriverReceiveBufferTests
{
    private const int IpLength = 1000;

    private sealed class CountingHost : ISessionHost
    {
        private int _packets;

        public int Packets => Volatile.Read(ref _packets);

        public void OnEvent(SessionDriver driver, SessionEvent sessionEvent)
        {
        }

        public void OnPacket(SessionDriver driver, Span<byte> packet, PppProtocol protocol) => Interlocked.Increment(ref _packets);
    }

    /// <summary>Hands out queued chunks; records the size of every buffer a read was given (0 = zero-byte read).</summary>
    private sealed class ChunkStream : Stream
    {
        private readonly Channel<byte[]> _chunks = Channel.CreateUnbounded<byte[]>();
        private readonly List<int> _readSizes = [];

        public IReadOnlyList<int> ReadSizes
        {
            get
            {
                lock (_readSizes)
                {
                    return [.. _readSizes];
                }
            }
        }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public void Deliver(byte[] chunk) => _chunks.Writer.TryWrite(chunk);

        public void End() => _chunks.Writer.TryComplete();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            lock (_readSizes)
            {
                _readSizes.Add(buffer.Length);
            }

            if (!await _chunks.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return 0;
            }

            if (buffer.IsEmpty)
            {
                return 0;
            }

            var chunk = await _chunks.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            Assert.True(chunk.Length <= buffer.Length, "test chunks fit the driver's buffer");
            chunk.CopyTo(buffer);
            return chunk.Length;
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>A session pair brought up in memory; returns the server and <paramref name="count"/> SSTP data packets from the client.</summary>
    private static (ServerSession Server, List<byte[]> Packets) UpServerWithPackets(int count)
    {
        var pair = new SessionPair(SessionPair.ServerSettings(), SessionPair.ClientSettings("alice", "pw"), new Dictionary<string, string> { ["alice"] = "pw" });
        pair.RunUntilUp();
        Assert.True(pair.BothUp);
        var ip = new byte[IpLength];
        ip[0] = 0x45;
        int before = pair.SentByClient.Count;
        for (int i = 0; i < count; i++)
        {
            Assert.True(pair.SendFromClient(ip));
        }

        return (pair.Server, pair.SentByClient.Skip(before).ToList());
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var cancel = TestContext.Current.CancellationToken;
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        limit.CancelAfter(TimeSpan.FromSeconds(20));
        while (!condition())
        {
            await Task.Delay(5, limit.Token);
        }
    }

    [Fact]
    public async Task QuietSession_WaitsWithAZeroByteRead_AndGivesTheBufferBackAfterASmallRead()
    {
        var (server, packets) = UpServerWithPackets(1);
        var stream = new ChunkStream();
        var host = new CountingHost();
        var driver = new SessionDriver(server, stream, host, new FakeTimeProvider());
        var run = driver.RunAsync(CancellationToken.None);

        await WaitForAsync(() => stream.ReadSizes.Count >= 1);
        Assert.Equal(0, stream.ReadSizes[0]);

        stream.Deliver(packets[0]);
        await WaitForAsync(() => host.Packets == 1 && stream.ReadSizes.Count >= 3);

        // zero-byte wait, the real read into a rented buffer, then (one small packet, nothing left) a zero-byte wait again.
        Assert.Equal(0, stream.ReadSizes[0]);
        Assert.True(stream.ReadSizes[1] >= new SessionDriverOptions().ReceiveBufferSize);
        Assert.Equal(0, stream.ReadSizes[2]);

        stream.End();
        await run.WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task BusySession_KeepsItsBufferBetweenReads()
    {
        // One read of more than half the buffer: a backlog is likely, so the next read goes straight into the buffer.
        int bufferSize = new SessionDriverOptions().ReceiveBufferSize;
        var (server, packets) = UpServerWithPackets(12);
        var bulk = packets.SelectMany(p => p).ToArray();
        Assert.InRange(bulk.Length, (bufferSize / 2) + 1, bufferSize);
        var stream = new ChunkStream();
        var host = new CountingHost();
        var driver = new SessionDriver(server, stream, host, new FakeTimeProvider());
        var run = driver.RunAsync(CancellationToken.None);

        stream.Deliver(bulk);
        await WaitForAsync(() => host.Packets == 12 && stream.ReadSizes.Count >= 3);

        Assert.Equal(0, stream.ReadSizes[0]);
        Assert.True(stream.ReadSizes[1] >= bufferSize);
        Assert.True(stream.ReadSizes[2] >= bufferSize, $"after a large read the buffer is kept, got a read of {stream.ReadSizes[2]}");

        stream.End();
        await run.WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);
    }
}
