using System.Buffers;
using System.Threading.Channels;
using Sstp.Protocol.Session;

namespace Sstp.IO.Driving;

/// <summary>
/// The one loop that owns a session (ARCHITECTURE.md §2.3, C7): it reads TLS, feeds the session, runs its
/// timers and the host's posted work, and hands outbound bytes to a writer task that owns TLS writes.
/// </summary>
/// <remarks>
/// Threads. The loop (<see cref="RunAsync"/>) is the only caller of the session. Other threads reach the session
/// only through <see cref="Post"/> (work run on the loop) and <see cref="TrySendData"/> (an encapsulated data
/// packet straight to the writer, using the session's published <see cref="SstpSession.CurrentDataPath"/>).
/// The writer merges queued data packets into large TLS writes when <see cref="MergeWrites"/> is on. Data packets beyond
/// <see cref="SessionDriverOptions.MaxQueuedDataPackets"/> or <see cref="SessionDriverOptions.MaxQueuedDataBytes"/> are
/// dropped and counted, never queued without bound, and a data packet that waited longer than
/// <see cref="SessionDriverOptions.MaxQueueDelay"/> is dropped when the writer reaches it (bounded delay under load).
/// Errors: exceptions from the stream end the session as <see cref="DisconnectReason.TransportLost"/>;
/// cancellation of the token passed to <see cref="RunAsync"/> closes the session gracefully first.
/// </remarks>
public sealed class SessionDriver
{
    private readonly Stream _stream;
    private readonly ISessionHost _host;
    private readonly TimeProvider _time;
    private readonly SessionDriverOptions _options;
    private readonly long _start;
    private readonly Channel<Action<SstpSession>> _inbox = Channel.CreateBounded<Action<SstpSession>>(
        new BoundedChannelOptions(256) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly Channel<Outbound> _outbound = Channel.CreateUnbounded<Outbound>(
        new UnboundedChannelOptions { SingleReader = true });
    private int _queuedData;
    private long _queuedDataBytes;
    private long _queuedControlBytes;
    private volatile bool _writerFailed;
    private volatile bool _mergeWrites;

    /// <summary>Creates a driver for a session over an authenticated TLS stream (or any duplex stream in tests).</summary>
    public SessionDriver(SstpSession session, Stream stream, ISessionHost host, TimeProvider time, SessionDriverOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(time);
        Session = session;
        _stream = stream;
        _host = host;
        _time = time;
        _options = options ?? new SessionDriverOptions();
        _mergeWrites = _options.MergeWrites;
        _start = time.GetTimestamp();
    }

    /// <summary>The session this driver owns. Call into it only from <see cref="ISessionHost"/> callbacks or <see cref="Post"/>.</summary>
    public SstpSession Session { get; }

    /// <summary>Traffic counters (thread-safe).</summary>
    public SessionTraffic Traffic { get; } = new();

    /// <summary>
    /// Whether data packets that wait together for the writer go out in one TLS write (up to
    /// <see cref="SessionDriverOptions.WriteMergeSize"/> bytes). Control packets are always written alone.
    /// Starts as <see cref="SessionDriverOptions.MergeWrites"/>; the host may change it at any time from any thread
    /// (the server decides per peer once it has seen the HTTP request).
    /// </summary>
    public bool MergeWrites
    {
        get => _mergeWrites;
        set => _mergeWrites = value;
    }

    /// <summary>
    /// Optional: called on the loop after every round of session output while set, so the host can time setup
    /// milestones that raise no event (HTTP request parsed, SSTP negotiated) with its own clock. The host clears it
    /// once the tunnel is up; unset, it costs one null check per round.
    /// </summary>
    public Action<SessionDriver>? SetupObserver { get; set; }

    /// <summary>Free for the host: its per-session state.</summary>
    public object? HostState { get; set; }

    /// <summary>The session clock: monotonic time since the driver was created.</summary>
    public TimeSpan Now => _time.GetElapsedTime(_start);

    /// <summary>
    /// Runs <paramref name="work"/> on the driver loop (host answers from other threads, kicks). False once the loop
    /// ended, or when 256 posts are already waiting (the inbox is bounded; the caller decides what a refusal means).
    /// </summary>
    public bool Post(Action<SstpSession> work) => _inbox.Writer.TryWrite(work);

    /// <summary>
    /// Queues one outbound IP packet that sits at <c>buffer[DataPath.Headroom ..]</c> with
    /// <see cref="DataPath.Headroom"/> free bytes in front; the headers are written in place. On true the buffer
    /// belongs to the driver (returned to <see cref="ArrayPool{T}.Shared"/> after the write); on false (queue full,
    /// family closed, packet too big) the caller keeps it. Safe from any thread.
    /// </summary>
    public bool TrySendData(byte[] buffer, int ipLength)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        if (Volatile.Read(ref _queuedData) >= _options.MaxQueuedDataPackets
            || Volatile.Read(ref _queuedDataBytes) + ipLength > _options.MaxQueuedDataBytes || _writerFailed)
        {
            Traffic.CountDroppedOut();
            return false;
        }

        int length = DataPath.Encapsulate(buffer, ipLength, Session.CurrentDataPath);
        if (length == 0)
        {
            Traffic.CountDroppedOut();
            return false;
        }

        if (_options.SharedBudget is { } budget && !budget.TryTake(length))
        {
            Traffic.CountDroppedOut();
            return false;
        }

        Interlocked.Increment(ref _queuedData);
        Interlocked.Add(ref _queuedDataBytes, length);
        if (!_outbound.Writer.TryWrite(new Outbound(buffer, length, IsData: true, _time.GetTimestamp())))
        {
            Interlocked.Decrement(ref _queuedData);
            Interlocked.Add(ref _queuedDataBytes, -length);
            _options.SharedBudget?.Return(length);
            Traffic.CountDroppedOut();
            return false;
        }

        Traffic.CountOut(ipLength);
        return true;
    }

    /// <summary>
    /// Runs the session until it closes, then flushes what it still has to say and returns its reason.
    /// Cancelling <paramref name="cancellationToken"/> closes the session gracefully (LCP Terminate, Call Disconnect).
    /// </summary>
    public async Task<DisconnectReason> RunAsync(CancellationToken cancellationToken)
    {
        var writer = WriteLoopAsync();

        // The receive buffer is rented while data flows and given back when a read leaves nothing over and was
        // small (no backlog): an idle session then waits in a zero-byte read and holds no buffer at all.
        byte[]? buffer = null;
        int filled = 0;
        using var stop = cancellationToken.Register(() => Post(s => s.Close(Now)));
        using var readCancel = new CancellationTokenSource();
        Task<(int Read, byte[]? Buffer)>? read = null;
        Task<bool>? inboxReady = null;
        Task? timer = null;
        TimeSpan? timerDue = null;
        using var timerCancel = new CancellationTokenSource();
        try
        {
            Pump();
            while (!Session.IsClosed)
            {
                read ??= ReadAsync(buffer, filled, readCancel.Token);
                inboxReady ??= _inbox.Reader.WaitToReadAsync(CancellationToken.None).AsTask();
                var due = Session.NextDeadline;
                if (due is { } d && (timerDue is null || d < timerDue))
                {
                    var delay = d - Now;
                    timer = Task.Delay(delay > TimeSpan.Zero ? delay : TimeSpan.Zero, _time, timerCancel.Token);
                    timerDue = d;
                }

                await Task.WhenAny(timer is null ? [read, inboxReady] : [read, inboxReady, timer]).ConfigureAwait(false);

                if (read.IsCompleted)
                {
                    (int n, buffer) = await read.ConfigureAwait(false);
                    read = null;
                    if (n <= 0)
                    {
                        Session.LowerLayerDown(Now);
                    }
                    else
                    {
                        filled = Consume(buffer!, filled + n);
                        if (filled == 0 && n < buffer!.Length / 2)
                        {
                            ArrayPool<byte>.Shared.Return(buffer);
                            buffer = null;
                        }
                    }
                }

                if (inboxReady.IsCompleted)
                {
                    inboxReady = null;
                    while (_inbox.Reader.TryRead(out var work))
                    {
                        work(Session);
                    }
                }

                if (timer is { IsCompleted: true })
                {
                    timer = null;
                    timerDue = null;
                }

                if (Session.NextDeadline is { } next && next <= Now)
                {
                    Session.HandleTimeout(Now);
                }

                if (_writerFailed && !Session.IsClosed)
                {
                    Session.LowerLayerDown(Now);
                }

                Pump();
            }
        }
        finally
        {
            try
            {
                Pump();
            }
            finally
            {
                _inbox.Writer.TryComplete();
                _outbound.Writer.TryComplete();
            }

            await readCancel.CancelAsync().ConfigureAwait(false);
            await timerCancel.CancelAsync().ConfigureAwait(false);
            await FinishWriterAsync(writer).ConfigureAwait(false);
            if (read is null && buffer is not null)
            {
                // A read still pending owns the buffer until the caller disposes the stream; that one is left to the GC.
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        return Session.Reason;
    }

    /// <summary>
    /// Reads into <paramref name="buffer"/> after its first <paramref name="filled"/> bytes. Without a buffer it
    /// first waits for data with a zero-byte read (SslStream then keeps no decryption buffer either) and rents one
    /// only when data is there. Returns the bytes read (0 = the transport is gone) and the buffer they are in.
    /// </summary>
    private async Task<(int Read, byte[]? Buffer)> ReadAsync(byte[]? buffer, int filled, CancellationToken cancellationToken)
    {
        try
        {
            if (buffer is null)
            {
                await _stream.ReadAsync(Memory<byte>.Empty, cancellationToken).ConfigureAwait(false);
                buffer = ArrayPool<byte>.Shared.Rent(_options.ReceiveBufferSize);
            }

            return (await _stream.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false), buffer);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException
            or System.Security.Authentication.AuthenticationException or InvalidOperationException)
        {
            // Transport failures end the session as TransportLost (the caller sees 0).
            return (0, buffer);
        }
    }

    /// <summary>Feeds every complete unit in <c>buffer[..filled]</c> to the session; returns the bytes left over.</summary>
    private int Consume(byte[] buffer, int filled)
    {
        int offset = 0;
        while (offset < filled && !Session.IsClosed)
        {
            var input = buffer.AsSpan(offset, filled - offset);
            var result = Session.Receive(input, Now);
            if (result.Status == ReceiveStatus.Packet)
            {
                Traffic.CountIn(result.PacketLength);
                _host.OnPacket(this, input.Slice(result.PacketOffset, result.PacketLength), result.Protocol);
            }

            offset += result.Consumed;
            if (result.Status is ReceiveStatus.NeedMoreData or ReceiveStatus.Closed)
            {
                break;
            }

            if (result.Status == ReceiveStatus.Handled)
            {
                Pump();
            }
        }

        _host.OnBatchEnd(this);
        int left = filled - offset;
        if (left > 0 && offset > 0)
        {
            buffer.AsSpan(offset, left).CopyTo(buffer);
        }

        if (left == buffer.Length && !Session.IsClosed)
        {
            // Cannot happen with a correct session (an SSTP packet is at most 4095 bytes); refuse to spin.
            Session.LowerLayerDown(Now);
        }

        return left;
    }

    /// <summary>Moves the session's outbound control traffic to the writer and its events to the host.</summary>
    private void Pump()
    {
        bool again = true;
        while (again)
        {
            again = false;
            var scratch = ArrayPool<byte>.Shared.Rent(4096);
            try
            {
                while (Session.TryPollTransmit(scratch, out int written))
                {
                    var copy = ArrayPool<byte>.Shared.Rent(written);
                    scratch.AsSpan(0, written).CopyTo(copy);
                    if (!_outbound.Writer.TryWrite(new Outbound(copy, written, IsData: false, 0)))
                    {
                        ArrayPool<byte>.Shared.Return(copy);
                    }
                    else if (Interlocked.Add(ref _queuedControlBytes, written) > _options.MaxQueuedControlBytes && !Session.IsClosed)
                    {
                        // The peer keeps asking (echoes, rejects) but does not read our answers: drop it rather
                        // than hold its replies in memory without bound.
                        Session.LowerLayerDown(Now);
                    }
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(scratch);
            }

            while (Session.TryPollEvent(out var e))
            {
                again = true;
                _host.OnEvent(this, e!);
            }
        }

        SetupObserver?.Invoke(this);
    }

    private async Task WriteLoopAsync()
    {
        // The merge buffer is rented per batch, so a session that is not sending holds none.
        int mergeSize = _options.WriteMergeSize;
        var reader = _outbound.Reader;
        try
        {
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                while (reader.TryRead(out var item))
                {
                    if (IsStale(item))
                    {
                        Release(item);
                        Traffic.CountDroppedOut();
                        continue;
                    }

                    int used = 0;
                    byte[]? merge = null;
                    try
                    {
                        if (item.IsData && _mergeWrites && item.Length <= mergeSize
                            && reader.TryPeek(out var next) && next.IsData && item.Length + next.Length <= mergeSize)
                        {
                            // Several data packets are waiting: one TLS record and one send for all that fit.
                            merge = ArrayPool<byte>.Shared.Rent(mergeSize);
                            item.Buffer.AsSpan(0, item.Length).CopyTo(merge);
                            used = item.Length;
                        }
                        else
                        {
                            // Control packets always go alone (one SSTP packet per record while the tunnel is set up).
                            await _stream.WriteAsync(item.Buffer.AsMemory(0, item.Length)).ConfigureAwait(false);
                        }
                    }
                    finally
                    {
                        Release(item);
                    }

                    if (merge is not null)
                    {
                        try
                        {
                            used = await WriteMergedAsync(reader, merge, used, mergeSize).ConfigureAwait(false);
                        }
                        finally
                        {
                            ArrayPool<byte>.Shared.Return(merge);
                        }
                    }
                }

                await _stream.FlushAsync().ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or NotSupportedException
            or System.Security.Authentication.AuthenticationException or InvalidOperationException)
        {
            _writerFailed = true;
            Post(static _ => { });
            while (reader.TryRead(out var item))
            {
                Release(item);
            }
        }
    }

    /// <summary>Appends the data packets waiting behind the first (already in <paramref name="merge"/>) and writes them as one.</summary>
    private async Task<int> WriteMergedAsync(ChannelReader<Outbound> reader, byte[] merge, int used, int mergeSize)
    {
        while (reader.TryPeek(out var next) && next.IsData && used + next.Length <= mergeSize && reader.TryRead(out var more))
        {
            if (IsStale(more))
            {
                Traffic.CountDroppedOut();
            }
            else
            {
                more.Buffer.AsSpan(0, more.Length).CopyTo(merge.AsSpan(used));
                used += more.Length;
            }

            Release(more);
        }

        await _stream.WriteAsync(merge.AsMemory(0, used)).ConfigureAwait(false);
        return used;
    }

    private async Task FinishWriterAsync(Task writer)
    {
        using var timeout = new CancellationTokenSource(_options.FinalFlushTimeout, _time);
        try
        {
            await writer.WaitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The peer stopped reading; the caller disposes the stream, which ends the writer.
        }
    }

    /// <summary>A data packet that waited longer than <see cref="SessionDriverOptions.MaxQueueDelay"/> (dropped from the head).</summary>
    private bool IsStale(Outbound item) =>
        item.IsData && _options.MaxQueueDelay > TimeSpan.Zero && _time.GetElapsedTime(item.Enqueued) > _options.MaxQueueDelay;

    private void Release(Outbound item)
    {
        if (item.IsData)
        {
            Interlocked.Decrement(ref _queuedData);
            Interlocked.Add(ref _queuedDataBytes, -item.Length);
            _options.SharedBudget?.Return(item.Length);
        }
        else
        {
            Interlocked.Add(ref _queuedControlBytes, -item.Length);
        }

        ArrayPool<byte>.Shared.Return(item.Buffer);
    }

    private readonly record struct Outbound(byte[] Buffer, int Length, bool IsData, long Enqueued);
}
