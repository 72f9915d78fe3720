using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Sstp.Protocol.Primitives;

namespace Sstp.Protocol.Ppp.Auth;

/// <summary>
/// PAP peer [RFC 1334 §2; AUTH.md §2].
/// <para>Theory of operation: <c>Start</c> sends Authenticate-Request (Peer-ID = user, Password as UTF-8)
/// and re-sends it, same Identifier, on the restart timer until an Ack or Nak with that Identifier arrives
/// (RFC 1334 §2.2). Ack → <see cref="AuthEvent.Succeeded"/> with an all-zero HLAK; Nak →
/// <see cref="AuthEvent.Failed"/> with the message; budget spent → <see cref="AuthFailure.Timeout"/>.</para>
/// </summary>
public sealed class PapPeer : AuthPeer
{
    private byte _identifier;

    /// <summary>Creates the machine; <paramref name="random"/> supplies the Identifier.</summary>
    public PapPeer(AuthPeerSettings settings, IRandomSource random)
        : base(settings, random)
    {
    }

    /// <inheritdoc/>
    public override PppProtocol Protocol => PppProtocol.Pap;

    private protected override void OnStart(TimeSpan now)
    {
        Span<byte> id = stackalloc byte[1];
        Random.Fill(id);
        _identifier = id[0];
        byte[] user = UserBytes;
        byte[] password = PasswordUtf8();
        try
        {
            var packet = new byte[PapPacket.GetRequestLength(user.Length, password.Length)];
            PapPacket.WriteRequest(packet, _identifier, user, password);
            SendWithRetransmit(packet, now);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(password);
        }
    }

    private protected override void OnReceive(ReadOnlySpan<byte> packet, TimeSpan now)
    {
        if (IsFinished || PapPacket.TryRead(packet, out var pap, out _) != OperationStatus.Done || pap.Identifier != _identifier)
        {
            return;
        }

        switch (pap.Code)
        {
            case PapCode.AuthenticateAck:
                Succeed(new AuthOutcome(Settings.User, AuthMethod.Pap, new byte[AuthOutcome.HlakLength]));
                break;
            case PapCode.AuthenticateNak:
                Fail(AuthFailure.BadCredentials, 0, Encoding.UTF8.GetString(pap.Message));
                break;
            default:
                break;
        }
    }
}
