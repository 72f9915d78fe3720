namespace Sstp.Server.Protection;

/// <summary>
/// Per-source admission at accept time, before any TLS work: bans after repeated failed logins, a connection rate
/// per source and a cap on a source's unauthenticated connections. Sources are <see cref="SourceKey"/>s (an IPv4
/// address or an IPv6 /64).
/// </summary>
/// <remarks>
/// Time comes in as <c>now</c> (monotonic <see cref="TimeSpan"/> ticks); the guard reads no clock. Thread-safe (one
/// lock; every call is a dictionary lookup and a few integer operations). Memory is bounded: at most
/// <see cref="SourceGuardSettings.MaxEntries"/> sources are tracked, and <see cref="Sweep"/> forgets every source
/// that holds no state worth keeping (no open pre-auth connection, no ban, no recent failure, a full rate bucket).
/// When the table is full even after a sweep, a new source is admitted untracked: the global limits
/// (<c>limits.max-handshakes</c>, <c>limits.max-sessions</c>) still hold, and nothing grows.
/// The rate is a GCRA (a token bucket kept as one timestamp): each connection costs <c>Period / Count</c>, and a
/// source may be at most <c>Period</c> ahead of now, so after a quiet period it can open <c>Count</c> at once.
/// </remarks>
public sealed class SourceGuard
{
    /// <summary>User names remembered per source for the ban log line.</summary>
    private const int MaxUsersRemembered = 5;

    private readonly Dictionary<SourceKey, Entry> _entries = [];
    private readonly Lock _lock = new();
    private SourceGuardSettings _settings;
    private long _lastFullSweep = long.MinValue;

    /// <summary>Creates a guard.</summary>
    public SourceGuard(SourceGuardSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
    }

    /// <summary>The limits applied; may be replaced at any time (a configuration reload), and apply from the next call.</summary>
    public SourceGuardSettings Settings
    {
        get => Volatile.Read(ref _settings);
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            Volatile.Write(ref _settings, value);
        }
    }

    /// <summary>Sources tracked now.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Connections admitted without tracking because the table was full.</summary>
    public long Untracked { get; private set; }

    /// <summary>Decides about a new connection from <paramref name="source"/>; an admitted one takes a pre-auth slot.</summary>
    public Admission TryAdmit(SourceKey source, long now)
    {
        var settings = Settings;
        lock (_lock)
        {
            var entry = Find(source, now, settings);
            if (entry is null)
            {
                Untracked++;
                return new Admission(SourceVerdict.Admitted, source, Tracked: false);
            }

            if (entry.BannedUntil > now)
            {
                return new Admission(SourceVerdict.Banned, source, false);
            }

            long next = entry.RateTime;
            if (settings.ConnectionRate.IsOn)
            {
                long interval = Math.Max(1, settings.ConnectionRate.Period.Ticks / settings.ConnectionRate.Count);
                next = Math.Max(entry.RateTime, now) + interval;
                if (next - now > settings.ConnectionRate.Period.Ticks)
                {
                    return new Admission(SourceVerdict.RateLimited, source, false);
                }
            }

            if (settings.MaxPreAuthPerSource > 0 && entry.PreAuth >= settings.MaxPreAuthPerSource)
            {
                // Refused connections take nothing from the rate allowance.
                return new Admission(SourceVerdict.TooManyPreAuth, source, false);
            }

            entry.RateTime = next;
            entry.PreAuth++;
            return new Admission(SourceVerdict.Admitted, source, Tracked: true);
        }
    }

    /// <summary>Gives back the pre-auth slot of a tracked admission (authenticated, or closed before).</summary>
    public void EndPreAuth(Admission admission)
    {
        if (!admission.Tracked)
        {
            return;
        }

        lock (_lock)
        {
            if (_entries.TryGetValue(admission.Key, out var entry) && entry.PreAuth > 0)
            {
                entry.PreAuth--;
            }
        }
    }

    /// <summary>
    /// Counts a failed login (wrong credentials only) from <paramref name="source"/> as user <paramref name="user"/>;
    /// returns the ban it started, or null.
    /// </summary>
    public BanStart? RecordAuthFailure(SourceKey source, string user, long now)
    {
        var settings = Settings;
        if (!settings.AuthFailures.IsOn || settings.BanTime <= TimeSpan.Zero)
        {
            return null;
        }

        lock (_lock)
        {
            var entry = Find(source, now, settings);
            if (entry is null || entry.BannedUntil > now)
            {
                return null;
            }

            long window = settings.AuthFailures.Period.Ticks;
            var failures = entry.Failures ??= new Queue<long>();
            while (failures.Count > 0 && now - failures.Peek() >= window)
            {
                failures.Dequeue();
            }

            failures.Enqueue(now);
            var users = entry.Users ??= [];
            if (users.Count < MaxUsersRemembered && !users.Contains(user, StringComparer.OrdinalIgnoreCase))
            {
                users.Add(user);
            }

            if (failures.Count < settings.AuthFailures.Count)
            {
                return null;
            }

            var ban = new BanStart(source, failures.Count, users.ToArray(), settings.BanTime);
            entry.BannedUntil = now + settings.BanTime.Ticks;
            entry.Failures = null;
            entry.Users = null;
            return ban;
        }
    }

    /// <summary>Whether <paramref name="source"/> is banned at <paramref name="now"/>.</summary>
    public bool IsBanned(SourceKey source, long now)
    {
        lock (_lock)
        {
            return _entries.TryGetValue(source, out var entry) && entry.BannedUntil > now;
        }
    }

    /// <summary>
    /// Ends the bans that ran out (returned, for their log line) and forgets the sources that hold nothing worth
    /// keeping. Call it every few seconds.
    /// </summary>
    public IReadOnlyList<SourceKey> Sweep(long now)
    {
        var settings = Settings;
        List<SourceKey>? ended = null;
        lock (_lock)
        {
            SweepLocked(now, settings, endBans: true, ref ended);
        }

        return ended ?? (IReadOnlyList<SourceKey>)[];
    }

    private void SweepLocked(long now, SourceGuardSettings settings, bool endBans, ref List<SourceKey>? ended)
    {
        List<SourceKey>? forget = null;
        foreach (var (key, entry) in _entries)
        {
            if (endBans && entry.BannedUntil != 0 && entry.BannedUntil <= now)
            {
                entry.BannedUntil = 0;
                (ended ??= []).Add(key);
            }

            if (entry.Failures is { } failures)
            {
                while (failures.Count > 0 && now - failures.Peek() >= settings.AuthFailures.Period.Ticks)
                {
                    failures.Dequeue();
                }

                if (failures.Count == 0)
                {
                    entry.Failures = null;
                    entry.Users = null;
                }
            }

            if (entry.PreAuth == 0 && entry.BannedUntil == 0 && entry.Failures is null && entry.RateTime <= now)
            {
                (forget ??= []).Add(key);
            }
        }

        foreach (var key in forget ?? [])
        {
            _entries.Remove(key);
        }
    }

    /// <summary>The entry of a source, created when there is room; null when the table is full.</summary>
    private Entry? Find(SourceKey source, long now, SourceGuardSettings settings)
    {
        if (_entries.TryGetValue(source, out var entry))
        {
            return entry;
        }

        if (_entries.Count >= settings.MaxEntries)
        {
            // Sweep at most once a second while full: a flood of new sources must not make every accept O(n).
            if (now - _lastFullSweep < TimeSpan.TicksPerSecond)
            {
                return null;
            }

            _lastFullSweep = now;
            // Bans are left for the periodic sweep, which reports their end.
            List<SourceKey>? ended = null;
            SweepLocked(now, settings, endBans: false, ref ended);
            if (_entries.Count >= settings.MaxEntries)
            {
                return null;
            }
        }

        entry = new Entry();
        _entries[source] = entry;
        return entry;
    }

    private sealed class Entry
    {
        public long RateTime;
        public int PreAuth;
        public long BannedUntil;
        public Queue<long>? Failures;
        public List<string>? Users;
    }
}
