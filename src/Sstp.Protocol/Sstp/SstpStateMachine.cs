using System.Buffers;
using System.Diagnostics.CodeAnalysis;

namespace Sstp.Protocol.Sstp;

// Theory of operation (SSTP.md §5, §6; [MS-SSTP §3.1–§3.3]).
//
// One SSTP call, sans-I/O. The host feeds every delineated SSTP packet to ReceivePacket, the PPP
// authentication result to CompleteAuthentication, local decisions to Disconnect/Abort/LowerLayerDown and the
// clock to HandleTimeout (whenever NextDeadline has passed). The machine answers with whole control packets
// (TryPollTransmit) and events (TryPollEvent): PppLowerLayerUp, CallConnected, and Closed exactly once.
//
// This base class owns what both roles share: the §5.4 table (Call Abort, Call Disconnect, Disconnect Ack,
// Echo in every state), the §5.5 teardown procedures and their timers, the Hello/echo keepalive and the
// negotiation timer's expiry (ABORT 0x08). The role classes handle CALL_CONNECT_* and CALL_CONNECTED (§5.2,
// §5.3). Timers: at most one state timer (negotiation, abort 1/2 or disconnect 1/2 — each belongs to one state)
// plus the Hello timer in *_Call_Connected. Any received packet, data or control, restarts the Hello timer.
// On expiry an ECHO_REQUEST goes out; if nothing at all arrives in the next interval the call is closed
// without an Abort. An unanswered echo alone is not fatal (SoftEther never answers echoes, INTEROP.md §6).
//
// T = {Call_Abort_Pending, Call_Abort_Timeout_Pending, Call_Disconnect_Ack_Pending,
// Call_Disconnect_Timeout_Pending}: in T the handshake messages, echoes and malformed messages are ignored.

/// <summary>
/// Common part of <see cref="SstpServerStateMachine"/> and <see cref="SstpClientStateMachine"/>: teardown,
/// keepalive, timers and the output queues (SSTP.md §5.4–§5.5, §6).
/// </summary>
public abstract partial class SstpStateMachine
{
    private readonly Queue<byte[]> _transmit = new();
    private readonly Queue<SstpEvent> _events = new();
    private readonly SstpTimers _timers;
    private readonly SstpState _disconnectedState;
    private readonly SstpState _connectedState;
    private TimeSpan? _stateDeadline;
    private TimeSpan? _helloDeadline;
    private bool _echoOutstanding;
    private bool _started;
    private SstpCloseReason _closeReason;
    private SstpStatus? _closeStatus;

    private protected SstpStateMachine(SstpTimers timers, SstpState disconnectedState, SstpState connectedState)
    {
        _timers = timers;
        _disconnectedState = disconnectedState;
        _connectedState = connectedState;
        State = disconnectedState;
    }

    /// <summary>The current state (spec names).</summary>
    public SstpState State { get; private protected set; }

    /// <summary>True once the call is over (after the <see cref="SstpEvent.Closed"/> event was queued).</summary>
    public bool IsClosed { get; private set; }

    /// <summary>PPP control frames (LCP, authentication, NCPs) may be sent and received.</summary>
    public abstract bool AllowsPppControl { get; }

    /// <summary>PPP data frames (IP, IPv6) may be sent and received: only in *_Call_Connected.</summary>
    public bool AllowsPppData => State == _connectedState;

    /// <summary>The hash protocol of the crypto binding (None until chosen).</summary>
    public CertHashProtocol ChosenHash { get; private protected set; }

    /// <summary>Server: result of the crypto binding check (null before, or with policy Off). Client: always null.</summary>
    public CryptoBindingResult? BindingResult { get; private protected set; }

    /// <summary>When <see cref="HandleTimeout"/> must next be called; null when no timer runs.</summary>
    public TimeSpan? NextDeadline
    {
        get
        {
            if (IsClosed)
            {
                return null;
            }

            if (_stateDeadline is { } s && _helloDeadline is { } h)
            {
                return s < h ? s : h;
            }

            return _stateDeadline ?? _helloDeadline;
        }
    }

    /// <summary>
    /// Starts the call. Server: after the HTTP 200 was sent → Server_Connect_Request_Pending with the negotiation
    /// timer. Client: after the HTTP 200 was received → sends CALL_CONNECT_REQUEST, Client_Connect_Request_Sent.
    /// </summary>
    public abstract void Start(TimeSpan now);

    /// <summary>
    /// "PPP authentication completed" [MS-SSTP §3.1.4] with the HLAK (any length; cut or zero-padded to 32;
    /// pass <see cref="Hlak.Zero"/> when the method made no keys). Client: sends CALL_CONNECTED. Server: stores
    /// the HLAK and verifies a CALL_CONNECTED that arrived earlier.
    /// </summary>
    public abstract void CompleteAuthentication(ReadOnlySpan<byte> hlak, TimeSpan now);

    /// <summary>
    /// Processes one received SSTP packet (data or control). Restarts the Hello timer; control messages are
    /// handled per SSTP.md §5; a data packet changes nothing else (the host gates the PPP frame with
    /// <see cref="AllowsPppControl"/> / <see cref="AllowsPppData"/>). Never throws on peer input.
    /// </summary>
    public void ReceivePacket(SstpPacketView packet, TimeSpan now)
    {
        if (IsClosed)
        {
            return;
        }

        RequireStarted();
        if (State == _connectedState)
        {
            _helloDeadline = now + _timers.Hello;
            _echoOutstanding = false;
        }

        if (!packet.IsControl)
        {
            return;
        }

        bool waiting = IsWaitingForTeardown;
        if (SstpControlMessage.TryParse(packet.Packet, out var message, out _) != OperationStatus.Done)
        {
            // [MS-SSTP §3.1.5.1]: an invalid message starts the abort procedure.
            if (!waiting)
            {
                StartAbort(SstpAttributeId.StatusInfo, SstpStatus.InvalidFrameReceived, SstpCloseReason.InvalidFrame, now);
            }

            return;
        }

        switch (message.MessageType)
        {
            case SstpMessageType.CallAbort:
                OnCallAbort(message, now);
                break;
            case SstpMessageType.CallDisconnect:
                OnCallDisconnect(message, now);
                break;
            case SstpMessageType.CallDisconnectAck:
                OnCallDisconnectAck(now);
                break;
            case SstpMessageType.EchoRequest:
                OnEchoRequest();
                break;
            case SstpMessageType.EchoResponse:
                OnEchoResponse(now);
                break;
            case SstpMessageType.CallConnectRequest:
            case SstpMessageType.CallConnectAck:
            case SstpMessageType.CallConnectNak:
            case SstpMessageType.CallConnected:
                if (!waiting)
                {
                    OnHandshakeMessage(message, now);
                }

                break;
            default:
                if (!waiting)
                {
                    StartAbort(SstpAttributeId.StatusInfo, SstpStatus.InvalidFrameReceived, SstpCloseReason.InvalidFrame, now);
                }

                break;
        }
    }

    /// <summary>Runs every timer whose deadline is at or before <paramref name="now"/>.</summary>
    public void HandleTimeout(TimeSpan now)
    {
        if (IsClosed || !_started)
        {
            return;
        }

        if (_stateDeadline is { } deadline && now >= deadline)
        {
            _stateDeadline = null;
            if (IsWaitingForTeardown)
            {
                Close(_closeReason, _closeStatus);
                return;
            }

            // SSTP.md §5.2/§5.3: negotiation timer expiry → ABORT(0x08).
            StartAbort(SstpAttributeId.StatusInfo, SstpStatus.NegotiationTimeout, SstpCloseReason.NegotiationTimeout, now);
        }

        if (_helloDeadline is { } hello && now >= hello)
        {
            if (_echoOutstanding)
            {
                // [MS-SSTP §3.1.2.3]: nothing received for a whole interval after the echo → drop, no Abort.
                _transmit.Clear();
                Close(SstpCloseReason.HelloTimeout, null);
                return;
            }

            Send(stackalloc byte[SstpControlMessage.EmptyMessageLength], SstpControlMessage.WriteEchoRequest);
            _echoOutstanding = true;
            _helloDeadline = now + _timers.Hello;
        }
    }

    /// <summary>
    /// Copies the next queued control packet into <paramref name="destination"/> (at most 4095 bytes are ever
    /// needed). Call until false. Throws if <paramref name="destination"/> is too small (our misuse).
    /// </summary>
    public bool TryPollTransmit(Span<byte> destination, out int written)
    {
        written = 0;
        if (!_transmit.TryPeek(out var packet))
        {
            return false;
        }

        if (destination.Length < packet.Length)
        {
            SstpThrow.DestinationTooSmall(packet.Length, destination.Length, nameof(destination));
        }

        _transmit.Dequeue().CopyTo(destination);
        written = packet.Length;
        return true;
    }

    /// <summary>Returns the next event. Call until false.</summary>
    public bool TryPollEvent([NotNullWhen(true)] out SstpEvent? e) => _events.TryDequeue(out e);

    /// <summary>Role-specific handling of CALL_CONNECT_REQUEST/ACK/NAK and CALL_CONNECTED outside T.</summary>
    private protected abstract void OnHandshakeMessage(SstpControlMessageView message, TimeSpan now);

    /// <summary>True in T: waiting for the end of an abort or disconnect.</summary>
    private protected bool IsWaitingForTeardown => State is SstpState.CallAbortPending or SstpState.CallAbortTimeoutPending
        or SstpState.CallDisconnectAckPending or SstpState.CallDisconnectTimeoutPending;

    private protected void MarkStarted()
    {
        if (_started)
        {
            SstpThrow.InvalidOperation("Start may be called only once.");
        }

        _started = true;
    }

    private protected void RequireStarted()
    {
        if (!_started)
        {
            SstpThrow.InvalidOperation("Call Start first.");
        }
    }

    private protected void StartNegotiationTimer(TimeSpan now) => _stateDeadline = now + _timers.Negotiation;

    private protected void Raise(SstpEvent e) => _events.Enqueue(e);

    /// <summary>Queues a copy of a complete control packet.</summary>
    private protected void Send(ReadOnlySpan<byte> packet) => _transmit.Enqueue(packet.ToArray());

    private protected delegate int ControlWriter(Span<byte> destination);

    private protected void Send(Span<byte> scratch, ControlWriter writer)
    {
        int n = writer(scratch);
        Send(scratch[..n]);
    }

    /// <summary>Enters *_Call_Connected: stops the negotiation timer, starts Hello, raises CallConnected.</summary>
    private protected void EnterCallConnected(TimeSpan now, CertHashProtocol hash, CryptoBindingResult? binding)
    {
        State = _connectedState;
        ChosenHash = hash;
        _stateDeadline = null;
        _helloDeadline = now + _timers.Hello;
        _echoOutstanding = false;
        Raise(new SstpEvent.CallConnected(hash, binding));
    }
}
