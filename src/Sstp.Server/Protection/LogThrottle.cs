namespace Sstp.Server.Protection;

/// <summary>
/// Keeps refusal logs readable under a flood: per key (a source and a reason) the first
/// <see cref="PerWindow"/> events of a window are logged, the rest only counted, and the count is reported once
/// as a summary when the key's window has ended (at its next event, or by <see cref="Flush"/>).
/// </summary>
/// <remarks>
/// Time comes in as <c>now</c> (monotonic <see cref="TimeSpan"/> ticks). Thread-safe. At most
/// <see cref="MaxKeys"/> keys are kept; events of further keys are counted under <see cref="OverflowKey"/>.
/// </remarks>
/// <typeparam name="TKey">What events are grouped by.</typeparam>
public sealed class LogThrottle<TKey>
    where TKey : notnull
{
    private readonly Dictionary<TKey, Window> _windows = [];
    private readonly Lock _lock = new();

    /// <summary>Creates a throttle.</summary>
    /// <param name="perWindow">Events logged per key and window (at least 1).</param>
    /// <param name="window">The window length.</param>
    /// <param name="maxKeys">Keys tracked at most.</param>
    /// <param name="overflowKey">The key events of untracked keys are counted under.</param>
    public LogThrottle(int perWindow, TimeSpan window, int maxKeys, TKey overflowKey)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(perWindow, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxKeys, 1);
        PerWindow = perWindow;
        WindowLength = window;
        MaxKeys = maxKeys;
        OverflowKey = overflowKey;
    }

    /// <summary>Events logged per key and window.</summary>
    public int PerWindow { get; }

    /// <summary>The window length.</summary>
    public TimeSpan WindowLength { get; }

    /// <summary>Keys tracked at most.</summary>
    public int MaxKeys { get; }

    /// <summary>The key that counts the events of keys beyond <see cref="MaxKeys"/>.</summary>
    public TKey OverflowKey { get; }

    /// <summary>
    /// Counts one event of <paramref name="key"/>. Returns true when it should be logged.
    /// <paramref name="summary"/> is set when a previous window of this key ended with events left unlogged:
    /// the caller logs that summary first.
    /// </summary>
    public bool ShouldLog(TKey key, long now, out Suppressed<TKey>? summary)
    {
        summary = null;
        lock (_lock)
        {
            if (!_windows.TryGetValue(key, out var w))
            {
                if (_windows.Count >= MaxKeys - 1 && !EqualityComparer<TKey>.Default.Equals(key, OverflowKey))
                {
                    key = OverflowKey;
                    if (!_windows.TryGetValue(key, out w))
                    {
                        w = new Window { Start = now };
                        _windows[key] = w;
                    }
                }
                else
                {
                    w = new Window { Start = now };
                    _windows[key] = w;
                }
            }

            if (now - w.Start >= WindowLength.Ticks)
            {
                if (w.Dropped > 0)
                {
                    summary = new Suppressed<TKey>(key, w.Dropped);
                }

                w.Start = now;
                w.Logged = 0;
                w.Dropped = 0;
            }

            if (w.Logged < PerWindow)
            {
                w.Logged++;
                return true;
            }

            w.Dropped++;
            return false;
        }
    }

    /// <summary>
    /// Reports every key whose window ended with events left unlogged, and forgets keys whose window ended.
    /// Call it now and then (e.g. every few seconds).
    /// </summary>
    public IReadOnlyList<Suppressed<TKey>> Flush(long now)
    {
        List<Suppressed<TKey>>? result = null;
        lock (_lock)
        {
            List<TKey>? old = null;
            foreach (var (key, w) in _windows)
            {
                if (now - w.Start < WindowLength.Ticks)
                {
                    continue;
                }

                if (w.Dropped > 0)
                {
                    (result ??= []).Add(new Suppressed<TKey>(key, w.Dropped));
                }

                (old ??= []).Add(key);
            }

            foreach (var key in old ?? [])
            {
                _windows.Remove(key);
            }
        }

        return result ?? (IReadOnlyList<Suppressed<TKey>>)[];
    }

    private sealed class Window
    {
        public long Start;
        public int Logged;
        public long Dropped;
    }
}

/// <summary>Events of <paramref name="Key"/> that were counted but not logged in a window that has ended.</summary>
/// <typeparam name="TKey">What events are grouped by.</typeparam>
/// <param name="Key">The key.</param>
/// <param name="Count">How many.</param>
public sealed record Suppressed<TKey>(TKey Key, long Count);
