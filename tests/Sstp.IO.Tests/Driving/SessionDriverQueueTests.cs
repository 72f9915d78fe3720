using System.Buffers;
using System.Buffers.Binary;
using Microsoft.Extensions.Time.Testing;
using Sstp.IO.Driving;
using Sstp.Protocol.Ppp;
using Sstp.Protocol.Session;
using Sstp.TestKit;

namespace Sstp.IO.Tests.Driving;

/// <summary>
/// The writer's queue policy on a session that is already up (TestKit <see cref="SessionPair"/>): merging of data
/// packets, the byte bound and the time bound. Packets are queued before the writer starts, so what it finds is
/// fixed and nothing depends on thread timing.
/// </summary>
public class SessionDriverQueueTests
{
    private const int IpLength = 1000;

    private sealed class NullHost : ISessionHost
    {
        public void OnEvent(SessionDriver driver, SessionEvent sessionEvent)
        {
        }

        public void OnPacket(SessionDriver driver, Span<byte> packet, PppProtocol protocol)
        {
        }
    }

    /// <summary>Records every write; reads wait, as a quiet peer would, until <see cref="End"/>.</summary>
    private sealed class RecordingStream : Stream
    {
        private readonly object _gate = new();
        private readonly TaskCompletionSource _end = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly List<byte[]> _writes = [];

        public IReadOnlyList<byte[]> Writes
        {
            get
            {
                lock (_gate)
                {
                    return [.. _writes];
                }
            }
        }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await _end.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        }

        /// <summary>The peer goes away: pending and later reads return 0.</summary>
        public void End() => _end.TrySetResult();

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            lock (_gate)
            {
                _writes.Add(buffer.ToArray());
            }

            return ValueTask.CompletedTask;
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private static ServerSession UpServer()
    {
        var pair = new SessionPair(SessionPair.ServerSettings(), SessionPair.ClientSettings("alice", "pw"), new Dictionary<string, string> { ["alice"] = "pw" });
        pair.RunUntilUp();
        Assert.True(pair.BothUp);
        return pair.Server;
    }

    private static bool Send(SessionDriver driver, byte marker)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(DataPath.Headroom + IpLength);
        buffer.AsSpan(DataPath.Headroom, IpLength).Fill(marker);
        buffer[DataPath.Headroom] = 0x45;
        if (driver.TrySendData(buffer, IpLength))
        {
            return true;
        }

        ArrayPool<byte>.Shared.Return(buffer);
        return false;
    }

    /// <summary>The data packets in one write (SSTP packets with the control bit clear), by their last byte.</summary>
    private static List<byte> DataMarkers(byte[] write)
    {
        var markers = new List<byte>();
        int offset = 0;
        while (offset + 4 <= write.Length)
        {
            int length = BinaryPrimitives.ReadUInt16BigEndian(write.AsSpan(offset + 2)) & 0x0FFF;
            if ((write[offset + 1] & 1) == 0)
            {
                markers.Add(write[offset + length - 1]);
            }

            offset += length;
        }

        return markers;
    }

    /// <summary>Runs the driver until the queue is written, then ends the transport; returns the data writes.</summary>
    private static async Task<List<List<byte>>> DrainAsync(SessionDriver driver, RecordingStream stream, int expectedData)
    {
        var run = driver.RunAsync(CancellationToken.None);
        var deadline = TestContext.Current.CancellationToken;
        while (stream.Writes.Sum(w => DataMarkers(w).Count) < expectedData)
        {
            await Task.Delay(10, deadline);
        }

        stream.End();
        await run.WaitAsync(TimeSpan.FromSeconds(20), deadline);
        return stream.Writes.Select(DataMarkers).Where(m => m.Count > 0).ToList();
    }

    [Fact]
    public async Task MergeOn_QueuedDataPackets_GoOutInOneWrite()
    {
        var stream = new RecordingStream();
        var driver = new SessionDriver(UpServer(), stream, new NullHost(), new FakeTimeProvider(), new SessionDriverOptions { MergeWrites = true });
        Assert.True(Send(driver, 1) && Send(driver, 2) && Send(driver, 3));

        var writes = await DrainAsync(driver, stream, 3);

        Assert.Equal([[1, 2, 3]], writes);
    }

    [Fact]
    public async Task MergeOff_EachDataPacketIsItsOwnWrite()
    {
        var stream = new RecordingStream();
        var driver = new SessionDriver(UpServer(), stream, new NullHost(), new FakeTimeProvider());
        Assert.False(driver.MergeWrites);
        Assert.True(Send(driver, 1) && Send(driver, 2) && Send(driver, 3));

        var writes = await DrainAsync(driver, stream, 3);

        Assert.Equal([[1], [2], [3]], writes);
    }

    [Fact]
    public async Task MergeSwitchedOnAtRunTime_IsHonoured()
    {
        var stream = new RecordingStream();
        var driver = new SessionDriver(UpServer(), stream, new NullHost(), new FakeTimeProvider());
        driver.MergeWrites = true;
        Assert.True(Send(driver, 1) && Send(driver, 2));

        var writes = await DrainAsync(driver, stream, 2);

        Assert.Equal([[1, 2]], writes);
    }

    [Fact]
    public async Task Merge_StopsAtWriteMergeSize()
    {
        var stream = new RecordingStream();
        var options = new SessionDriverOptions { MergeWrites = true, WriteMergeSize = 2 * (DataPath.Headroom + IpLength) };
        var driver = new SessionDriver(UpServer(), stream, new NullHost(), new FakeTimeProvider(), options);
        Assert.True(Send(driver, 1) && Send(driver, 2) && Send(driver, 3));

        var writes = await DrainAsync(driver, stream, 3);

        Assert.Equal([[1, 2], [3]], writes);
    }

    [Fact]
    public void ByteBound_RefusesThePacketThatWouldPassIt_AndCountsIt()
    {
        var options = new SessionDriverOptions { MaxQueuedDataBytes = 2 * IpLength + 100 };
        var driver = new SessionDriver(UpServer(), new RecordingStream(), new NullHost(), new FakeTimeProvider(), options);

        Assert.True(Send(driver, 1));
        Assert.True(Send(driver, 2));
        Assert.False(Send(driver, 3));
        Assert.Equal(1, driver.Traffic.DroppedOut);
        Assert.Equal(2, driver.Traffic.PacketsOut);
    }

    [Fact]
    public void PacketBound_StillApplies()
    {
        var options = new SessionDriverOptions { MaxQueuedDataPackets = 2 };
        var driver = new SessionDriver(UpServer(), new RecordingStream(), new NullHost(), new FakeTimeProvider(), options);

        Assert.True(Send(driver, 1) && Send(driver, 2));
        Assert.False(Send(driver, 3));
        Assert.Equal(1, driver.Traffic.DroppedOut);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task PacketsOlderThanMaxQueueDelay_AreDroppedFromTheHead(bool merge)
    {
        var time = new FakeTimeProvider();
        var stream = new RecordingStream();
        var options = new SessionDriverOptions { MergeWrites = merge, MaxQueueDelay = TimeSpan.FromMilliseconds(10) };
        var driver = new SessionDriver(UpServer(), stream, new NullHost(), time, options);
        Assert.True(Send(driver, 1) && Send(driver, 2));
        time.Advance(TimeSpan.FromMilliseconds(11));
        Assert.True(Send(driver, 3) && Send(driver, 4));

        var writes = await DrainAsync(driver, stream, 2);

        Assert.Equal([3, 4], writes.SelectMany(w => w));
        Assert.Equal(2, driver.Traffic.DroppedOut);
    }

    [Fact]
    public async Task MaxQueueDelayZero_KeepsOldPackets()
    {
        var time = new FakeTimeProvider();
        var stream = new RecordingStream();
        var driver = new SessionDriver(UpServer(), stream, new NullHost(), time, new SessionDriverOptions { MaxQueueDelay = TimeSpan.Zero });
        Assert.True(Send(driver, 1));
        time.Advance(TimeSpan.FromSeconds(1));

        var writes = await DrainAsync(driver, stream, 1);

        Assert.Equal([[1]], writes);
        Assert.Equal(0, driver.Traffic.DroppedOut);
    }
}
