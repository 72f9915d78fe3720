using System.Diagnostics.CodeAnalysis;

namespace Sstp.Protocol.Ppp.Auth;

/// <summary>
/// Common shape of every authentication machine, authenticator or peer, so the session drives them the same
/// way (ARCHITECTURE.md §2.3):
/// <list type="bullet">
/// <item><c>Start(now)</c> when LCP reaches Opened; <c>Receive(packet, now)</c> for every packet of
/// <see cref="Protocol"/> (the PPP Information field, no PPP header);</item>
/// <item>drain <see cref="TryPollTransmit"/> (whole packets for <see cref="Protocol"/>) and
/// <see cref="TryPollEvent"/> after every input;</item>
/// <item>call <see cref="HandleTimeout"/> once <see cref="NextDeadline"/> has passed.</item>
/// </list>
/// The base class owns the outgoing queue, the event queue, the restart timer (one packet re-sent until
/// answered or the budget is spent) and the overall timeout. Machines never throw on peer input; malformed
/// or unexpected packets are discarded silently (RFC 1661 §5 style).
/// </summary>
public abstract class AuthMachine
{
    private readonly Queue<byte[]> _transmit = new();
    private readonly Queue<AuthEvent> _events = new();
    private readonly TimeSpan _restartInterval;
    private readonly int _maxRetransmissions;
    private readonly TimeSpan _overallTimeout;
    private byte[]? _retransmitPacket;
    private TimeSpan? _restartDeadline;
    private int _retransmitsLeft;
    private TimeSpan? _overallDeadline;
    private bool _started;

    private protected AuthMachine(TimeSpan restartInterval, int maxRetransmissions, TimeSpan overallTimeout)
    {
        _restartInterval = restartInterval;
        _maxRetransmissions = maxRetransmissions;
        _overallTimeout = overallTimeout;
    }

    /// <summary>The PPP protocol whose packets this machine sends and receives.</summary>
    public abstract PppProtocol Protocol { get; }

    /// <summary>Where the machine stands.</summary>
    public AuthStatus Status { get; private set; } = AuthStatus.InProgress;

    /// <summary>True once <see cref="AuthStatus.Succeeded"/> or <see cref="AuthStatus.Failed"/>.</summary>
    public bool IsFinished => Status is AuthStatus.Succeeded or AuthStatus.Failed;

    /// <summary>The earliest time <see cref="HandleTimeout"/> must run, or null when no timer is armed.</summary>
    public TimeSpan? NextDeadline
    {
        get
        {
            if (IsFinished)
            {
                return null;
            }

            return (_restartDeadline, _overallDeadline) switch
            {
                (null, var o) => o,
                (var r, null) => r,
                (TimeSpan r, TimeSpan o) => r < o ? r : o,
            };
        }
    }

    /// <summary>Begins authentication (LCP is Opened). Call once.</summary>
    /// <exception cref="InvalidOperationException">Called twice.</exception>
    public void Start(TimeSpan now)
    {
        if (_started)
        {
            AuthThrow.InvalidState("Start was already called.");
        }

        _started = true;
        _overallDeadline = now + _overallTimeout;
        OnStart(now);
    }

    /// <summary>Handles one received packet of <see cref="Protocol"/>. Never throws on peer input.</summary>
    public void Receive(ReadOnlySpan<byte> packet, TimeSpan now)
    {
        if (!_started)
        {
            return;
        }

        OnReceive(packet, now);
    }

    /// <summary>Writes the next queued packet into <paramref name="destination"/>. Call until false.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too small for the packet (nothing is dequeued).</exception>
    public bool TryPollTransmit(Span<byte> destination, out int written)
    {
        if (!_transmit.TryPeek(out var packet))
        {
            written = 0;
            return false;
        }

        AuthThrow.IfTooSmall(destination, packet.Length);
        _transmit.Dequeue();
        packet.CopyTo(destination);
        written = packet.Length;
        return true;
    }

    /// <summary>Takes the next event. Call until false.</summary>
    public bool TryPollEvent([NotNullWhen(true)] out AuthEvent? e) => _events.TryDequeue(out e);

    /// <summary>Runs the timers that are due at <paramref name="now"/>.</summary>
    public void HandleTimeout(TimeSpan now)
    {
        if (IsFinished)
        {
            return;
        }

        if (_overallDeadline is TimeSpan overall && now >= overall)
        {
            Fail(AuthFailure.Timeout);
            return;
        }

        if (_restartDeadline is TimeSpan restart && now >= restart && _retransmitPacket is not null)
        {
            if (_retransmitsLeft > 0)
            {
                _retransmitsLeft--;
                _transmit.Enqueue(_retransmitPacket);
                _restartDeadline = now + _restartInterval;
            }
            else
            {
                StopRetransmit();
                OnRetransmissionsExhausted(now);
            }
        }
    }

    /// <summary>
    /// Tells the machine the network phase (IPCP/IPV6CP) has started. EAP peers treat this as success when
    /// the authenticator sent no EAP-Success (RFC 3748 §4.2; pppd, INTEROP.md §3); other machines ignore it.
    /// </summary>
    public virtual void NotifyNetworkPhaseStarted()
    {
    }

    /// <summary>Called once by <see cref="Start"/>.</summary>
    private protected abstract void OnStart(TimeSpan now);

    /// <summary>Called for every packet after <see cref="Start"/>.</summary>
    private protected abstract void OnReceive(ReadOnlySpan<byte> packet, TimeSpan now);

    /// <summary>The restart budget is spent; by default the machine fails with <see cref="AuthFailure.Timeout"/>.</summary>
    private protected virtual void OnRetransmissionsExhausted(TimeSpan now) => Fail(AuthFailure.Timeout);

    /// <summary>
    /// The largest packet one SSTP data packet can carry (4095 − 4 SSTP − 4 PPP header). Longer packets can only
    /// come from host input (a long RADIUS message or EAP packet); they end the exchange instead of being queued.
    /// </summary>
    public const int MaxPacketLength = 4087;

    /// <summary>Queues a packet once.</summary>
    private protected void Send(byte[] packet)
    {
        if (Fits(packet))
        {
            _transmit.Enqueue(packet);
        }
    }

    /// <summary>Queues a packet and re-sends it on the restart timer until <see cref="StopRetransmit"/>.</summary>
    private protected void SendWithRetransmit(byte[] packet, TimeSpan now)
    {
        if (!Fits(packet))
        {
            return;
        }

        _transmit.Enqueue(packet);
        _retransmitPacket = packet;
        _retransmitsLeft = _maxRetransmissions;
        _restartDeadline = now + _restartInterval;
    }

    private bool Fits(byte[] packet)
    {
        if (packet.Length <= MaxPacketLength)
        {
            return true;
        }

        Fail(AuthFailure.ProtocolError, message: $"a {packet.Length}-byte packet does not fit one SSTP packet");
        return false;
    }

    /// <summary>Stops re-sending (the packet was answered).</summary>
    private protected void StopRetransmit()
    {
        _retransmitPacket = null;
        _restartDeadline = null;
    }

    /// <summary>Moves between <see cref="AuthStatus.InProgress"/> and <see cref="AuthStatus.AwaitingHost"/>.</summary>
    private protected void SetAwaitingHost(bool awaiting) => Status = awaiting ? AuthStatus.AwaitingHost : AuthStatus.InProgress;

    /// <summary>Queues a host event.</summary>
    private protected void Emit(AuthEvent e) => _events.Enqueue(e);

    /// <summary>Finishes with success.</summary>
    private protected void Succeed(AuthOutcome outcome)
    {
        StopRetransmit();
        Status = AuthStatus.Succeeded;
        _events.Enqueue(new AuthEvent.Succeeded(outcome));
    }

    /// <summary>Finishes with failure.</summary>
    private protected void Fail(AuthFailure reason, int errorCode = 0, string? message = null)
    {
        StopRetransmit();
        Status = AuthStatus.Failed;
        _events.Enqueue(new AuthEvent.Failed(reason, errorCode, message));
    }
}
