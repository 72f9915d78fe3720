using System.Buffers;
using System.Text;
using Sstp.Protocol.Primitives;

namespace Sstp.Protocol.Ppp.Auth;

/// <summary>
/// EAP peer [RFC 3748 §4–§5; AUTH.md §6, §6.1].
/// <para>Theory of operation: the authenticator drives; every Request is answered under its Identifier, and a
/// repeated Request (same Identifier as the last one answered) gets the same Response again (RFC 3748 §4.1).
/// Identity → our user name. Notification → an empty Notification Response (RFC 3748 §5.2). EAP-MSCHAPv2
/// (Type 26, when allowed): Challenge → Response; Success → check <c>S=</c> (RFC 2759 §5) and acknowledge with
/// the one-byte OpCode 3, or fail with <see cref="AuthFailure.AuthenticatorNotVerified"/>; Failure → acknowledge
/// with OpCode 4 and fail with the parsed <c>E=</c> code. Any other Type → Legacy Nak listing
/// <see cref="AuthPeerSettings.AllowedEapTypes"/> (OSC sends <c>03 1A</c>, AUTH.md §6).</para>
/// <para>EAP-Success completes only after EAP-MSCHAPv2 proved the authenticator; because EAP-Success may be
/// lost or never sent (pppd 2.4.9 goes straight to IPCP, INTEROP.md §3), <see cref="NotifyNetworkPhaseStarted"/>
/// counts as success too (RFC 3748 §4.2 lower-layer indication). EAP-Failure fails.</para>
/// </summary>
public sealed class EapPeer : AuthPeer
{
    private byte[] _lastResponse = [];
    private byte _lastIdentifier;
    private byte[]? _verifiedHlak;

    /// <summary>Creates the machine; <paramref name="random"/> supplies the MS-CHAPv2 peer challenge.</summary>
    public EapPeer(AuthPeerSettings settings, IRandomSource random)
        : base(settings, random)
    {
    }

    /// <inheritdoc/>
    public override PppProtocol Protocol => PppProtocol.Eap;

    /// <inheritdoc/>
    public override void NotifyNetworkPhaseStarted()
    {
        if (!IsFinished && _verifiedHlak is not null)
        {
            Succeed(new AuthOutcome(Settings.User, AuthMethod.EapMsChapV2, _verifiedHlak));
        }
    }

    private protected override void OnStart(TimeSpan now)
    {
    }

    private protected override void OnReceive(ReadOnlySpan<byte> packet, TimeSpan now)
    {
        if (IsFinished || EapPacket.TryRead(packet, out var eap, out _) != OperationStatus.Done)
        {
            return;
        }

        switch (eap.Code)
        {
            case EapCode.Request:
                ReceiveRequest(eap);
                break;
            case EapCode.Success:
                if (_verifiedHlak is not null)
                {
                    Succeed(new AuthOutcome(Settings.User, AuthMethod.EapMsChapV2, _verifiedHlak));
                }
                else
                {
                    // Success before any method proved the authenticator: no mutual authentication, no keys.
                    Fail(AuthFailure.AuthenticatorNotVerified);
                }

                break;
            case EapCode.Failure:
                Fail(AuthFailure.BadCredentials);
                break;
            default:
                break;
        }
    }

    private void ReceiveRequest(EapPacket eap)
    {
        if (_lastResponse.Length > 0 && eap.Identifier == _lastIdentifier)
        {
            Send(_lastResponse);
            return;
        }

        switch (eap.Type)
        {
            case EapType.Identity:
                Respond(eap.Identifier, EapType.Identity, UserBytes);
                break;
            case EapType.Notification:
                Respond(eap.Identifier, EapType.Notification, default);
                break;
            case EapType.MsChapV2 when Settings.AllowedEapTypes.Contains(EapType.MsChapV2):
                ReceiveMsChapV2(eap);
                break;
            default:
                SendLegacyNak(eap.Identifier);
                break;
        }
    }

    private void ReceiveMsChapV2(EapPacket eap)
    {
        if (EapMsChapV2Packet.TryRead(eap.TypeData, out var ms, out _) != OperationStatus.Done || ms.IsAcknowledgement)
        {
            return;
        }

        switch (ms.OpCode)
        {
            case EapMsChapV2OpCode.Challenge:
                if (!ChapPacket.TryReadValueAndName(ms.Data, out var challenge, out _) || challenge.Length != 16)
                {
                    return;
                }

                byte[] value = BuildMsChapV2ResponseValue(challenge);
                byte[] name = UserBytes;
                var data = new byte[ChapPacket.GetValueAndNameLength(value.Length, name.Length)];
                ChapPacket.WriteValueAndName(data, value, name);
                var packet = new byte[EapPacket.RequestHeaderLength + EapMsChapV2Packet.HeaderLength + data.Length];
                EapMsChapV2Packet.WritePacket(packet, EapCode.Response, eap.Identifier, EapMsChapV2OpCode.Response, ms.MsChapV2Id, data);
                Remember(eap.Identifier, packet);
                break;
            case EapMsChapV2OpCode.Success:
                if (TryVerifySuccess(ms.Data, out byte[] hlak))
                {
                    _verifiedHlak = hlak;
                    Acknowledge(eap.Identifier, EapMsChapV2OpCode.Success);
                }
                else
                {
                    Fail(AuthFailure.AuthenticatorNotVerified, 0, Encoding.UTF8.GetString(ms.Data));
                }

                break;
            case EapMsChapV2OpCode.Failure:
                Acknowledge(eap.Identifier, EapMsChapV2OpCode.Failure);
                FailFromMsChapV2Failure(ms.Data);
                break;
            default:
                break;
        }
    }

    private void Acknowledge(byte identifier, EapMsChapV2OpCode opCode)
    {
        var packet = new byte[EapPacket.RequestHeaderLength + 1];
        EapMsChapV2Packet.WriteAcknowledgement(packet, identifier, opCode);
        Remember(identifier, packet);
    }

    private void SendLegacyNak(byte identifier)
    {
        // RFC 3748 §5.3.1: the Nak lists the types we want; a single 0 means "none".
        var wanted = Settings.AllowedEapTypes.Count == 0
            ? [0]
            : Settings.AllowedEapTypes.Select(t => (byte)t).ToArray();
        Respond(identifier, EapType.LegacyNak, wanted);
    }

    private void Respond(byte identifier, EapType type, ReadOnlySpan<byte> typeData)
    {
        var packet = new byte[EapPacket.RequestHeaderLength + typeData.Length];
        EapPacket.Write(packet, EapCode.Response, identifier, type, typeData);
        Remember(identifier, packet);
    }

    private void Remember(byte identifier, byte[] packet)
    {
        _lastIdentifier = identifier;
        _lastResponse = packet;
        Send(packet);
    }
}
