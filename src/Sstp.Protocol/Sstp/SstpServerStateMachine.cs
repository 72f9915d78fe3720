using Sstp.Protocol.Primitives;

namespace Sstp.Protocol.Sstp;

// Theory of operation — server role, SSTP.md §5.3 ([MS-SSTP §3.3]).
//
// Server_Call_Disconnected --Start--> Server_Connect_Request_Pending (negotiation timer)
//   rx CALL_CONNECT_REQUEST valid   → fresh 32-byte nonce, CALL_CONNECT_ACK(OfferedHashes, nonce), restart the
//                                     negotiation timer, PppLowerLayerUp → Server_Call_Connected_Pending
//   rx CALL_CONNECT_REQUEST invalid → CALL_CONNECT_NAK with one Status Info per problem; after MaxNakCount
//                                     NAKs the next bad request is aborted with 0x06
// Server_Call_Connected_Pending (PPP control frames flow, IP is blocked)
//   rx CALL_CONNECTED → kept until the HLAK is known (CompleteAuthentication may come before or after it,
//                       even after IPCP: INTEROP.md §3), then verified per CryptoBindingPolicy:
//                       ok (or LogOnly) → Server_Call_Connected + Hello; fail → ABORT with §8.7 statuses.
// Any other handshake message outside T → ABORT(0x05). Teardown, echo and timers: SstpStateMachine.

/// <summary>The SSTP server state machine (SSTP.md §5.3, §5.4, §8.6).</summary>
public sealed class SstpServerStateMachine : SstpStateMachine
{
    private readonly SstpServerSettings _settings;
    private readonly IRandomSource _random;
    private readonly byte[] _nonce = new byte[SstpControlMessage.NonceLength];
    private byte[]? _hlak;
    private byte[]? _pendingCallConnected;
    private int _nakCount;

    /// <summary>Creates a server machine in Server_Call_Disconnected.</summary>
    public SstpServerStateMachine(SstpServerSettings settings, IRandomSource random)
        : base(TimersOf(settings), SstpState.ServerCallDisconnected, SstpState.ServerCallConnected)
    {
        ArgumentNullException.ThrowIfNull(random);
        _settings = settings;
        _random = random;
    }

    /// <inheritdoc/>
    public override bool AllowsPppControl =>
        State is SstpState.ServerCallConnectedPending or SstpState.ServerCallConnected;

    /// <summary>The nonce sent in CALL_CONNECT_ACK (all zeros before).</summary>
    public ReadOnlySpan<byte> Nonce => _nonce;

    /// <inheritdoc/>
    public override void Start(TimeSpan now)
    {
        MarkStarted();
        State = SstpState.ServerConnectRequestPending;
        StartNegotiationTimer(now);
    }

    /// <inheritdoc/>
    public override void CompleteAuthentication(ReadOnlySpan<byte> hlak, TimeSpan now)
    {
        if (IsClosed)
        {
            return;
        }

        RequireStarted();
        _hlak = Hlak.Normalize(hlak);
        if (_pendingCallConnected is not null && State == SstpState.ServerCallConnectedPending)
        {
            VerifyPending(now);
        }
    }

    private protected override void OnHandshakeMessage(SstpControlMessageView message, TimeSpan now)
    {
        switch (message.MessageType)
        {
            case SstpMessageType.CallConnectRequest when State == SstpState.ServerConnectRequestPending:
                OnConnectRequest(message, now);
                break;
            case SstpMessageType.CallConnected when State == SstpState.ServerCallConnectedPending:
                OnCallConnected(message, now);
                break;
            default:
                StartAbort(SstpAttributeId.StatusInfo, SstpStatus.UnacceptedFrameReceived, SstpCloseReason.UnacceptedMessage, now);
                break;
        }
    }

    private void OnConnectRequest(SstpControlMessageView message, TimeSpan now)
    {
        var problems = ConnectRequestValidator.Check(message);
        if (problems.Count == 0)
        {
            _random.Fill(_nonce);
            Span<byte> ack = stackalloc byte[SstpControlMessage.CallConnectAckLength];
            Send(ack[..SstpControlMessage.WriteCallConnectAck(ack, _settings.OfferedHashes, _nonce)]);
            StartNegotiationTimer(now);
            State = SstpState.ServerCallConnectedPending;
            Raise(new SstpEvent.PppLowerLayerUp());
            return;
        }

        if (_nakCount >= _settings.MaxNakCount)
        {
            StartAbort(SstpAttributeId.StatusInfo, SstpStatus.RetryCountExceeded, SstpCloseReason.ConnectNakLimit, now);
            return;
        }

        _nakCount++;
        var infos = problems.ToArray();
        var nak = new byte[SstpControlMessage.GetCallConnectNakLength(infos)];
        SstpControlMessage.WriteCallConnectNak(nak, infos);
        Send(nak);
    }

    private void OnCallConnected(SstpControlMessageView message, TimeSpan now)
    {
        if (_settings.CryptoBindingPolicy == CryptoBindingPolicy.Off)
        {
            // No verification (SoftEther-like): take the hash byte for information only.
            _ = CryptoBinding.CheckShape(message.Packet, out var hash);
            EnterCallConnected(now, hash is CertHashProtocol.Sha1 or CertHashProtocol.Sha256 ? hash : CertHashProtocol.None, null);
            return;
        }

        // SSTP.md §5.3 ordering quirk: the message may precede our HLAK; keep it and verify later.
        _pendingCallConnected = message.Packet.ToArray();
        if (_hlak is not null)
        {
            VerifyPending(now);
        }
    }

    private void VerifyPending(TimeSpan now)
    {
        var packet = _pendingCallConnected!;
        _pendingCallConnected = null;
        var result = CryptoBinding.Verify(
            packet, _nonce, _settings.OfferedHashes, _settings.CertHashesSha1, _settings.CertHashesSha256, _hlak);
        BindingResult = result;
        _ = CryptoBinding.CheckShape(packet, out var hash);
        var chosen = hash is CertHashProtocol.Sha1 or CertHashProtocol.Sha256 ? hash : CertHashProtocol.None;
        if (result == CryptoBindingResult.Ok || _settings.CryptoBindingPolicy == CryptoBindingPolicy.LogOnly)
        {
            EnterCallConnected(now, chosen, result);
            return;
        }

        // SSTP.md §8.7: shape problems → (STATUS_INFO, 0x09); value mismatches → (CRYPTO_BINDING, 0x04).
        if (result is CryptoBindingResult.MissingAttribute or CryptoBindingResult.BadLength)
        {
            StartAbort(SstpAttributeId.StatusInfo, SstpStatus.AttribNotSupportedInMsg, SstpCloseReason.CryptoBindingFailed, now);
        }
        else
        {
            StartAbort(SstpAttributeId.CryptoBinding, SstpStatus.ValueNotSupported, SstpCloseReason.CryptoBindingFailed, now);
        }
    }

    private static SstpTimers TimersOf(SstpServerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new SstpTimers(
            settings.NegotiationTimeout,
            settings.HelloInterval,
            settings.AbortTimeout1,
            settings.AbortTimeout2,
            settings.DisconnectTimeout1,
            settings.DisconnectTimeout2);
    }
}
