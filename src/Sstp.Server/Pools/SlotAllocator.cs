namespace Sstp.Server.Pools;

/// <summary>
/// The allocator behind both address pools: slots <c>0 … capacity−1</c>, some reserved for named users.
/// <para>
/// Theory of operation. Dynamic slots are handed out in two phases. First a cursor walks the slots that
/// were never used, skipping reserved ones. Once the cursor reaches the end, released slots are reused
/// from a FIFO queue, oldest release first. So a just-released address is never handed out again while
/// another one is free, and a reconnecting client's late packets do not reach the next client. A reserved
/// slot goes only to its user and never enters the queue. Every operation is O(1) amortised (the cursor
/// skips each reserved slot once) and memory grows with the slots in use, not with the pool's size, so a
/// /16 of /64s costs nothing up front. One lock guards all state: sessions come and go on many threads and
/// each operation is a few dictionary steps.
/// </para>
/// </summary>
internal sealed class SlotAllocator
{
    private readonly Lock _lock = new();
    private readonly ulong _capacity;
    private readonly HashSet<ulong> _reservedSlots;
    private readonly Dictionary<string, ulong> _reservedByUser;
    private readonly HashSet<ulong> _inUse = [];
    private readonly Queue<ulong> _released = new();
    private ulong _cursor;
    private long _dynamicInUse;

    /// <param name="capacity">Number of slots.</param>
    /// <param name="reservedByUser">User → slot; every slot below <paramref name="capacity"/> and distinct (checked by the caller).</param>
    public SlotAllocator(ulong capacity, IReadOnlyDictionary<string, ulong> reservedByUser)
    {
        _capacity = capacity;
        _reservedByUser = new Dictionary<string, ulong>(reservedByUser, StringComparer.OrdinalIgnoreCase);
        _reservedSlots = [.. _reservedByUser.Values];
    }

    /// <summary>Slots handed out now (reserved and dynamic).</summary>
    public int InUse
    {
        get
        {
            lock (_lock)
            {
                return _inUse.Count;
            }
        }
    }

    /// <summary>Dynamic slots still free.</summary>
    public ulong AvailableDynamic
    {
        get
        {
            lock (_lock)
            {
                return _capacity - (ulong)_reservedSlots.Count - (ulong)_dynamicInUse;
            }
        }
    }

    /// <summary>
    /// Gives <paramref name="user"/> its reserved slot if it has one (false when that slot is already in
    /// use), otherwise a dynamic slot (false when none is free).
    /// </summary>
    public bool TryAllocate(string user, out ulong slot)
    {
        lock (_lock)
        {
            if (_reservedByUser.TryGetValue(user, out slot))
            {
                return _inUse.Add(slot);
            }

            // Slots taken by name (TryTake) may lie ahead of the cursor or sit in the queue: skip them.
            while (_cursor < _capacity)
            {
                slot = _cursor++;
                if (!_reservedSlots.Contains(slot) && !_inUse.Contains(slot))
                {
                    Take(slot);
                    return true;
                }
            }

            while (_released.TryDequeue(out slot))
            {
                if (!_inUse.Contains(slot))
                {
                    Take(slot);
                    return true;
                }
            }

            slot = 0;
            return false;
        }
    }

    /// <summary>
    /// Takes one given slot (an address chosen elsewhere, e.g. by RADIUS). Fails when the slot is in use, or is
    /// reserved for a named user (it stays theirs).
    /// </summary>
    public bool TryTake(ulong slot, out string? problem)
    {
        lock (_lock)
        {
            if (slot >= _capacity)
            {
                problem = "outside the pool";
                return false;
            }

            if (_inUse.Contains(slot))
            {
                problem = "in use by another session";
                return false;
            }

            if (_reservedSlots.Contains(slot))
            {
                problem = "reserved for another user";
                return false;
            }

            Take(slot);
            problem = null;
            return true;
        }
    }

    /// <summary>
    /// Takes <paramref name="slot"/> for a session of <paramref name="user"/> that already holds it (a lease carried
    /// over from the pool this one replaces): the user's own reserved slot, or a free unreserved one. False when it
    /// is in use or reserved for another user.
    /// </summary>
    public bool TryAdopt(string user, ulong slot)
    {
        lock (_lock)
        {
            if (_reservedByUser.TryGetValue(user, out ulong own) && own == slot)
            {
                return _inUse.Add(slot);
            }

            return TryTake(slot, out _);
        }
    }

    /// <summary>Returns a slot. False (and no change) when it was not handed out.</summary>
    public bool Release(ulong slot)
    {
        lock (_lock)
        {
            if (!_inUse.Remove(slot))
            {
                return false;
            }

            if (!_reservedSlots.Contains(slot))
            {
                _dynamicInUse--;
                _released.Enqueue(slot);
            }

            return true;
        }
    }

    /// <summary>True when the slot is handed out now.</summary>
    public bool IsInUse(ulong slot)
    {
        lock (_lock)
        {
            return _inUse.Contains(slot);
        }
    }

    private void Take(ulong slot)
    {
        _inUse.Add(slot);
        _dynamicInUse++;
    }
}
