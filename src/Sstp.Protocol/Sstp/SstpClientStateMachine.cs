using System.Security.Cryptography;
using Sstp.Protocol.Primitives;

namespace Sstp.Protocol.Sstp;

// Theory of operation — client role, SSTP.md §5.2 ([MS-SSTP §3.2]).
//
// Client_Call_Disconnected --Start--> send CALL_CONNECT_REQUEST → Client_Connect_Request_Sent (negotiation timer)
//   rx CALL_CONNECT_ACK → needs a 40-byte Crypto Binding Request whose bitmask meets our supported hashes (and a
//                         certificate hash we hold); choose SHA-256 if allowed else SHA-1; keep the nonce;
//                         restart the negotiation timer; PppLowerLayerUp → Client_Connect_Ack_Received.
//                         A bad ACK → ABORT (reason BadConnectAck).
//   rx CALL_CONNECT_NAK → resend the request (restart the timer) up to MaxConnectRetries times, then ABORT(0x06).
// Client_Connect_Ack_Received (PPP control frames flow)
//   CompleteAuthentication(hlak) → CALL_CONNECTED with the crypto binding → Client_Call_Connected + Hello.
// Any other handshake message outside T → ABORT(0x05). Teardown, echo and timers: SstpStateMachine.

/// <summary>The SSTP client state machine (SSTP.md §5.2, §5.4, §8).</summary>
public sealed class SstpClientStateMachine : SstpStateMachine
{
    private readonly SstpClientSettings _settings;
    private readonly byte[] _nonce = new byte[SstpControlMessage.NonceLength];
    private int _retries;

    /// <summary>
    /// Creates a client machine in Client_Call_Disconnected. <paramref name="random"/> is accepted for symmetry
    /// with the server; the client currently draws no random bytes.
    /// </summary>
    public SstpClientStateMachine(SstpClientSettings settings, IRandomSource random)
        : base(TimersOf(settings), SstpState.ClientCallDisconnected, SstpState.ClientCallConnected)
    {
        ArgumentNullException.ThrowIfNull(random);
        _settings = settings;
    }

    /// <inheritdoc/>
    public override bool AllowsPppControl =>
        State is SstpState.ClientConnectAckReceived or SstpState.ClientCallConnected;

    /// <inheritdoc/>
    public override void Start(TimeSpan now)
    {
        MarkStarted();
        SendConnectRequest(now);
        State = SstpState.ClientConnectRequestSent;
    }

    /// <summary>
    /// Sends CALL_CONNECTED with the crypto binding (in Client_Connect_Ack_Received; ignored in any other state)
    /// and enters Client_Call_Connected.
    /// </summary>
    public override void CompleteAuthentication(ReadOnlySpan<byte> hlak, TimeSpan now)
    {
        if (IsClosed)
        {
            return;
        }

        RequireStarted();
        if (State != SstpState.ClientConnectAckReceived)
        {
            return;
        }

        var key = Hlak.Normalize(hlak);
        var certHash = ChosenHash == CertHashProtocol.Sha256 ? _settings.ServerCertHashSha256 : _settings.ServerCertHashSha1;
        Span<byte> packet = stackalloc byte[SstpControlMessage.CallConnectedLength];
        int n = CryptoBinding.WriteCallConnected(packet, ChosenHash, _nonce, certHash.Span, key);
        CryptographicOperations.ZeroMemory(key);
        Send(packet[..n]);
        EnterCallConnected(now, ChosenHash, null);
    }

    private protected override void OnHandshakeMessage(SstpControlMessageView message, TimeSpan now)
    {
        switch (message.MessageType)
        {
            case SstpMessageType.CallConnectAck when State == SstpState.ClientConnectRequestSent:
                OnConnectAck(message, now);
                break;
            case SstpMessageType.CallConnectNak when State == SstpState.ClientConnectRequestSent:
                OnConnectNak(now);
                break;
            default:
                StartAbort(SstpAttributeId.StatusInfo, SstpStatus.UnacceptedFrameReceived, SstpCloseReason.UnacceptedMessage, now);
                break;
        }
    }

    private void OnConnectAck(SstpControlMessageView message, TimeSpan now)
    {
        // [MS-SSTP §3.2.5.3.2]: Crypto Binding Request present with length 40 (sstpc/OSC insist on it).
        if (!message.TryGetCryptoBindingRequest(out var bitmask, out var nonce))
        {
            StartAbort(SstpAttributeId.CryptoBindingRequest, SstpStatus.AttribNotSupportedInMsg, SstpCloseReason.BadConnectAck, now);
            return;
        }

        var usable = bitmask & _settings.SupportedHashes & UsableHashes();
        if (usable == CertHashProtocol.None)
        {
            StartAbort(SstpAttributeId.CryptoBindingRequest, SstpStatus.ValueNotSupported, SstpCloseReason.BadConnectAck, now);
            return;
        }

        // [MS-SSTP §2.2.6]: if both are allowed and supported the client MUST choose SHA-256.
        ChosenHash = (usable & CertHashProtocol.Sha256) != 0 ? CertHashProtocol.Sha256 : CertHashProtocol.Sha1;
        nonce.CopyTo(_nonce);
        StartNegotiationTimer(now);
        State = SstpState.ClientConnectAckReceived;
        Raise(new SstpEvent.PppLowerLayerUp());
    }

    private void OnConnectNak(TimeSpan now)
    {
        if (_retries >= _settings.MaxConnectRetries)
        {
            StartAbort(SstpAttributeId.StatusInfo, SstpStatus.RetryCountExceeded, SstpCloseReason.ConnectRequestNakked, now);
            return;
        }

        _retries++;
        SendConnectRequest(now);
    }

    private void SendConnectRequest(TimeSpan now)
    {
        Span<byte> request = stackalloc byte[SstpControlMessage.CallConnectRequestLength];
        Send(request[..SstpControlMessage.WriteCallConnectRequest(request)]);
        StartNegotiationTimer(now);
    }

    /// <summary>Hash protocols for which we hold the server certificate's hash.</summary>
    private CertHashProtocol UsableHashes()
    {
        var usable = CertHashProtocol.None;
        if (_settings.ServerCertHashSha1.Length == 20)
        {
            usable |= CertHashProtocol.Sha1;
        }

        if (_settings.ServerCertHashSha256.Length == 32)
        {
            usable |= CertHashProtocol.Sha256;
        }

        return usable;
    }

    private static SstpTimers TimersOf(SstpClientSettings settings)
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
