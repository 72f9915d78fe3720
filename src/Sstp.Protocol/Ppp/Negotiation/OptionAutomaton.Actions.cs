using System.Buffers;

namespace Sstp.Protocol.Ppp.Negotiation;

/// <summary>The table lookup and the RFC 1661 §4.4 actions.</summary>
public sealed partial class OptionAutomaton
{
    /// <summary>
    /// Applies one event: looks up the cell, runs its actions and moves to its next state. "-" cells change
    /// nothing. <paramref name="trigger"/> is the received packet for receive events (empty otherwise).
    /// </summary>
    internal void Dispatch(AutomatonEvent automatonEvent, ReadOnlySpan<byte> trigger)
    {
        var from = State;
        var transition = TransitionTable.Lookup(from, automatonEvent);
        if (!transition.IsDefined)
        {
            return;
        }

        var actions = transition.Actions;
        bool restartTimer = false;

        if (Has(actions, AutomatonActions.ThisLayerDown))
        {
            _policy.OnThisLayerDown();
            _events.Enqueue(new PppLayerEvent(PppLayerEventKind.LayerDown, CloseReason));
        }

        if (Has(actions, AutomatonActions.InitializeRestartCount))
        {
            RestartCounter = Has(actions, AutomatonActions.SendTerminateRequest) ? _settings.MaxTerminate : _settings.MaxConfigure;
        }

        if (Has(actions, AutomatonActions.ZeroRestartCount))
        {
            // RFC 1661 §4.4 zrc: the timer still runs once so the peer sees our Terminate-Ack before we finish.
            RestartCounter = 0;
            restartTimer = true;
        }

        if (Has(actions, AutomatonActions.SendConfigureRequest))
        {
            bool freshStart = from is not (AutomatonState.RequestSent or AutomatonState.AckReceived or AutomatonState.AckSent);
            SendConfigureRequest(retransmit: automatonEvent == AutomatonEvent.TimeoutRetry, freshStart);
            restartTimer = true;
        }

        if (Has(actions, AutomatonActions.SendConfigureAck))
        {
            SendConfigureAck(trigger);
        }

        if (Has(actions, AutomatonActions.SendConfigureNak))
        {
            SendConfigureNak(trigger);
        }

        if (Has(actions, AutomatonActions.SendTerminateRequest))
        {
            SendTerminateRequest(retransmit: automatonEvent == AutomatonEvent.TimeoutRetry);
            restartTimer = true;
        }

        if (Has(actions, AutomatonActions.SendTerminateAck))
        {
            SendTerminateAck(trigger);
        }

        if (Has(actions, AutomatonActions.SendCodeReject))
        {
            SendCodeReject(trigger);
        }

        if (Has(actions, AutomatonActions.SendEchoReply))
        {
            SendEchoReply(trigger);
        }

        State = transition.Next;

        if (Has(actions, AutomatonActions.ThisLayerUp))
        {
            CloseReason = PppCloseReason.None;
            _policy.OnThisLayerUp();
            _events.Enqueue(new PppLayerEvent(PppLayerEventKind.LayerUp));
        }

        if (Has(actions, AutomatonActions.ThisLayerStarted))
        {
            _events.Enqueue(new PppLayerEvent(PppLayerEventKind.LayerStarted));
        }

        if (Has(actions, AutomatonActions.ThisLayerFinished))
        {
            _events.Enqueue(new PppLayerEvent(PppLayerEventKind.LayerFinished, CloseReason));
        }

        // RFC 1661 §4.6: the restart timer runs only while a Configure- or Terminate-Request is outstanding.
        if (State is AutomatonState.Closing or AutomatonState.Stopping or AutomatonState.RequestSent
            or AutomatonState.AckReceived or AutomatonState.AckSent)
        {
            if (restartTimer || _deadline is null)
            {
                _deadline = _now + _settings.RestartInterval;
            }
        }
        else
        {
            _deadline = null;
        }
    }

    /// <summary>Test hook: puts the automaton into <paramref name="state"/> without running any action.</summary>
    internal void ForceState(AutomatonState state) => State = state;

    private static bool Has(AutomatonActions actions, AutomatonActions flag) => (actions & flag) != 0;

    private byte NextId() => ++_lastId;

    private void SendConfigureRequest(bool retransmit, bool freshStart)
    {
        // RFC 1661 §5.1: a retransmission of unchanged options may keep its Identifier; anything else is new.
        if (!(retransmit && _requestOutstanding))
        {
            if (freshStart)
            {
                _failureCount = 0;
                _policy.OnNegotiationStarting();
            }

            Span<byte> buffer = stackalloc byte[MaxOptionsLength];
            int length = _policy.WriteRequestOptions(buffer);
            _requestOptions = buffer[..length].ToArray();
            _requestId = NextId();
        }

        _requestOutstanding = true;
        Enqueue(ControlCode.ConfigureRequest, _requestId, _requestOptions);
        CountTransmission();
    }

    private void SendConfigureAck(ReadOnlySpan<byte> trigger)
    {
        if (PppPacket.TryRead(trigger, out var request) != OperationStatus.Done)
        {
            return;
        }

        // RFC 1661 §5.2: the Ack repeats the Identifier and the options exactly.
        _failureCount = 0;
        _policy.OnPeerRequestAcked(new ConfigureOptionList(request.Data));
        Enqueue(ControlCode.ConfigureAck, request.Identifier, request.Data);
    }

    private void SendConfigureNak(ReadOnlySpan<byte> trigger)
    {
        if (PppPacket.TryRead(trigger, out var request) != OperationStatus.Done)
        {
            return;
        }

        if (_pendingReplyCode == ControlCode.ConfigureNak)
        {
            _failureCount++;
        }

        Enqueue(_pendingReplyCode, request.Identifier, _pendingReplyOptions);
    }

    private void SendTerminateRequest(bool retransmit)
    {
        if (!retransmit)
        {
            _terminateId = NextId();
        }

        Enqueue(ControlCode.TerminateRequest, _terminateId, []);
        CountTransmission();
    }

    private void SendTerminateAck(ReadOnlySpan<byte> trigger)
    {
        byte id = PppPacket.TryRead(trigger, out var request) == OperationStatus.Done ? request.Identifier : NextId();
        Enqueue(ControlCode.TerminateAck, id, []);
    }

    private void SendCodeReject(ReadOnlySpan<byte> trigger)
    {
        // RFC 1661 §5.6: the rejected packet, truncated so the Code-Reject fits the peer's MRU.
        int room = Math.Max(0, _policy.MaxPacketLength - PppPacket.HeaderLength);
        SendPacket(ControlCode.CodeReject, trigger[..Math.Min(trigger.Length, room)]);
    }

    private void SendEchoReply(ReadOnlySpan<byte> trigger)
    {
        if (PppPacket.TryRead(trigger, out var request) != OperationStatus.Done)
        {
            return;
        }

        var buffer = new byte[Math.Max(_policy.MaxPacketLength, PppPacket.HeaderLength)];
        int length = _policy.WriteEchoReply(request, buffer);
        if (length > 0)
        {
            _transmit.Enqueue(buffer[..length]);
        }
    }

    private void CountTransmission()
    {
        if (RestartCounter > 0)
        {
            RestartCounter--;
        }
    }

    private void Enqueue(ControlCode code, byte identifier, ReadOnlySpan<byte> data)
    {
        var packet = new byte[PppPacket.HeaderLength + data.Length];
        PppPacket.Write(packet, (byte)code, identifier, data);
        _transmit.Enqueue(packet);
    }
}
