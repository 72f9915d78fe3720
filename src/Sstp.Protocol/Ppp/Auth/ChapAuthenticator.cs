using System.Buffers;
using System.Text;
using Sstp.Protocol.Primitives;

namespace Sstp.Protocol.Ppp.Auth;

/// <summary>
/// Shared CHAP authenticator logic for CHAP-MD5 and MS-CHAPv2 [RFC 1994 §4; RFC 2759; AUTH.md §3–§4].
/// <para>Theory of operation: <c>Start</c> sends a Challenge (random Identifier and value) and re-sends it,
/// same Identifier, on the restart timer until a Response with that Identifier arrives — pppd discards
/// packets before its own LCP is open, so the first one is often lost (INTEROP.md §3). The Response is
/// handed to the host (<see cref="AuthStatus.AwaitingHost"/>); Responses arriving meanwhile are dropped.
/// <c>Complete</c> sends Success or Failure with the Response's Identifier and keeps it: a retransmitted
/// Response (same Identifier) is answered with the same packet again (RFC 1994 §4.2). Responses with another
/// Identifier are discarded.</para>
/// </summary>
public abstract class ChapAuthenticator : Authenticator
{
    private readonly IRandomSource _random;
    private byte[] _result = [];
    private bool _haveResult;
    private byte _resultIdentifier;

    private protected ChapAuthenticator(AuthenticatorSettings settings, IRandomSource random)
        : base(settings)
    {
        ArgumentNullException.ThrowIfNull(random);
        _random = random;
    }

    /// <inheritdoc/>
    public override PppProtocol Protocol => PppProtocol.Chap;

    /// <summary>Identifier of the outstanding Challenge.</summary>
    private protected byte Identifier { get; set; }

    /// <summary>Value of the outstanding Challenge.</summary>
    private protected byte[] Challenge { get; set; } = [];

    /// <summary>The user name from the last Response.</summary>
    private protected string User { get; private set; } = string.Empty;

    /// <summary>Length of the challenge value (16 for both methods here).</summary>
    private protected virtual int ChallengeLength => 16;

    private protected override void OnStart(TimeSpan now)
    {
        Span<byte> id = stackalloc byte[1];
        _random.Fill(id);
        SendChallenge(id[0], now, retransmit: true);
    }

    /// <summary>Draws a new challenge value, sends it under <paramref name="identifier"/>.</summary>
    private protected void SendChallenge(byte identifier, TimeSpan now, bool retransmit)
    {
        Identifier = identifier;
        Challenge = new byte[ChallengeLength];
        _random.Fill(Challenge);
        byte[] name = Encoding.UTF8.GetBytes(Settings.ServerName);
        var packet = new byte[PppPacket.HeaderLength + ChapPacket.GetValueAndNameLength(Challenge.Length, name.Length)];
        ChapPacket.WriteChallengeOrResponse(packet, ChapCode.Challenge, identifier, Challenge, name);
        if (retransmit)
        {
            SendWithRetransmit(packet, now);
        }
        else
        {
            Send(packet);
        }
    }

    private protected override void OnReceive(ReadOnlySpan<byte> packet, TimeSpan now)
    {
        if (ChapPacket.TryRead(packet, out var chap, out _) != OperationStatus.Done || chap.Code != ChapCode.Response)
        {
            return;
        }

        if (Status == AuthStatus.InProgress && chap.Identifier == Identifier)
        {
            var request = TryCreateRequest(chap);
            if (request is null)
            {
                return;
            }

            User = Encoding.UTF8.GetString(chap.Name);
            StopRetransmit();
            SetAwaitingHost(true);
            Emit(new AuthEvent.CredentialsReceived(request));
            return;
        }

        if (_haveResult && chap.Identifier == _resultIdentifier)
        {
            // RFC 1994 §4.2: a retransmitted Response gets the same Success/Failure again.
            Send(_result);
        }
    }

    /// <summary>Turns a Response into the host's request, or null to discard a malformed one.</summary>
    private protected abstract AuthRequest? TryCreateRequest(ChapPacket response);

    /// <summary>Sends (and remembers) a Success/Failure for the outstanding Identifier.</summary>
    private protected void SendResult(ChapCode code, ReadOnlySpan<byte> message)
    {
        var packet = new byte[PppPacket.HeaderLength + message.Length];
        ChapPacket.WriteMessage(packet, code, Identifier, message);
        _result = packet;
        _resultIdentifier = Identifier;
        _haveResult = true;
        Send(packet);
    }
}
