namespace Sstp.Protocol.Sstp;

// The common-message table of SSTP.md §5.4 ([MS-SSTP §3.2.5.3.4–§3.2.5.3.8, §3.3.5.2.4–§3.3.5.2.8]) and
// the teardown procedures of SSTP.md §5.5 ([MS-SSTP §3.1.1.1, §3.1.5.1, §3.1.7.2]).
public abstract partial class SstpStateMachine
{
    /// <summary>
    /// Graceful local teardown (e.g. PPP terminated, admin or user disconnect; also during call setup): sends
    /// CALL_DISCONNECT with its Status Info, starts TIMER_DISCONNECT_1, → Call_Disconnect_Ack_Pending. Ignored
    /// while a teardown is already under way or after the end.
    /// </summary>
    public void Disconnect(TimeSpan now)
    {
        if (IsClosed || IsWaitingForTeardown)
        {
            return;
        }

        if (!_started)
        {
            Close(SstpCloseReason.LocalDisconnect, null);
            return;
        }

        Send(stackalloc byte[SstpControlMessage.StatusMessageLength], SstpControlMessage.WriteCallDisconnect);
        EnterTeardown(SstpState.CallDisconnectAckPending, now + _timers.Disconnect1, SstpCloseReason.LocalDisconnect, null);
    }

    /// <summary>
    /// Local abort: the abort procedure with <paramref name="status"/> (CALL_ABORT, TIMER_ABORT_1,
    /// → Call_Abort_Pending). Ignored while a teardown is already under way or after the end.
    /// </summary>
    public void Abort(SstpStatus status, TimeSpan now)
    {
        if (IsClosed || IsWaitingForTeardown)
        {
            return;
        }

        if (!_started)
        {
            Close(SstpCloseReason.LocalAbort, status);
            return;
        }

        StartAbort(SstpAttributeId.StatusInfo, status, SstpCloseReason.LocalAbort, now);
    }

    /// <summary>
    /// TLS/TCP is gone [MS-SSTP §3.1.7.2]: close at once and send nothing (queued packets are dropped). During a
    /// teardown this is its normal end and the teardown's reason is kept.
    /// </summary>
    public void LowerLayerDown()
    {
        if (IsClosed)
        {
            return;
        }

        _transmit.Clear();
        if (IsWaitingForTeardown)
        {
            Close(_closeReason, _closeStatus);
        }
        else
        {
            Close(SstpCloseReason.LowerLayerDown, null);
        }
    }

    /// <summary>ABORT(s): send CALL_ABORT with a Status Info, start TIMER_ABORT_1, → Call_Abort_Pending.</summary>
    private protected void StartAbort(SstpAttributeId attributeId, SstpStatus status, SstpCloseReason reason, TimeSpan now)
    {
        Span<byte> buffer = stackalloc byte[SstpControlMessage.StatusMessageLength];
        Send(buffer[..SstpControlMessage.WriteCallAbort(buffer, attributeId, status)]);
        EnterTeardown(SstpState.CallAbortPending, now + _timers.Abort1, reason, status);
    }

    private void OnCallAbort(SstpControlMessageView message, TimeSpan now)
    {
        switch (State)
        {
            case SstpState.CallAbortPending:
                // Both sides aborted: wait TIMER_ABORT_2 and keep our own reason.
                _stateDeadline = now + _timers.Abort2;
                State = SstpState.CallAbortTimeoutPending;
                break;
            case SstpState.CallAbortTimeoutPending:
            case SstpState.CallDisconnectTimeoutPending:
                break;
            default:
                // Answer with an Abort of our own (always with a Status Info: sstpc ignores one without). We
                // echo the peer's AttribID/status; a bare peer Abort is answered with AttribID 0, status 0.
                bool hasStatus = message.TryGetStatusInfo(out var attributeId, out var status, out _);
                Span<byte> buffer = stackalloc byte[SstpControlMessage.StatusMessageLength];
                Send(buffer[..SstpControlMessage.WriteCallAbort(buffer, attributeId, status)]);
                EnterTeardown(
                    SstpState.CallAbortTimeoutPending,
                    now + _timers.Abort2,
                    SstpCloseReason.PeerAbort,
                    hasStatus ? status : null);
                break;
        }
    }

    private void OnCallDisconnect(SstpControlMessageView message, TimeSpan now)
    {
        switch (State)
        {
            case SstpState.CallAbortPending:
            case SstpState.CallAbortTimeoutPending:
            case SstpState.CallDisconnectTimeoutPending:
                break;
            case SstpState.CallDisconnectAckPending:
                // Collision: both sides disconnect. Stop TIMER_DISCONNECT_1, acknowledge, keep our reason.
                Send(stackalloc byte[SstpControlMessage.EmptyMessageLength], SstpControlMessage.WriteCallDisconnectAck);
                _stateDeadline = now + _timers.Disconnect2;
                State = SstpState.CallDisconnectTimeoutPending;
                break;
            default:
                bool hasStatus = message.TryGetStatusInfo(out _, out var status, out _);
                Send(stackalloc byte[SstpControlMessage.EmptyMessageLength], SstpControlMessage.WriteCallDisconnectAck);
                EnterTeardown(
                    SstpState.CallDisconnectTimeoutPending,
                    now + _timers.Disconnect2,
                    SstpCloseReason.PeerDisconnect,
                    hasStatus ? status : null);
                break;
        }
    }

    private void OnCallDisconnectAck(TimeSpan now)
    {
        switch (State)
        {
            case SstpState.CallDisconnectAckPending:
                Close(_closeReason, _closeStatus);
                break;
            case SstpState.CallAbortPending:
            case SstpState.CallAbortTimeoutPending:
            case SstpState.CallDisconnectTimeoutPending:
                break;
            default:
                StartAbort(SstpAttributeId.StatusInfo, SstpStatus.UnacceptedFrameReceived, SstpCloseReason.UnacceptedMessage, now);
                break;
        }
    }

    private void OnEchoRequest()
    {
        // Answered in every state outside T, also before Call Connected (SSTP.md §5.4 recommendation: sstpc
        // sends an echo after 60 s of silence in any state).
        if (!IsWaitingForTeardown)
        {
            Send(stackalloc byte[SstpControlMessage.EmptyMessageLength], SstpControlMessage.WriteEchoResponse);
        }
    }

    private void OnEchoResponse(TimeSpan now)
    {
        // In *_Call_Connected the Hello timer was already restarted by ReceivePacket. Before Call Connected we
        // never sent an echo, so an answer is unaccepted (spec: ABORT).
        if (!IsWaitingForTeardown && State != _connectedState)
        {
            StartAbort(SstpAttributeId.StatusInfo, SstpStatus.UnacceptedFrameReceived, SstpCloseReason.UnacceptedMessage, now);
        }
    }

    private void EnterTeardown(SstpState state, TimeSpan deadline, SstpCloseReason reason, SstpStatus? status)
    {
        State = state;
        _stateDeadline = deadline;
        _helloDeadline = null;
        _echoOutstanding = false;
        _closeReason = reason;
        _closeStatus = status;
    }

    private void Close(SstpCloseReason reason, SstpStatus? status)
    {
        IsClosed = true;
        State = _disconnectedState;
        _stateDeadline = null;
        _helloDeadline = null;
        Raise(new SstpEvent.Closed(reason, status));
    }
}
