using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Sstp.IO.Radius;

namespace Sstp.Server.Aaa;

/// <summary>
/// RADIUS accounting for sessions: Start, Interim-Update and Stop records [RFC 2866, RFC 2869 §5.1–§5.3;
/// AUTH.md §7.6].
/// </summary>
/// <remarks>
/// Theory of operation. <see cref="Start"/>, <see cref="Interim"/> and <see cref="Stop"/> never block: they put
/// a record (with its event time) into a bounded queue. One background task takes records in order and sends
/// each through <see cref="RadiusClient.AccountAsync"/>, which retransmits (with Acct-Delay-Time updated) and
/// fails over between servers. A record is never lost silently: when the queue is full, when no server
/// acknowledged it, or when it cannot be encoded, it is dropped, logged with its session and user, and counted
/// in <see cref="Dropped"/>. Disposing stops taking new records and gives the queue a short grace period to
/// drain (Stop records at shutdown); what is left then is dropped the same way.
/// </remarks>
public sealed class RadiusAccounting : IAsyncDisposable
{
    /// <summary>How long <see cref="DisposeAsync"/> waits for the queue to drain.</summary>
    private static readonly TimeSpan DrainGrace = TimeSpan.FromSeconds(5);

    private readonly RadiusClient _client;
    private readonly ILogger _log;
    private readonly TimeProvider _time;
    private readonly long _start;
    private readonly Channel<AccountingRecord> _queue;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _worker;
    private long _sent;
    private long _dropped;
    private int _queued;
    private int _disposed;

    /// <summary>Starts the background sender.</summary>
    /// <param name="client">The shared RADIUS client.</param>
    /// <param name="logger">Where drops are reported.</param>
    /// <param name="time">The clock (Event-Timestamp, Acct-Delay-Time, retransmissions); the system clock when null.</param>
    /// <param name="queueCapacity">Records that may wait; more are dropped and counted.</param>
    public RadiusAccounting(RadiusClient client, ILogger logger, TimeProvider? time = null, int queueCapacity = 10_000)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentOutOfRangeException.ThrowIfLessThan(queueCapacity, 1);
        _client = client;
        _log = logger;
        _time = time ?? TimeProvider.System;
        _start = _time.GetTimestamp();
        _queue = Channel.CreateBounded<AccountingRecord>(new BoundedChannelOptions(queueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _worker = Task.Run(DrainAsync);
    }

    /// <summary>Records acknowledged by a server.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Records given up (queue full, unacknowledged, unencodable, left at shutdown); each was logged.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Records waiting or being sent.</summary>
    public int Queued => Volatile.Read(ref _queued);

    /// <summary>Queues Accounting-Request Start (after IPCP is up).</summary>
    public void Start(AccountingSession session) =>
        Enqueue(session, AccountingRecord.Start, null, null);

    /// <summary>Queues Accounting-Request Interim-Update with the counters so far.</summary>
    public void Interim(AccountingSession session, AccountingCounters counters) =>
        Enqueue(session, AccountingRecord.InterimUpdate, counters, null);

    /// <summary>Queues Accounting-Request Stop.</summary>
    /// <param name="session">The session.</param>
    /// <param name="counters">Final counters.</param>
    /// <param name="terminateCause">Acct-Terminate-Cause, RFC 2866 §5.10 values (1 User-Request, 2 Lost-Carrier, 4 Idle-Timeout, 5 Session-Timeout, 6 Admin-Reset, 7 Admin-Reboot, …).</param>
    public void Stop(AccountingSession session, AccountingCounters counters, int terminateCause)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(terminateCause);
        Enqueue(session, AccountingRecord.Stop, counters, (uint)terminateCause);
    }

    /// <summary>Stops accepting records, lets the queue drain for a few seconds, then drops (and logs) the rest.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _queue.Writer.TryComplete();
        try
        {
            await _worker.WaitAsync(DrainGrace, _time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            await _stop.CancelAsync().ConfigureAwait(false);
            await _worker.ConfigureAwait(false);
        }

        _stop.Dispose();
    }

    private TimeSpan Now => _time.GetElapsedTime(_start);

    private void Enqueue(AccountingSession session, uint statusType, AccountingCounters? counters, uint? terminateCause)
    {
        ArgumentNullException.ThrowIfNull(session);
        var record = new AccountingRecord(session, statusType, counters, terminateCause, _time.GetUtcNow(), Now);
        Interlocked.Increment(ref _queued);
        if (!_queue.Writer.TryWrite(record))
        {
            Interlocked.Decrement(ref _queued);
            Drop(record, Volatile.Read(ref _disposed) != 0 ? "accounting is shut down" : "the queue is full");
        }
    }

    private async Task DrainAsync()
    {
        var token = _stop.Token;
        try
        {
            await foreach (var record in _queue.Reader.ReadAllAsync(token).ConfigureAwait(false))
            {
                try
                {
                    await SendAsync(record, token).ConfigureAwait(false);
                }
                finally
                {
                    Interlocked.Decrement(ref _queued);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Shutdown after the grace period; the records still queued are dropped below.
        }

        while (_queue.Reader.TryRead(out var left))
        {
            Interlocked.Decrement(ref _queued);
            Drop(left, "shutdown before it was sent");
        }
    }

    private async Task SendAsync(AccountingRecord record, CancellationToken token)
    {
        bool unencodable = false;
        RadiusExchange? exchange;
        try
        {
            exchange = await _client.AccountAsync(
                (secret, identifier) =>
                {
                    var packet = AccountingPacket.TryBuild(record, Now - record.Queued, secret, identifier);
                    unencodable = packet is null;
                    return packet;
                },
                token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Drop(record, "shutdown while it was being sent");
            throw;
        }

        if (exchange is not null)
        {
            Interlocked.Increment(ref _sent);
            return;
        }

        Drop(record, unencodable ? "it cannot be encoded" : "no RADIUS server acknowledged it");
    }

    private void Drop(AccountingRecord record, string why)
    {
        Interlocked.Increment(ref _dropped);
        AccountingLog.Dropped(_log, record.Kind, record.Session.SessionId, record.Session.UserName, why, Dropped);
    }
}
