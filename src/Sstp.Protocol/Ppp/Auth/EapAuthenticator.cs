using System.Buffers;
using System.Text;
using Sstp.Protocol.Crypto;
using Sstp.Protocol.Primitives;

namespace Sstp.Protocol.Ppp.Auth;

/// <summary>
/// EAP authenticator [RFC 3748 §4; AUTH.md §6, §6.1].
/// <para>Theory of operation. <c>Start</c> sends Request/Identity. Every Request is re-sent (same Identifier)
/// on the restart timer until a Response with its Identifier arrives; other Responses are discarded
/// (RFC 3748 §4.1, §4.3). Each new Request takes the next Identifier.</para>
/// <para>Local mode (EAP-MSCHAPv2): Response/Identity → Request/MSCHAPv2-Challenge (MS-CHAPv2-ID = EAP
/// Identifier) → Response/MSCHAPv2-Response → <see cref="MsChapV2Request"/> to the host →
/// Request/MSCHAPv2-Success (<c>S=… M=…</c>) or -Failure (<c>E=… R=0 C=… V=3 M=…</c>) → the peer's one-byte
/// acknowledgement → EAP-Success or EAP-Failure, and the machine finishes. A Legacy Nak (the peer wants
/// another type) ends with EAP-Failure and <see cref="AuthFailure.PeerRefused"/>.</para>
/// <para>Pass-through mode (<see cref="AuthenticatorSettings.EapPassThrough"/>, for RADIUS, RFC 3579 §2.1):
/// every Response from Identity on goes to the host as <see cref="EapPassThroughRequest"/>; the host answers
/// with the next Request (<see cref="AuthDecision.EapContinue"/>), or accept/reject with the back-end's
/// EAP-Success/-Failure and keys.</para>
/// </summary>
public sealed class EapAuthenticator : Authenticator
{
    private readonly IRandomSource _random;
    private Phase _phase;
    private byte _identifier;
    private string _identity = string.Empty;
    private string _msUser = string.Empty;
    private byte[] _challenge = [];
    private byte _msChapV2Id;
    private byte[] _hlak = [];
    private AuthDecision? _decision;

    /// <summary>Creates the machine; <paramref name="random"/> supplies the first Identifier and the challenge.</summary>
    public EapAuthenticator(AuthenticatorSettings settings, IRandomSource random)
        : base(settings)
    {
        ArgumentNullException.ThrowIfNull(random);
        _random = random;
    }

    private enum Phase
    {
        Identity,
        MsChapV2Response,
        HostDecision,
        SuccessAcknowledgement,
        FailureAcknowledgement,
        PassThrough,
        Done,
    }

    /// <inheritdoc/>
    public override PppProtocol Protocol => PppProtocol.Eap;

    /// <summary>The identity from Response/Identity (empty until it arrives).</summary>
    public string Identity => _identity;

    private protected override void OnStart(TimeSpan now)
    {
        Span<byte> id = stackalloc byte[1];
        _random.Fill(id);
        _identifier = id[0];
        _phase = Phase.Identity;
        SendRequest(BuildRequest(EapType.Identity, default), now);
    }

    private protected override void OnReceive(ReadOnlySpan<byte> packet, TimeSpan now)
    {
        // RFC 3748 §4.1: only a Response whose Identifier matches the outstanding Request is processed.
        if (EapPacket.TryRead(packet, out var eap, out _) != OperationStatus.Done
            || eap.Code != EapCode.Response || eap.Identifier != _identifier || Status != AuthStatus.InProgress)
        {
            return;
        }

        if (Settings.EapPassThrough)
        {
            if (eap.Type == EapType.Identity && _phase == Phase.Identity)
            {
                _identity = Encoding.UTF8.GetString(eap.TypeData);
            }

            StopRetransmit();
            _phase = Phase.PassThrough;
            SetAwaitingHost(true);
            int length = PppPacket.HeaderLength + 1 + eap.TypeData.Length;
            Emit(new AuthEvent.CredentialsReceived(new EapPassThroughRequest(packet[..length].ToArray())));
            return;
        }

        switch (_phase)
        {
            case Phase.Identity when eap.Type == EapType.Identity:
                _identity = Encoding.UTF8.GetString(eap.TypeData);
                SendChallenge(now);
                break;
            case Phase.MsChapV2Response when eap.Type == EapType.LegacyNak:
                // The peer does not run EAP-MSCHAPv2 (its Nak lists what it wants); we offer nothing else.
                FinishWithFailure(AuthFailure.PeerRefused, 0, "peer refused EAP-MSCHAPv2");
                break;
            case Phase.MsChapV2Response when eap.Type == EapType.MsChapV2:
                ReceiveMsChapV2Response(eap.TypeData);
                break;
            case Phase.SuccessAcknowledgement when IsAcknowledgement(eap, EapMsChapV2OpCode.Success):
                StopRetransmit();
                _phase = Phase.Done;
                SendFinal(EapCode.Success);
                Succeed(new AuthOutcome(_msUser, AuthMethod.EapMsChapV2, _hlak));
                break;
            case Phase.FailureAcknowledgement when IsAcknowledgement(eap, EapMsChapV2OpCode.Failure):
                var decision = _decision!;
                FinishWithFailure(AuthFailure.BadCredentials, decision.ErrorCode, FailureText(decision));
                break;
            default:
                break;
        }
    }

    private protected override void OnComplete(AuthDecision decision, TimeSpan now)
    {
        if (Settings.EapPassThrough)
        {
            CompletePassThrough(decision, now);
            return;
        }

        _decision = decision;
        _identifier++;
        switch (decision.Kind)
        {
            case AuthDecisionKind.Accept:
                if (decision.AuthenticatorResponse is null)
                {
                    throw new ArgumentException("An EAP-MSCHAPv2 accept needs the S= authenticator response.", nameof(decision));
                }

                byte[] text = Encoding.UTF8.GetBytes(SuccessText(decision));
                var message = new byte[MsChapV2SuccessMessage.GetEncodedLength(text.Length)];
                MsChapV2SuccessMessage.Write(message, Encoding.ASCII.GetBytes(decision.AuthenticatorResponse), text);
                _hlak = decision.Hlak.ToArray();
                _phase = Phase.SuccessAcknowledgement;
                SendRequest(BuildMsChapV2(EapMsChapV2OpCode.Success, message), now);
                break;
            case AuthDecisionKind.Reject:
                var challenge = new byte[MsChapV2.ChallengeLength];
                _random.Fill(challenge);
                byte[] failure = new MsChapV2FailureMessage(decision.ErrorCode, false, challenge, 3, FailureText(decision)).ToBytes();
                _phase = Phase.FailureAcknowledgement;
                SendRequest(BuildMsChapV2(EapMsChapV2OpCode.Failure, failure), now);
                break;
            default:
                throw new ArgumentException("EapContinue needs pass-through mode.", nameof(decision));
        }

        SetAwaitingHost(false);
    }

    private void CompletePassThrough(AuthDecision decision, TimeSpan now)
    {
        switch (decision.Kind)
        {
            case AuthDecisionKind.EapContinue:
                var request = decision.EapPacket!;
                if (EapPacket.TryRead(request, out var eap, out _) != OperationStatus.Done || eap.Code != EapCode.Request)
                {
                    throw new ArgumentException("EapContinue needs a well-formed EAP Request.", nameof(decision));
                }

                SetAwaitingHost(false);
                _identifier = eap.Identifier;
                SendRequest(request, now);
                break;
            case AuthDecisionKind.Accept:
                _phase = Phase.Done;
                SendFinalOrGiven(decision.EapPacket, EapCode.Success);
                Succeed(new AuthOutcome(_identity, AuthMethod.EapPassThrough, decision.Hlak.ToArray()));
                break;
            default:
                _phase = Phase.Done;
                SendFinalOrGiven(decision.EapPacket, EapCode.Failure);
                Fail(AuthFailure.BadCredentials, decision.ErrorCode, decision.Message);
                break;
        }
    }

    private void SendChallenge(TimeSpan now)
    {
        _identifier++;
        _challenge = new byte[MsChapV2.ChallengeLength];
        _random.Fill(_challenge);
        byte[] name = Encoding.UTF8.GetBytes(Settings.ServerName);
        var data = new byte[ChapPacket.GetValueAndNameLength(_challenge.Length, name.Length)];
        ChapPacket.WriteValueAndName(data, _challenge, name);
        _phase = Phase.MsChapV2Response;
        _msChapV2Id = _identifier;
        SendRequest(BuildMsChapV2(EapMsChapV2OpCode.Challenge, data), now);
    }

    private void ReceiveMsChapV2Response(ReadOnlySpan<byte> typeData)
    {
        if (EapMsChapV2Packet.TryRead(typeData, out var ms, out _) != OperationStatus.Done
            || ms.OpCode != EapMsChapV2OpCode.Response
            || !ChapPacket.TryReadValueAndName(ms.Data, out var value, out var name)
            || MsChapV2Response.TryRead(value, out var response, out _) != OperationStatus.Done)
        {
            return;
        }

        StopRetransmit();
        _msUser = Encoding.UTF8.GetString(name);
        _msChapV2Id = ms.MsChapV2Id;
        _phase = Phase.HostDecision;
        SetAwaitingHost(true);
        Emit(new AuthEvent.CredentialsReceived(new MsChapV2Request(_msUser, _challenge,
            response.PeerChallenge.ToArray(), response.NtResponse.ToArray(), ms.MsChapV2Id)));
    }

    private static bool IsAcknowledgement(EapPacket eap, EapMsChapV2OpCode opCode) =>
        eap.Type == EapType.MsChapV2
        && EapMsChapV2Packet.TryRead(eap.TypeData, out var ms, out _) == OperationStatus.Done
        && ms.OpCode == opCode;

    private void FinishWithFailure(AuthFailure reason, int errorCode, string? message)
    {
        StopRetransmit();
        _phase = Phase.Done;
        SendFinal(EapCode.Failure);
        Fail(reason, errorCode, message);
    }

    private void SendFinal(EapCode code)
    {
        // RFC 3748 §4.2: Success/Failure carry the Identifier of the Response they answer; never re-sent.
        var packet = new byte[PppPacket.HeaderLength];
        EapPacket.WriteSuccessOrFailure(packet, code, _identifier);
        Send(packet);
    }

    private void SendFinalOrGiven(byte[]? given, EapCode code)
    {
        if (given is null)
        {
            SendFinal(code);
        }
        else
        {
            Send(given);
        }
    }

    private void SendRequest(byte[] packet, TimeSpan now) => SendWithRetransmit(packet, now);

    private byte[] BuildRequest(EapType type, ReadOnlySpan<byte> typeData)
    {
        var packet = new byte[EapPacket.RequestHeaderLength + typeData.Length];
        EapPacket.Write(packet, EapCode.Request, _identifier, type, typeData);
        return packet;
    }

    private byte[] BuildMsChapV2(EapMsChapV2OpCode opCode, ReadOnlySpan<byte> data)
    {
        var packet = new byte[EapPacket.RequestHeaderLength + EapMsChapV2Packet.HeaderLength + data.Length];
        EapMsChapV2Packet.WritePacket(packet, EapCode.Request, _identifier, opCode, _msChapV2Id, data);
        return packet;
    }
}
