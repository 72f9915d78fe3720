using Sstp.IO.Tun;

namespace Sstp.IO.Tests.Tun;

/// <summary>
/// A sink with a fixed ring of preallocated buffers that records, without allocating, each packet's first
/// byte, length, headroom fill and the reader thread's allocation counter.
/// </summary>
internal sealed class RecordingSink : ITunPacketSink
{
    private readonly byte[][] _buffers;
    private readonly int _expected;
    private readonly TaskCompletionSource _allReceived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<Exception?> _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _next;

    public RecordingSink(int expected, int bufferSize, byte headroomFill)
    {
        _expected = expected;
        _buffers = new byte[8][];
        for (int i = 0; i < _buffers.Length; i++)
        {
            _buffers[i] = new byte[bufferSize];
            Array.Fill(_buffers[i], headroomFill);
        }

        Lengths = new int[expected];
        FirstBytes = new byte[expected];
        AllocatedBefore = new long[expected];
        Buffers = new byte[expected][];
    }

    public int Count { get; private set; }

    public int[] Lengths { get; }

    public byte[] FirstBytes { get; }

    public byte[][] Buffers { get; }

    public long[] AllocatedBefore { get; }

    public int Acquired { get; private set; }

    public int Released { get; private set; }

    public string? ThreadName { get; private set; }

    public Action<RecordingSink>? OnEachPacket { get; set; }

    public Task AllReceived => _allReceived.Task;

    public Task<Exception?> Stopped => _stopped.Task;

    public byte[] AcquireBuffer()
    {
        Acquired++;
        var buffer = _buffers[_next];
        _next = (_next + 1) % _buffers.Length;
        return buffer;
    }

    public void OnPacket(byte[] buffer, int length)
    {
        AllocatedBefore[Count] = GC.GetAllocatedBytesForCurrentThread();
        ThreadName ??= Thread.CurrentThread.Name;
        Lengths[Count] = length;
        FirstBytes[Count] = buffer[TunReaderTests.Headroom];
        Buffers[Count] = buffer;
        Count++;
        OnEachPacket?.Invoke(this);
        if (Count == _expected)
        {
            _allReceived.TrySetResult();
        }
    }

    public void ReleaseBuffer(byte[] buffer) => Released++;

    public void OnStopped(Exception? error) => _stopped.TrySetResult(error);
}
