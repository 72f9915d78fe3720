namespace Sstp.IO.Driving;

/// <summary>
/// A byte budget shared by many session drivers: the total of data bytes waiting in their writer queues. A data
/// packet that would take the total past <see cref="Capacity"/> is dropped and counted like any queue drop, so the
/// sessions together can never hold more than the budget, however many of them stop reading.
/// </summary>
/// <remarks>Thread-safe and lock-free; one interlocked add per queued and per written packet.</remarks>
public sealed class BufferBudget
{
    private long _capacity;
    private long _used;
    private long _refused;

    /// <summary>Creates a budget of <paramref name="capacity"/> bytes.</summary>
    public BufferBudget(long capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
    }

    /// <summary>The most bytes that may be queued at once; may be changed at any time (applies to later packets).</summary>
    public long Capacity
    {
        get => Volatile.Read(ref _capacity);
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            Volatile.Write(ref _capacity, value);
        }
    }

    /// <summary>Bytes queued now.</summary>
    public long Used => Volatile.Read(ref _used);

    /// <summary>Packets refused because the budget was spent.</summary>
    public long Refused => Volatile.Read(ref _refused);

    /// <summary>Takes <paramref name="bytes"/> from the budget; false (and nothing taken) when that would pass the capacity.</summary>
    public bool TryTake(int bytes)
    {
        if (Interlocked.Add(ref _used, bytes) > Volatile.Read(ref _capacity))
        {
            Interlocked.Add(ref _used, -bytes);
            Interlocked.Increment(ref _refused);
            return false;
        }

        return true;
    }

    /// <summary>Gives back bytes taken with <see cref="TryTake"/> (the packet was written or dropped).</summary>
    public void Return(int bytes) => Interlocked.Add(ref _used, -bytes);
}
