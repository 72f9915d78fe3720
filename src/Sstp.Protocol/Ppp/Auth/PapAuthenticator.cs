using System.Buffers;
using System.Text;
using Sstp.Protocol.Primitives;

namespace Sstp.Protocol.Ppp.Auth;

/// <summary>
/// PAP authenticator [RFC 1334 §2; AUTH.md §2; PPP.md §6].
/// <para>Theory of operation: the peer drives PAP, so <c>Start</c> only arms the overall timeout. The first
/// Authenticate-Request is handed to the host (<see cref="PapRequest"/>) and the machine waits
/// (<see cref="AuthStatus.AwaitingHost"/>); repeats arriving meanwhile are dropped. <c>Complete</c> sends
/// Authenticate-Ack or -Nak with the request's Identifier and finishes. A peer that lost our answer
/// retransmits its request; every later request is answered with the same Code and message (RFC 1334 §2.2.1:
/// "duplicate" requests get the same reply). OSC sends its request once and never retransmits (INTEROP.md
/// §4) — nothing here depends on retransmission.</para>
/// </summary>
public sealed class PapAuthenticator : Authenticator
{
    private PapCode? _answerCode;
    private byte[] _answerMessage = [];
    private string _user = string.Empty;
    private byte _lastIdentifier;

    /// <summary>Creates the machine. <paramref name="random"/> is unused by PAP and accepted for a uniform shape.</summary>
    public PapAuthenticator(AuthenticatorSettings settings, IRandomSource random)
        : base(settings)
    {
        ArgumentNullException.ThrowIfNull(random);
    }

    /// <inheritdoc/>
    public override PppProtocol Protocol => PppProtocol.Pap;

    private protected override void OnStart(TimeSpan now)
    {
    }

    private protected override void OnReceive(ReadOnlySpan<byte> packet, TimeSpan now)
    {
        if (PapPacket.TryRead(packet, out var pap, out _) != OperationStatus.Done || pap.Code != PapCode.AuthenticateRequest)
        {
            return;
        }

        if (_answerCode is PapCode code)
        {
            // A duplicate (our Ack/Nak was lost): the same answer again, under the request's Identifier.
            Send(BuildAnswer(code, pap.Identifier, _answerMessage));
            return;
        }

        if (Status != AuthStatus.InProgress)
        {
            return;
        }

        _user = Encoding.UTF8.GetString(pap.PeerId);
        _lastIdentifier = pap.Identifier;
        SetAwaitingHost(true);
        Emit(new AuthEvent.CredentialsReceived(new PapRequest(_user, pap.Password.ToArray())));
    }

    private protected override void OnComplete(AuthDecision decision, TimeSpan now)
    {
        if (decision.Kind == AuthDecisionKind.EapContinue)
        {
            throw new ArgumentException("PAP cannot continue an EAP exchange.", nameof(decision));
        }

        bool accepted = decision.Kind == AuthDecisionKind.Accept;
        _answerCode = accepted ? PapCode.AuthenticateAck : PapCode.AuthenticateNak;
        _answerMessage = Encoding.UTF8.GetBytes(accepted ? SuccessText(decision) : FailureText(decision));
        Send(BuildAnswer(_answerCode.Value, _lastIdentifier, _answerMessage));
        if (accepted)
        {
            Succeed(new AuthOutcome(_user, AuthMethod.Pap, new byte[AuthOutcome.HlakLength]));
        }
        else
        {
            Fail(AuthFailure.BadCredentials, 0, FailureText(decision));
        }
    }

    private static byte[] BuildAnswer(PapCode code, byte identifier, byte[] message)
    {
        var packet = new byte[PppPacket.HeaderLength + 1 + Math.Min(message.Length, byte.MaxValue)];
        PapPacket.WriteResponse(packet, code, identifier, message.AsSpan(0, packet.Length - PppPacket.HeaderLength - 1));
        return packet;
    }
}
