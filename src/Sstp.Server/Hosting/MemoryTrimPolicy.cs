namespace Sstp.Server.Hosting;

/// <summary>
/// Decides when the server gives memory back to the system (<see cref="Sstp.IO.Primitives.ProcessMemory.Trim"/>):
/// after the number of open connections has fallen to at most half of its peak since the last trim, by at least
/// <see cref="MinimumDrop"/>, and no sooner than <see cref="MinimumInterval"/> after the last trim. A steady load never
/// triggers it, so a busy server pays nothing; a flood or a burst of logins that has passed does, once. Pure: the
/// caller passes the time and the connection count.
/// </summary>
public sealed class MemoryTrimPolicy
{
    /// <summary>How far the connection count must fall from its peak before a trim is worth a blocking collection.</summary>
    public const int MinimumDrop = 64;

    /// <summary>The least time between two trims.</summary>
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromSeconds(60);

    private TimeSpan _lastTrim;
    private int _peak;

    /// <summary>Starts with no trim yet: the first one may come <see cref="MinimumInterval"/> after <paramref name="start"/>.</summary>
    public MemoryTrimPolicy(TimeSpan start) => _lastTrim = start;

    /// <summary>The highest connection count seen since the last trim.</summary>
    public int Peak => _peak;

    /// <summary>
    /// Records <paramref name="connections"/> open now and says whether to trim now. When it says yes, the peak
    /// starts again from the current count.
    /// </summary>
    public bool Observe(TimeSpan now, int connections)
    {
        connections = Math.Max(0, connections);
        _peak = Math.Max(_peak, connections);
        bool fell = _peak - connections >= MinimumDrop && connections <= _peak / 2;
        if (!fell || now - _lastTrim < MinimumInterval)
        {
            return false;
        }

        _lastTrim = now;
        _peak = connections;
        return true;
    }
}
