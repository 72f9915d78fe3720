using System.Net.Sockets;
using Sstp.Protocol.Radius;

namespace Sstp.IO.Radius;

/// <summary>Driving one request through the servers (see the theory of operation on <see cref="RadiusClient"/>).</summary>
public sealed partial class RadiusClient
{
    private enum ServerOutcome
    {
        Answered,
        TimedOut,
        Busy,
        Unencodable,
    }

    private async Task<RadiusExchange?> SendAsync(bool accounting, Func<byte[], byte, byte[]?> buildRequest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(buildRequest);
        if (_disposed)
        {
            throw new OperationCanceledException("The RADIUS client was disposed.");
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stop.Token);
        var token = linked.Token;
        foreach (var server in ChooseServers(Now))
        {
            var (outcome, exchange) = await TryServerAsync(server, accounting, buildRequest, token).ConfigureAwait(false);
            switch (outcome)
            {
                case ServerOutcome.Answered:
                    return exchange;
                case ServerOutcome.Unencodable:
                    return null;
                default:
                    break;
            }
        }

        RadiusClientLog.NoServerAnswered(_log, accounting ? "accounting" : "authentication", _servers.Length);
        return null;
    }

    private async Task<(ServerOutcome Outcome, RadiusExchange? Exchange)> TryServerAsync(RadiusServerState server, bool accounting, Func<byte[], byte, byte[]?> buildRequest, CancellationToken token)
    {
        var target = server.Target(accounting);
        var pool = server.Identifiers(accounting);
        var slotWait = _options.Timeout * _options.MaxTries;
        if (!await pool.WaitAsync(slotWait, token).ConfigureAwait(false))
        {
            RadiusClientLog.NoFreeIdentifier(_log, target, slotWait.TotalSeconds);
            return (ServerOutcome.Busy, null);
        }

        byte identifier = pool.Take();
        RadiusPendingRequest? pending = null;
        try
        {
            byte[]? request = buildRequest(server.Endpoint.Secret, identifier);
            if (request is null)
            {
                return (ServerOutcome.Unencodable, null);
            }

            var swap = new RadiusIdentifierSwap(pool);
            var transaction = new RadiusTransaction(request, server.Endpoint.Secret, _settings, swap);
            if (transaction.Identifier != identifier)
            {
                throw new ArgumentException("The request builder must use the Identifier it was given.", nameof(buildRequest));
            }

            pending = new RadiusPendingRequest(transaction, server, target, identifier);
            _pending[(target, identifier)] = pending;
            var buffer = new byte[RadiusPacket.MaxLength];
            lock (pending.Gate)
            {
                transaction.Start(Now);
            }

            var result = await RunAsync(pending, swap, pool, buffer, token).ConfigureAwait(false);
            var now = Now;
            if (result == RadiusTransactionResult.Answered)
            {
                var latency = pending.AnsweredAt - pending.LastSent;
                if (server.MarkAnswered(latency, now))
                {
                    RadiusClientLog.ServerBack(_log, target);
                }

                _options.Answered?.Invoke(target, accounting, latency);

                byte[] response;
                byte[] requestAuthenticator;
                lock (pending.Gate)
                {
                    response = transaction.Response.ToArray();
                    requestAuthenticator = transaction.RequestAuthenticator.ToArray();
                }

                return (ServerOutcome.Answered, new RadiusExchange(response, requestAuthenticator, server.Endpoint.Secret, target, latency));
            }

            server.MarkTimedOut(now, _options.DeadTime);
            RadiusClientLog.ServerTimedOut(_log, target, _options.MaxTries, _options.DeadTime.TotalSeconds);
            return (ServerOutcome.TimedOut, null);
        }
        finally
        {
            if (pending is null)
            {
                pool.Return(identifier);
            }
            else
            {
                lock (pending.Gate)
                {
                    _pending.TryRemove(new KeyValuePair<(System.Net.IPEndPoint, byte), RadiusPendingRequest>((target, pending.Identifier), pending));
                    if (pending.OwnsIdentifier)
                    {
                        pool.Return(pending.Identifier);
                    }
                }
            }

            pool.ReleaseSlot();
        }
    }

    /// <summary>Sends, waits for the answer or the deadline, retransmits, until the transaction finishes.</summary>
    private async Task<RadiusTransactionResult> RunAsync(RadiusPendingRequest pending, RadiusIdentifierSwap swap, RadiusIdentifierPool pool, byte[] buffer, CancellationToken token)
    {
        var transaction = pending.Transaction;
        while (true)
        {
            await FlushAsync(pending, buffer, token).ConfigureAwait(false);
            TimeSpan? deadline;
            lock (pending.Gate)
            {
                if (transaction.Result != RadiusTransactionResult.Pending)
                {
                    return transaction.Result;
                }

                deadline = transaction.NextDeadline;
            }

            var wait = (deadline ?? Now) - Now;
            if (wait > TimeSpan.Zero)
            {
                await WaitForAnswerAsync(pending.Answered.Task, wait, token).ConfigureAwait(false);
            }

            lock (pending.Gate)
            {
                if (transaction.Result == RadiusTransactionResult.Pending)
                {
                    swap.Reset();
                    transaction.HandleTimeout(Now);
                    Rekey(pending, swap, pool);
                }
            }
        }
    }

    /// <summary>
    /// An Accounting-Request whose Acct-Delay-Time changed was given a new Identifier by the transaction (from
    /// <paramref name="swap"/>): register it under the new one and give the old one back. Call under the gate.
    /// </summary>
    private void Rekey(RadiusPendingRequest pending, RadiusIdentifierSwap swap, RadiusIdentifierPool pool)
    {
        byte current = pending.Transaction.Identifier;
        if (current == pending.Identifier)
        {
            if (swap.Taken is byte unused)
            {
                pool.Return(unused);
            }

            return;
        }

        _pending.TryRemove(new KeyValuePair<(System.Net.IPEndPoint, byte), RadiusPendingRequest>((pending.Target, pending.Identifier), pending));
        if (pending.OwnsIdentifier)
        {
            pool.Return(pending.Identifier);
        }

        pending.Identifier = current;
        pending.OwnsIdentifier = swap.Taken == current;
        if (!_pending.TryAdd((pending.Target, current), pending))
        {
            // Only possible when the pool had no spare value (the transaction then picked its own); the answer
            // may be misrouted and the request time out, which failover handles.
            RadiusClientLog.IdentifierClash(_log, pending.Target, current);
        }
    }

    private async Task FlushAsync(RadiusPendingRequest pending, byte[] buffer, CancellationToken token)
    {
        while (true)
        {
            int written;
            lock (pending.Gate)
            {
                if (!pending.Transaction.TryPollTransmit(buffer, out written))
                {
                    return;
                }

                pending.LastSent = Now;
            }

            var socket = pending.Target.AddressFamily == AddressFamily.InterNetwork ? Socket4 : Socket6;
            try
            {
                await socket!.SendToAsync(buffer.AsMemory(0, written), SocketFlags.None, pending.Target, token).ConfigureAwait(false);
            }
            catch (SocketException e)
            {
                // Treated like a lost datagram: the transaction's timer retransmits or gives up.
                RadiusClientLog.SendFailed(_log, pending.Target, e.SocketErrorCode.ToString());
            }
        }
    }

    private async Task WaitForAnswerAsync(Task answered, TimeSpan wait, CancellationToken token)
    {
        using var delayStop = CancellationTokenSource.CreateLinkedTokenSource(token);
        var delay = Task.Delay(wait, _time, delayStop.Token);
        await Task.WhenAny(answered, delay).ConfigureAwait(false);
        await delayStop.CancelAsync().ConfigureAwait(false);
        token.ThrowIfCancellationRequested();
    }
}
