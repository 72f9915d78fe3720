using System.Net;

namespace Sstp.IO.Radius;

/// <summary>One configured server: its Identifier pools and its health (thread-safe counters).</summary>
internal sealed class RadiusServerState(RadiusServerEndpoint endpoint) : IDisposable
{
    private long _deadUntilTicks = long.MinValue;
    private long _lastLatencyTicks = -1;
    private long _answers;
    private long _timeouts;
    private long _droppedReplies;

    public RadiusServerEndpoint Endpoint { get; } = endpoint;

    public RadiusIdentifierPool AuthIdentifiers { get; } = new();

    public RadiusIdentifierPool AccountingIdentifiers { get; } = new();

    public IPEndPoint Target(bool accounting) => accounting ? Endpoint.Accounting : Endpoint.Auth;

    public RadiusIdentifierPool Identifiers(bool accounting) => accounting ? AccountingIdentifiers : AuthIdentifiers;

    public bool IsAlive(TimeSpan now) => now.Ticks >= Interlocked.Read(ref _deadUntilTicks);

    /// <summary>Records an answer; returns true when the server was held down until now.</summary>
    public bool MarkAnswered(TimeSpan latency, TimeSpan now)
    {
        Interlocked.Exchange(ref _lastLatencyTicks, latency.Ticks);
        Interlocked.Increment(ref _answers);
        long previous = Interlocked.Exchange(ref _deadUntilTicks, long.MinValue);
        return previous != long.MinValue && previous > now.Ticks;
    }

    public void MarkTimedOut(TimeSpan now, TimeSpan deadTime)
    {
        Interlocked.Increment(ref _timeouts);
        Interlocked.Exchange(ref _deadUntilTicks, (now + deadTime).Ticks);
    }

    public void CountDroppedReply() => Interlocked.Increment(ref _droppedReplies);

    public RadiusServerStatus Snapshot(TimeSpan now)
    {
        long latency = Interlocked.Read(ref _lastLatencyTicks);
        return new RadiusServerStatus(
            Endpoint.Auth,
            Endpoint.Accounting,
            Endpoint.Priority,
            IsAlive(now),
            latency < 0 ? null : TimeSpan.FromTicks(latency),
            Interlocked.Read(ref _answers),
            Interlocked.Read(ref _timeouts),
            Interlocked.Read(ref _droppedReplies));
    }

    public void Dispose()
    {
        AuthIdentifiers.Dispose();
        AccountingIdentifiers.Dispose();
    }
}
