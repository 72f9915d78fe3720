namespace Sstp.IO.Radius;

/// <summary>
/// The RADIUS Identifiers of one server endpoint (RFC 2865 §5: the Identifier matches an answer to its request,
/// so two requests in flight to the same endpoint must not share one). At most <see cref="MaxInFlight"/>
/// requests hold an Identifier at once; the remaining values are spares, so that an Accounting-Request whose
/// Acct-Delay-Time changed on retransmission always finds a fresh Identifier (AUTH.md §7.6).
/// </summary>
internal sealed class RadiusIdentifierPool : IDisposable
{
    /// <summary>Requests in flight per endpoint; 256 − this many values stay spare for Identifier changes.</summary>
    public const int MaxInFlight = 248;

    private readonly SemaphoreSlim _slots = new(MaxInFlight, MaxInFlight);
    private readonly bool[] _inUse = new bool[256];
    private readonly Lock _lock = new();
    private int _next;

    /// <summary>Waits (bounded) for a request slot; false when none came free in time.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        _slots.WaitAsync(timeout, cancellationToken);

    /// <summary>Gives the slot taken by <see cref="WaitAsync"/> back.</summary>
    public void ReleaseSlot() => _slots.Release();

    /// <summary>Takes a free Identifier; call only while holding a slot (one is then always free).</summary>
    public byte Take() =>
        TryTakeSpare(out byte identifier) ? identifier : throw new InvalidOperationException("No free RADIUS identifier although a slot is held.");

    /// <summary>Takes a free Identifier if there is one, round robin so recent values are reused last.</summary>
    public bool TryTakeSpare(out byte identifier)
    {
        lock (_lock)
        {
            for (int i = 0; i < _inUse.Length; i++)
            {
                int candidate = (_next + i) & 0xFF;
                if (!_inUse[candidate])
                {
                    _inUse[candidate] = true;
                    _next = (candidate + 1) & 0xFF;
                    identifier = (byte)candidate;
                    return true;
                }
            }
        }

        identifier = 0;
        return false;
    }

    /// <summary>Marks an Identifier free again.</summary>
    public void Return(byte identifier)
    {
        lock (_lock)
        {
            _inUse[identifier] = false;
        }
    }

    /// <summary>Identifiers currently taken (tests and diagnostics).</summary>
    public int InUse
    {
        get
        {
            lock (_lock)
            {
                return _inUse.Count(static used => used);
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _slots.Dispose();
}
