using System.Buffers.Binary;
using Sstp.Protocol.Ppp.Negotiation;

namespace Sstp.Protocol.Ppp.Lcp;

/// <summary>Judging the peer's LCP Configure-Request (PPP.md §5.3 server, §5.5 client).</summary>
internal sealed partial class LcpPolicy
{
    protected internal override void JudgeRequest(ConfigureOptionList options, ConfigureReply reply)
    {
        foreach (var option in options)
        {
            switch ((LcpOptionType)option.Type)
            {
                case LcpOptionType.MaximumReceiveUnit:
                    JudgeMru(option, reply);
                    break;
                case LcpOptionType.AsyncControlCharacterMap when _role == PppRole.Client && option.Data.Length == 4:
                    // PPP.md §5.5: meaningless over SSTP but harmless, so the client Acks it.
                    break;
                case LcpOptionType.AuthenticationProtocol when _role == PppRole.Client:
                    JudgeAuthentication(option, reply);
                    break;
                case LcpOptionType.MagicNumber:
                    JudgeMagic(option, reply);
                    break;
                default:
                    // PPP.md §5.3: ACCM (server), Authentication-Protocol (server: the client does not get to
                    // authenticate us), Quality, PFC, ACFC, Callback, MRRU, SSNHF, Endpoint-Discriminator and
                    // anything unknown are rejected. PFC/ACFC must never be agreed (PPP.md §1.2).
                    reply.Reject(option);
                    break;
            }
        }
    }

    private void JudgeMru(ConfigureOption option, ConfigureReply reply)
    {
        if (option.Data.Length != 2)
        {
            reply.Reject(option);
            return;
        }

        int mru = BinaryPrimitives.ReadUInt16BigEndian(option.Data);
        int min = Math.Min(_settings.MinPeerMru, _settings.MaxPeerMru);
        int max = Math.Min(_settings.MaxPeerMru, LcpSettings.MaxMru);
        if (mru < min || mru > max)
        {
            // PPP.md §5.3: Nak with our limit (Windows' 4091 becomes our maximum).
            Span<byte> value = stackalloc byte[2];
            BinaryPrimitives.WriteUInt16BigEndian(value, (ushort)(mru > max ? max : min));
            reply.Nak(option, value);
        }
    }

    private void JudgeMagic(ConfigureOption option, ConfigureReply reply)
    {
        if (option.Data.Length != 4)
        {
            reply.Reject(option);
            return;
        }

        // RFC 1661 §6.4: zero is illegal and our own value means a looped-back link; Nak with a fresh value.
        uint magic = BinaryPrimitives.ReadUInt32BigEndian(option.Data);
        if (magic == 0 || (magic == _requestMagic && _requestMagic != 0))
        {
            Span<byte> value = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(value, NewMagic(magic == 0 ? _requestMagic : magic));
            reply.Nak(option, value);
        }
    }

    private void JudgeAuthentication(ConfigureOption option, ConfigureReply reply)
    {
        var accepted = _settings.AuthProtocols;
        if (accepted.Count == 0)
        {
            reply.Reject(option);
            return;
        }

        if (AuthProtocolOption.TryRead(option.Data, out var offered) && Contains(accepted, offered))
        {
            return;
        }

        // PPP.md §5.5: Nak an unsupported method with our preferred one.
        Span<byte> value = stackalloc byte[3];
        int n = accepted[0].WriteData(value);
        reply.Nak(option, value[..n]);
    }

    protected internal override void OnPeerRequestAcked(ConfigureOptionList options)
    {
        PeerMru = LcpSettings.DefaultMru;
        PeerMagic = 0;
        if (_role == PppRole.Client)
        {
            AuthProtocol = null;
        }

        foreach (var option in options)
        {
            switch ((LcpOptionType)option.Type)
            {
                case LcpOptionType.MaximumReceiveUnit:
                    // PPP.md §10.1: never send more than 4087 bytes of Information, whatever the peer says.
                    PeerMru = Math.Min((int)BinaryPrimitives.ReadUInt16BigEndian(option.Data), LcpSettings.MaxMru);
                    break;
                case LcpOptionType.MagicNumber:
                    PeerMagic = BinaryPrimitives.ReadUInt32BigEndian(option.Data);
                    break;
                case LcpOptionType.AuthenticationProtocol when _role == PppRole.Client && AuthProtocolOption.TryRead(option.Data, out var auth):
                    AuthProtocol = auth;
                    break;
                default:
                    break;
            }
        }
    }
}
