using Sstp.IO.Tun;

namespace Sstp.IO.Tests.Tun;

public class TunReaderTests
{
    internal const int Headroom = 24;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact(Timeout = 10_000)]
    public async Task Packets_LandAtHeadroomWithTheirLengths()
    {
        using var pair = new DatagramPair();
        var sink = new RecordingSink(expected: 3, bufferSize: Headroom + 2000, headroomFill: 0xEE);
        using (var reader = new TunReader(pair.Receiver.SafeHandle, sink, Headroom, "test-tun-reader"))
        {
            reader.Start();
            pair.Send(Fill(0x45, 20));
            pair.Send(Fill(0x60, 1500));
            pair.Send(Fill(0x46, 1));
            await sink.AllReceived.WaitAsync(Ct);
        }

        Assert.Equal([20, 1500, 1], sink.Lengths);
        Assert.Equal([0x45, 0x60, 0x46], sink.FirstBytes);
        for (int i = 0; i < 3; i++)
        {
            // Headroom untouched, packet bytes exactly in place.
            Assert.All(sink.Buffers[i].AsSpan(0, Headroom).ToArray(), b => Assert.Equal(0xEE, b));
            Assert.All(sink.Buffers[i].AsSpan(Headroom, sink.Lengths[i]).ToArray(), b => Assert.Equal(sink.FirstBytes[i], b));
        }

        Assert.Equal("test-tun-reader", sink.ThreadName);
        Assert.Null(await sink.Stopped.WaitAsync(Ct));
    }

    [Fact(Timeout = 20_000)]
    public async Task BackToBackReads_KeepOrder_LoseNothing_AndTheReaderStillStops()
    {
        // More packets than one burst of reads without a poll: order and count survive the switch between
        // back-to-back reads and polling, and the reader stops cleanly after it.
        const int count = 1000;
        using var pair = new DatagramPair();
        var sink = new RecordingSink(count, Headroom + 200, 0);
        using (var reader = new TunReader(pair.Receiver.SafeHandle, sink, Headroom, "test-tun-reader"))
        {
            reader.Start();
            for (int i = 0; i < count; i++)
            {
                pair.Send(Fill((byte)i, 1 + (i % 150)));
            }

            await sink.AllReceived.WaitAsync(Ct);
        }

        Assert.Equal(Enumerable.Range(0, count).Select(i => (byte)i), sink.FirstBytes);
        Assert.Equal(Enumerable.Range(0, count).Select(i => 1 + (i % 150)), sink.Lengths);
        Assert.Null(await sink.Stopped.WaitAsync(Ct));
    }

    [Fact(Timeout = 20_000)]
    public async Task SteadyState_AllocatesNothingPerPacket()
    {
        const int count = 2000;
        using var pair = new DatagramPair();
        var sink = new RecordingSink(count, Headroom + 1500, 0);
        using (var reader = new TunReader(pair.Receiver.SafeHandle, sink, Headroom, "test-tun-reader"))
        {
            reader.Start();
            byte[] packet = Fill(0x45, 1400);
            for (int i = 0; i < count; i++)
            {
                pair.Send(packet);
            }

            await sink.AllReceived.WaitAsync(Ct);
        }

        // C4: after warm-up, reading a packet and handing it over allocates nothing on the reader thread.
        Assert.Equal(0, sink.AllocatedBefore[count - 1] - sink.AllocatedBefore[100]);
    }

    [Fact(Timeout = 10_000)]
    public async Task Dispose_WhileIdle_StopsAndReportsNoError()
    {
        using var pair = new DatagramPair();
        var sink = new RecordingSink(1, Headroom + 100, 0);
        var reader = new TunReader(pair.Receiver.SafeHandle, sink, Headroom, "test-tun-reader");
        reader.Start();
        reader.Dispose();
        Assert.Null(await sink.Stopped.WaitAsync(Ct));
        Assert.Equal(0, sink.Count);
        Assert.Equal(sink.Acquired, sink.Count + sink.Released);
        reader.Dispose(); // idempotent
    }

    [Fact(Timeout = 10_000)]
    public async Task Dispose_FromInsideSink_StopsWithoutDeadlock()
    {
        using var pair = new DatagramPair();
        var sink = new RecordingSink(1, Headroom + 100, 0);
        var reader = new TunReader(pair.Receiver.SafeHandle, sink, Headroom, "test-tun-reader");
        sink.OnEachPacket = _ => reader.Dispose();
        reader.Start();
        pair.Send(Fill(1, 10));
        Assert.Null(await sink.Stopped.WaitAsync(Ct));
        Assert.Equal(1, sink.Count);
    }

    [Fact(Timeout = 10_000)]
    public async Task SinkThrows_ReaderStopsAndReportsTheException()
    {
        using var pair = new DatagramPair();
        var sink = new RecordingSink(1, Headroom + 100, 0);
        var boom = new InvalidOperationException("sink failure");
        sink.OnEachPacket = _ => throw boom;
        using var reader = new TunReader(pair.Receiver.SafeHandle, sink, Headroom, "test-tun-reader");
        reader.Start();
        pair.Send(Fill(1, 10));
        Assert.Same(boom, await sink.Stopped.WaitAsync(Ct));
    }

    [Fact(Timeout = 10_000)]
    public async Task BufferNoLargerThanHeadroom_StopsWithError()
    {
        using var pair = new DatagramPair();
        var sink = new RecordingSink(1, Headroom, 0);
        using var reader = new TunReader(pair.Receiver.SafeHandle, sink, Headroom, "test-tun-reader");
        reader.Start();
        pair.Send(Fill(1, 10));
        var error = await sink.Stopped.WaitAsync(Ct);
        Assert.IsType<InvalidOperationException>(error);
        Assert.Equal(1, sink.Released);
    }

    [Fact(Timeout = 10_000)]
    public void Start_Twice_Throws()
    {
        using var pair = new DatagramPair();
        using var reader = new TunReader(pair.Receiver.SafeHandle, new RecordingSink(1, 100, 0), Headroom, "test-tun-reader");
        reader.Start();
        Assert.Throws<InvalidOperationException>(reader.Start);
    }

    [Fact(Timeout = 10_000)]
    public void Dispose_NeverStarted_IsFine()
    {
        using var pair = new DatagramPair();
        var reader = new TunReader(pair.Receiver.SafeHandle, new RecordingSink(1, 100, 0), Headroom, "test-tun-reader");
        reader.Dispose();
        Assert.Throws<InvalidOperationException>(reader.Start);
    }

    private static byte[] Fill(byte value, int length)
    {
        var bytes = new byte[length];
        Array.Fill(bytes, value);
        return bytes;
    }
}
