using System.Buffers;
using System.Buffers.Binary;
using Sstp.Protocol.Primitives;

namespace Sstp.Protocol.Radius;

/// <summary>
/// One RADIUS request and its retransmissions, as deadlines [RFC 2865 §2.4, §3; RFC 2866 §5.2; RFC 5080 §2.2.1;
/// AUTH.md §7.1, §7.6].
/// <para>Theory of operation. States: Idle → (Start) → Pending → Answered | TimedOut.</para>
/// <list type="bullet">
/// <item><see cref="Start"/> queues the signed request and arms the deadline <c>now + InitialTimeout</c>.</item>
/// <item><see cref="HandleTimeout"/> at the deadline: while tries remain, queue the request again and arm the
/// next wait (fixed, or doubled up to MaxTimeout); then <see cref="RadiusTransactionResult.TimedOut"/>.
/// A retransmission keeps Identifier and Authenticator — except an Accounting-Request carrying
/// Acct-Delay-Time: that value becomes its original plus the whole seconds since Start, and a changed packet
/// needs a new Identifier and Request Authenticator (AUTH.md §7.6), drawn from the random source.</item>
/// <item><see cref="Receive"/>: a datagram is taken as the answer only if it parses, carries the current
/// Identifier, has a Code that answers the request, and its Response Authenticator (and Message-Authenticator,
/// required for Access replies unless configured off) verify with the secret. Anything else is dropped
/// silently and counted in <see cref="DroppedCount"/>.</item>
/// </list>
/// Outputs: <see cref="TryPollTransmit"/> (the datagram to send), <see cref="TryPollEvent"/> (the result,
/// once), <see cref="NextDeadline"/>. Never throws on received bytes.
/// </summary>
public sealed class RadiusTransaction
{
    private readonly byte[] _request;
    private readonly byte[] _secret;
    private readonly RadiusTransactionSettings _settings;
    private readonly IRandomSource? _random;
    private readonly int _delayOffset;
    private readonly uint _initialDelay;
    private byte[]? _response;
    private TimeSpan _startTime;
    private TimeSpan _currentTimeout;
    private TimeSpan? _deadline;
    private bool _started;
    private bool _transmitQueued;
    private bool _eventQueued;

    /// <summary>Creates a transaction for a finished, signed request.</summary>
    /// <param name="request">The signed request (copied).</param>
    /// <param name="secret">The shared secret (copied).</param>
    /// <param name="settings">Retransmission policy.</param>
    /// <param name="random">Needed only for Accounting-Requests with Acct-Delay-Time (new Identifier on change).</param>
    /// <exception cref="ArgumentException">The request is malformed or is itself a reply, or the settings are invalid.</exception>
    /// <exception cref="ArgumentNullException">An Accounting-Request with Acct-Delay-Time but no <paramref name="random"/>.</exception>
    public RadiusTransaction(ReadOnlySpan<byte> request, ReadOnlySpan<byte> secret, RadiusTransactionSettings settings, IRandomSource? random = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (RadiusPacket.TryRead(request, out var view, out _) != OperationStatus.Done
            || view.Code is not (RadiusCode.AccessRequest or RadiusCode.AccountingRequest or RadiusCode.DisconnectRequest or RadiusCode.CoARequest))
        {
            RadiusThrow.Invalid(nameof(request), "Expected a well-formed Access-, Accounting-, Disconnect- or CoA-Request.");
        }

        if (settings.MaxTries < 1 || settings.InitialTimeout <= TimeSpan.Zero || settings.MaxTimeout < settings.InitialTimeout)
        {
            RadiusThrow.Invalid(nameof(settings), "MaxTries must be ≥ 1 and 0 < InitialTimeout ≤ MaxTimeout.");
        }

        _request = view.Bytes.ToArray();
        _secret = secret.ToArray();
        _settings = settings;
        _random = random;
        _delayOffset = view.Code == RadiusCode.AccountingRequest ? FindAcctDelayTime(_request) : -1;
        if (_delayOffset >= 0)
        {
            ArgumentNullException.ThrowIfNull(random);
            _initialDelay = BinaryPrimitives.ReadUInt32BigEndian(_request.AsSpan(_delayOffset));
        }
    }

    /// <summary>The request as it is now (Identifier and Authenticator may change for accounting).</summary>
    public ReadOnlySpan<byte> Request => _request;

    /// <summary>The Code of the request.</summary>
    public RadiusCode Code => (RadiusCode)_request[0];

    /// <summary>The current Identifier, which the host uses to route answers.</summary>
    public byte Identifier => _request[1];

    /// <summary>The current Request Authenticator (needed to decrypt keys in the answer).</summary>
    public ReadOnlySpan<byte> RequestAuthenticator => _request.AsSpan(RadiusPacket.AuthenticatorOffset, RadiusPacket.AuthenticatorLength);

    /// <summary>Where the transaction stands.</summary>
    public RadiusTransactionResult Result { get; private set; }

    /// <summary>Transmissions so far, the first included.</summary>
    public int Attempts { get; private set; }

    /// <summary>Datagrams dropped by <see cref="Receive"/>.</summary>
    public int DroppedCount { get; private set; }

    /// <summary>Why the last datagram was dropped.</summary>
    public RadiusDropReason LastDropReason { get; private set; }

    /// <summary>The verification failure behind the last <see cref="RadiusDropReason.VerificationFailed"/>.</summary>
    public RadiusVerifyError LastVerifyError { get; private set; }

    /// <summary>The verified answer (exactly Length octets) once <see cref="RadiusTransactionResult.Answered"/>; otherwise empty.</summary>
    public ReadOnlySpan<byte> Response => _response;

    /// <summary>When <see cref="HandleTimeout"/> must run next, or null when nothing is pending.</summary>
    public TimeSpan? NextDeadline => _deadline;

    /// <summary>Sends the request for the first time.</summary>
    /// <exception cref="InvalidOperationException">Called twice.</exception>
    public void Start(TimeSpan now)
    {
        if (_started)
        {
            RadiusThrow.InvalidState("Start was already called.");
        }

        _started = true;
        _startTime = now;
        _currentTimeout = _settings.InitialTimeout;
        Transmit(now);
    }

    /// <summary>Writes the datagram to send, if one is queued. Call until false.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too small (nothing is dequeued).</exception>
    public bool TryPollTransmit(Span<byte> destination, out int written)
    {
        written = 0;
        if (!_transmitQueued)
        {
            return false;
        }

        if (destination.Length < _request.Length)
        {
            RadiusThrow.PacketFull(_request.Length, destination.Length);
        }

        _transmitQueued = false;
        _request.CopyTo(destination);
        written = _request.Length;
        return true;
    }

    /// <summary>Returns the final result once, when the transaction has finished.</summary>
    public bool TryPollEvent(out RadiusTransactionResult result)
    {
        result = Result;
        if (!_eventQueued)
        {
            return false;
        }

        _eventQueued = false;
        return true;
    }

    /// <summary>Offers a received datagram; true when it was accepted as the verified answer. Never throws on it.</summary>
    public bool Receive(ReadOnlySpan<byte> datagram, TimeSpan now)
    {
        if (!_started || Result != RadiusTransactionResult.Pending)
        {
            return Drop(RadiusDropReason.NotPending);
        }

        if (RadiusPacket.TryRead(datagram, out var view, out _) != OperationStatus.Done)
        {
            return Drop(RadiusDropReason.Malformed);
        }

        if (view.Identifier != Identifier)
        {
            return Drop(RadiusDropReason.WrongIdentifier);
        }

        if (!Answers(Code, view.Code))
        {
            return Drop(RadiusDropReason.UnexpectedCode);
        }

        bool isAccess = Code == RadiusCode.AccessRequest;
        var error = RadiusAuthenticator.VerifyResponse(view.Bytes, RequestAuthenticator, _secret, isAccess && _settings.RequireMessageAuthenticator);
        if (error != RadiusVerifyError.None)
        {
            LastVerifyError = error;
            return Drop(RadiusDropReason.VerificationFailed);
        }

        _response = view.Bytes.ToArray();
        Finish(RadiusTransactionResult.Answered);
        return true;
    }

    /// <summary>Runs the retransmission timer if it is due at <paramref name="now"/>.</summary>
    public void HandleTimeout(TimeSpan now)
    {
        if (_deadline is not TimeSpan deadline || now < deadline || Result != RadiusTransactionResult.Pending)
        {
            return;
        }

        if (Attempts >= _settings.MaxTries)
        {
            Finish(RadiusTransactionResult.TimedOut);
            return;
        }

        if (_settings.Backoff == RadiusBackoff.Doubling)
        {
            var doubled = _currentTimeout + _currentTimeout;
            _currentTimeout = doubled > _settings.MaxTimeout ? _settings.MaxTimeout : doubled;
        }

        UpdateAcctDelayTime(now);
        Transmit(now);
    }

    /// <summary>True when <paramref name="reply"/> is a Code that answers <paramref name="request"/>.</summary>
    public static bool Answers(RadiusCode request, RadiusCode reply) => request switch
    {
        RadiusCode.AccessRequest => reply is RadiusCode.AccessAccept or RadiusCode.AccessReject or RadiusCode.AccessChallenge,
        RadiusCode.AccountingRequest => reply == RadiusCode.AccountingResponse,
        RadiusCode.DisconnectRequest => reply is RadiusCode.DisconnectAck or RadiusCode.DisconnectNak,
        RadiusCode.CoARequest => reply is RadiusCode.CoAAck or RadiusCode.CoANak,
        _ => false,
    };

    private void Transmit(TimeSpan now)
    {
        Attempts++;
        _transmitQueued = true;
        _deadline = now + _currentTimeout;
    }

    private void Finish(RadiusTransactionResult result)
    {
        Result = result;
        _deadline = null;
        _transmitQueued = false;
        _eventQueued = true;
    }

    private bool Drop(RadiusDropReason reason)
    {
        DroppedCount++;
        LastDropReason = reason;
        return false;
    }

    /// <summary>
    /// RFC 2866 §5.2: Acct-Delay-Time is how long the NAS has been trying to send this record; when it changes
    /// the packet is a new one, so it gets a new Identifier and Request Authenticator (RFC 5080 §2.2.1).
    /// </summary>
    private void UpdateAcctDelayTime(TimeSpan now)
    {
        if (_delayOffset < 0 || _random is null)
        {
            return;
        }

        long elapsed = Math.Max(0, (now - _startTime).Ticks / TimeSpan.TicksPerSecond);
        uint delay = (uint)Math.Min(_initialDelay + elapsed, uint.MaxValue);
        var field = _request.AsSpan(_delayOffset, 4);
        if (BinaryPrimitives.ReadUInt32BigEndian(field) == delay)
        {
            return;
        }

        BinaryPrimitives.WriteUInt32BigEndian(field, delay);
        Span<byte> id = stackalloc byte[1];
        _random.Fill(id);
        _request[1] = id[0] == _request[1] ? (byte)(id[0] + 1) : id[0];
        RadiusAuthenticator.SignRequest(_request, _secret);
    }

    private static int FindAcctDelayTime(byte[] packet)
    {
        int offset = RadiusPacket.HeaderLength;
        foreach (var attribute in new RadiusAttributeEnumerator(packet.AsSpan(RadiusPacket.HeaderLength)))
        {
            if (attribute.Type == RadiusAttributeType.AcctDelayTime && attribute.Value.Length == 4)
            {
                return offset + 2;
            }

            offset += 2 + attribute.Value.Length;
        }

        return -1;
    }
}
