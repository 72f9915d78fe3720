using System.Buffers;

namespace Sstp.Protocol.Ppp.Negotiation;

/// <summary>
/// The RFC 1661 §4 option negotiation automaton, implemented once for LCP, IPCP and IPV6CP (PPP.md §4).
/// </summary>
/// <remarks>
/// Theory of operation. Inputs are the administrative events (<see cref="Open"/>, <see cref="Close()"/>), the
/// lower-layer events (<see cref="Up"/>, <see cref="Down"/>), received packets (<see cref="Receive"/>) and
/// the restart timer (<see cref="HandleTimeout"/>). Each input is classified into one RFC event (RCR+, RCA, …)
/// and looked up in <see cref="TransitionTable"/>; the cell's actions run in flag order and the state moves.
/// The <see cref="ControlProtocol"/> policy decides the option contents: it judges a request (→ RCR+/RCR−),
/// builds our requests and learns from Naks/Rejects. Outputs are queued packets (Code Id Length Data, polled
/// with <see cref="TryPollTransmit"/>), layer events (<see cref="TryPollEvent"/>) and the restart deadline
/// (<see cref="NextDeadline"/>), which runs exactly in Closing, Stopping, Req-Sent, Ack-Rcvd and Ack-Sent.
/// Identifiers (RFC 1661 §5): every new Configure-Request gets a new Identifier; a TO+ retransmission of an
/// unanswered request keeps it. During negotiation and in Opened an Ack, Nak or Reject is accepted only if it
/// carries the outstanding Identifier (and for an Ack exactly our options, for a Reject a subset of them),
/// otherwise it is discarded; so a duplicate Ack never tears down Opened. Max-Failure: after that many Naks
/// sent without an Ack, Naks are turned into Rejects of the same options. Malformed packets are dropped.
/// Packets arriving in Initial or Starting (lower layer down) are dropped.
/// </remarks>
public sealed partial class OptionAutomaton
{
    /// <summary>Room for our own option list; our largest request (LCP: MRU, Auth, Magic) needs 15 bytes.</summary>
    private const int MaxOptionsLength = 256;

    private readonly ControlProtocol _policy;
    private readonly NegotiationSettings _settings;
    private readonly ConfigureReply _reply = new();
    private readonly Queue<byte[]> _transmit = new();
    private readonly Queue<PppLayerEvent> _events = new();

    private TimeSpan _now;
    private TimeSpan? _deadline;
    private byte _lastId;
    private byte _requestId;
    private byte[] _requestOptions = [];
    private bool _requestOutstanding;
    private byte _terminateId;
    private int _failureCount;
    private ControlCode _pendingReplyCode;
    private byte[] _pendingReplyOptions = [];

    /// <summary>Creates an automaton in Initial that negotiates with <paramref name="policy"/>.</summary>
    public OptionAutomaton(ControlProtocol policy, NegotiationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(settings);
        _policy = policy;
        _settings = settings;
        policy.Attach(this);
    }

    /// <summary>The option policy.</summary>
    public ControlProtocol Policy => _policy;

    /// <summary>The counters and timer in use.</summary>
    public NegotiationSettings Settings => _settings;

    /// <summary>The current RFC 1661 state.</summary>
    public AutomatonState State { get; private set; }

    /// <summary>The restart counter (RFC 1661 §4.6).</summary>
    public int RestartCounter { get; internal set; }

    /// <summary>When the restart timer fires, or null when it is not running.</summary>
    public TimeSpan? NextDeadline => _deadline;

    /// <summary>Why the layer last went down or finished; <see cref="PppCloseReason.None"/> after Open and in Opened.</summary>
    public PppCloseReason CloseReason { get; private set; }

    /// <summary>The latest time given to any input; used for deadlines started by <see cref="Open"/> and <see cref="Close()"/>.</summary>
    public TimeSpan Now => _now;

    /// <summary>Lower layer up (Up event).</summary>
    public void Up(TimeSpan now)
    {
        _now = now;
        Dispatch(AutomatonEvent.Up, default);
    }

    /// <summary>Lower layer down (Down event).</summary>
    public void Down()
    {
        NoteReason(PppCloseReason.LowerLayerDown);
        Dispatch(AutomatonEvent.Down, default);
    }

    /// <summary>Administrative Open.</summary>
    public void Open()
    {
        CloseReason = PppCloseReason.None;
        Dispatch(AutomatonEvent.Open, default);
    }

    /// <summary>Administrative Close.</summary>
    public void Close() => Close(PppCloseReason.LocalClose);

    /// <summary>Administrative Close, recording <paramref name="reason"/> unless a reason is already recorded.</summary>
    public void Close(PppCloseReason reason)
    {
        NoteReason(reason);
        Dispatch(AutomatonEvent.Close, default);
    }

    /// <summary>Runs the restart timer if its deadline has passed.</summary>
    public void HandleTimeout(TimeSpan now)
    {
        _now = now;
        if (_deadline is not { } deadline || now < deadline)
        {
            return;
        }

        _deadline = null;
        if (RestartCounter > 0)
        {
            Dispatch(AutomatonEvent.TimeoutRetry, default);
            return;
        }

        if (State is AutomatonState.RequestSent or AutomatonState.AckReceived or AutomatonState.AckSent)
        {
            NoteReason(PppCloseReason.NegotiationTimeout);
        }

        Dispatch(AutomatonEvent.TimeoutExpired, default);
    }

    /// <summary>Writes the next queued packet (Code Id Length Data). Call until false.</summary>
    /// <exception cref="ArgumentException">The destination is too small for the packet (it stays queued).</exception>
    public bool TryPollTransmit(Span<byte> destination, out int written)
    {
        if (!_transmit.TryPeek(out var packet))
        {
            written = 0;
            return false;
        }

        if (destination.Length < packet.Length)
        {
            throw new ArgumentException("The destination is too small for the queued packet.", nameof(destination));
        }

        _transmit.Dequeue();
        packet.CopyTo(destination);
        written = packet.Length;
        return true;
    }

    /// <summary>Returns the next layer event. Call until false.</summary>
    public bool TryPollEvent(out PppLayerEvent e) => _events.TryDequeue(out e);

    /// <summary>Queues a packet with a new Identifier (e.g. LCP Echo-Request, Protocol-Reject). Returns the Identifier.</summary>
    public byte SendPacket(ControlCode code, ReadOnlySpan<byte> data)
    {
        byte id = NextId();
        Enqueue(code, id, data);
        return id;
    }

    /// <summary>Queues a layer event (used by policies for protocol-specific events).</summary>
    public void RaiseEvent(PppLayerEvent e) => _events.Enqueue(e);

    /// <summary>Receives one packet (the PPP Information field). Malformed or unexpected packets are dropped.</summary>
    public void Receive(ReadOnlySpan<byte> packet, TimeSpan now)
    {
        _now = now;
        if (PppPacket.TryRead(packet, out var p) != OperationStatus.Done)
        {
            return;
        }

        // Lower layer down: every receive event is a "-" cell.
        if (State is AutomatonState.Initial or AutomatonState.Starting)
        {
            return;
        }

        var raw = packet[..p.Length];
        switch ((ControlCode)p.Code)
        {
            case ControlCode.ConfigureRequest:
                ReceiveConfigureRequest(p, raw);
                break;
            case ControlCode.ConfigureAck:
                ReceiveConfigureAck(p, raw);
                break;
            case ControlCode.ConfigureNak:
            case ControlCode.ConfigureReject:
                ReceiveConfigureNakOrReject(p, raw);
                break;
            case ControlCode.TerminateRequest:
                // Only a Terminate-Request that ends Opened is a reason; during negotiation it just restarts it.
                if (State == AutomatonState.Opened)
                {
                    NoteReason(PppCloseReason.PeerTerminated);
                }

                Dispatch(AutomatonEvent.TerminateRequest, raw);
                break;
            case ControlCode.TerminateAck:
                Dispatch(AutomatonEvent.TerminateAck, raw);
                break;
            case ControlCode.CodeReject:
                if (!p.Data.IsEmpty)
                {
                    ReceiveReject(_policy.IsCatastrophicCodeReject(p.Data[0]), raw);
                }

                break;
            default:
                ReceiveExtendedCode(p, raw);
                break;
        }
    }

    private void ReceiveExtendedCode(PppPacket p, ReadOnlySpan<byte> raw)
    {
        switch (_policy.ClassifyExtendedCode(p))
        {
            case ExtendedCodeDisposition.Unknown:
                Dispatch(AutomatonEvent.UnknownCode, raw);
                break;
            case ExtendedCodeDisposition.EchoOrDiscard:
                Dispatch(AutomatonEvent.EchoOrDiscard, raw);
                break;
            case ExtendedCodeDisposition.PermittedReject:
                ReceiveReject(catastrophic: false, raw);
                break;
            case ExtendedCodeDisposition.CatastrophicReject:
                ReceiveReject(catastrophic: true, raw);
                break;
            default:
                break;
        }
    }

    private void ReceiveReject(bool catastrophic, ReadOnlySpan<byte> raw)
    {
        if (catastrophic)
        {
            NoteReason(PppCloseReason.CatastrophicReject);
        }

        Dispatch(catastrophic ? AutomatonEvent.CatastrophicReject : AutomatonEvent.PermittedReject, raw);
    }

    private void ReceiveConfigureRequest(PppPacket p, ReadOnlySpan<byte> raw)
    {
        var options = new ConfigureOptionList(p.Data);
        if (!options.IsWellFormed)
        {
            return;
        }

        _reply.Clear();
        _policy.JudgeRequest(options, _reply);
        if (_reply.HasRejects)
        {
            SetPendingReply(ControlCode.ConfigureReject, _reply.RejectedOptions);
        }
        else if (!_reply.HasNaks)
        {
            Dispatch(AutomatonEvent.GoodConfigureRequest, raw);
            return;
        }
        else if (_failureCount >= _settings.MaxFailure)
        {
            // RFC 1661 §4.6 Max-Failure: stop Naking, Reject what we would have Naked. If we only suggested
            // options the peer did not send, there is nothing to reject and the request is acceptable as it is.
            if (_reply.NakedOriginals.IsEmpty)
            {
                Dispatch(AutomatonEvent.GoodConfigureRequest, raw);
                return;
            }

            SetPendingReply(ControlCode.ConfigureReject, _reply.NakedOriginals);
        }
        else
        {
            SetPendingReply(ControlCode.ConfigureNak, _reply.NakedOptions);
        }

        Dispatch(AutomatonEvent.BadConfigureRequest, raw);
    }

    private void ReceiveConfigureAck(PppPacket p, ReadOnlySpan<byte> raw)
    {
        if (IsNegotiatingOrOpened)
        {
            // RFC 1661 §5.2: the Identifier and the option list must match the request exactly.
            if (!_requestOutstanding || p.Identifier != _requestId || !p.Data.SequenceEqual(_requestOptions))
            {
                return;
            }

            _requestOutstanding = false;
            _policy.OnOwnRequestAcked(new ConfigureOptionList(p.Data));
        }

        Dispatch(AutomatonEvent.ConfigureAck, raw);
    }

    private void ReceiveConfigureNakOrReject(PppPacket p, ReadOnlySpan<byte> raw)
    {
        if (IsNegotiatingOrOpened)
        {
            var options = new ConfigureOptionList(p.Data);
            if (!_requestOutstanding || p.Identifier != _requestId || !options.IsWellFormed)
            {
                return;
            }

            bool isReject = p.Code == (byte)ControlCode.ConfigureReject;

            // RFC 1661 §5.4: rejected options must be copied from our request; anything else is bogus.
            if (isReject && !IsSubsetOfRequest(options))
            {
                return;
            }

            _requestOutstanding = false;
            var outcome = isReject ? _policy.ApplyReject(options) : _policy.ApplyNak(options);
            if (outcome == NegotiationOutcome.Fail)
            {
                Close(_policy.FailureReason == PppCloseReason.None ? PppCloseReason.LocalClose : _policy.FailureReason);
                return;
            }
        }

        Dispatch(AutomatonEvent.ConfigureNakOrReject, raw);
    }

    private bool IsSubsetOfRequest(ConfigureOptionList rejected)
    {
        var request = new ConfigureOptionList(_requestOptions);
        foreach (var option in rejected)
        {
            if (!request.Contains(option.Raw))
            {
                return false;
            }
        }

        return true;
    }

    private bool IsNegotiatingOrOpened
        => State is AutomatonState.RequestSent or AutomatonState.AckReceived or AutomatonState.AckSent or AutomatonState.Opened;

    private void SetPendingReply(ControlCode code, ReadOnlySpan<byte> options)
    {
        _pendingReplyCode = code;
        _pendingReplyOptions = options.ToArray();
    }

    private void NoteReason(PppCloseReason reason)
    {
        if (CloseReason == PppCloseReason.None)
        {
            CloseReason = reason;
        }
    }
}
