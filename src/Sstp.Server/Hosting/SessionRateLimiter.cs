using Sstp.Protocol.Policing;

namespace Sstp.Server.Hosting;

/// <summary>
/// Polices one session's data in both directions with a <see cref="TokenBucket"/> each: packets over the rate are
/// dropped and counted, never queued (a queue in front of a tunnel only adds delay; TCP reacts to the drops).
/// </summary>
/// <remarks>
/// Threads. Client → server packets are policed on the session's loop (<see cref="AllowUp(int, long)"/>), server → client
/// packets on the shared TUN reader thread (<see cref="AllowDown(int, long)"/>): each bucket has exactly one owner and needs
/// no lock. The limit in force is an immutable object that <see cref="Set"/> publishes with a volatile write (from
/// the session's loop, e.g. after a CoA); each direction notices the new object on its next packet and starts a
/// fresh, full bucket for it. A direction without a limit costs one volatile read and two compares per packet.
/// </remarks>
public sealed class SessionRateLimiter
{
    private Published _published = new(default);
    private readonly Lane _down = new(down: true);
    private readonly Lane _up = new(down: false);

    /// <summary>The limit in force.</summary>
    public RateLimit Current => Volatile.Read(ref _published).Limit;

    /// <summary>Packets toward the client dropped for being over the rate.</summary>
    public long DroppedDown => Interlocked.Read(ref _down.Dropped);

    /// <summary>Packets from the client dropped for being over the rate.</summary>
    public long DroppedUp => Interlocked.Read(ref _up.Dropped);

    /// <summary>Puts <paramref name="limit"/> in force (any thread); unspecified or 0 directions are unlimited.</summary>
    public void Set(RateLimit limit) => Volatile.Write(ref _published, new Published(limit));

    /// <summary>TUN reader thread only: true when a packet of <paramref name="bytes"/> toward the client may pass at <paramref name="now"/> (ticks).</summary>
    public bool AllowDown(int bytes, long now) => _down.Allow(Volatile.Read(ref _published), bytes, now);

    /// <summary>Session loop only: true when a packet of <paramref name="bytes"/> from the client may pass at <paramref name="now"/> (ticks).</summary>
    public bool AllowUp(int bytes, long now) => _up.Allow(Volatile.Read(ref _published), bytes, now);

    /// <summary>
    /// <see cref="AllowDown(int, long)"/> for the data path: the clock is read only when this direction is limited,
    /// so an unlimited session pays no time read per packet.
    /// </summary>
    public bool AllowDown(int bytes, Func<long> clock)
    {
        var published = Volatile.Read(ref _published);
        return _down.IsUnlimited(published) || _down.Allow(published, bytes, clock());
    }

    /// <summary><see cref="AllowUp(int, long)"/> for the data path, reading <paramref name="clock"/> only when limited.</summary>
    public bool AllowUp(int bytes, Func<long> clock)
    {
        var published = Volatile.Read(ref _published);
        return _up.IsUnlimited(published) || _up.Allow(published, bytes, clock());
    }

    /// <summary>An immutable snapshot of the limit; a new object per change, so a reference compare detects it.</summary>
    private sealed class Published(RateLimit limit)
    {
        public RateLimit Limit { get; } = limit;
    }

    /// <summary>One direction: its bucket, owned by one thread.</summary>
    private sealed class Lane(bool down)
    {
        public long Dropped;
        private Published? _for;
        private TokenBucket? _bucket;

        /// <summary>True when <paramref name="published"/> is already in force here and leaves this direction unlimited.</summary>
        public bool IsUnlimited(Published published) => _bucket is null && ReferenceEquals(published, _for);

        public bool Allow(Published published, int bytes, long now)
        {
            if (!ReferenceEquals(published, _for))
            {
                _for = published;
                long rate = (down ? published.Limit.DownBitsPerSecond : published.Limit.UpBitsPerSecond) ?? 0;
                _bucket = rate > 0 ? new TokenBucket(rate, TokenBucket.DefaultBurstBytes(rate), now) : null;
            }

            if (_bucket is null || _bucket.TryConsume(bytes, now))
            {
                return true;
            }

            Interlocked.Increment(ref Dropped);
            return false;
        }
    }
}
