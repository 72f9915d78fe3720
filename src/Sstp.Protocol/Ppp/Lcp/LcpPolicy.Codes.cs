using System.Buffers.Binary;
using Sstp.Protocol.Ppp.Negotiation;

namespace Sstp.Protocol.Ppp.Lcp;

/// <summary>
/// LCP codes 8–13 and the optional echo timer (PPP.md §3, §9, §11):
/// <code>
/// Protocol-Reject  8  | Rejected-Protocol(2) | Rejected-Information ... |
/// Echo-Request     9  | Magic-Number(4)      | Data ...                 |
/// Echo-Reply      10  | Magic-Number(4)      | Data (copied) ...        |
/// Discard-Request 11  | Magic-Number(4)      | Data ...                 |
/// Identification  12, Time-Remaining 13 (RFC 1570): ignored, never Code-Rejected, never sent.
/// </code>
/// </summary>
internal sealed partial class LcpPolicy
{
    private const int MagicLength = 4;

    private TimeSpan? _echoDeadline;
    private int _echoUnanswered;

    /// <summary>When the echo timer fires next, or null.</summary>
    public TimeSpan? EchoDeadline => _echoDeadline;

    protected internal override ExtendedCodeDisposition ClassifyExtendedCode(PppPacket packet)
    {
        switch ((ControlCode)packet.Code)
        {
            case ControlCode.ProtocolReject:
                return ClassifyProtocolReject(packet);
            case ControlCode.EchoRequest:
            case ControlCode.DiscardRequest:
                return packet.Data.Length >= MagicLength ? ExtendedCodeDisposition.EchoOrDiscard : ExtendedCodeDisposition.Ignore;
            case ControlCode.EchoReply:
                if (packet.Data.Length < MagicLength)
                {
                    return ExtendedCodeDisposition.Ignore;
                }

                _echoUnanswered = 0;
                return ExtendedCodeDisposition.EchoOrDiscard;
            case ControlCode.Identification:
            case ControlCode.TimeRemaining:
                // PPP.md §3: pppd and SoftEther ignore these; Code-Rejecting them is fatal for OSC.
                return ExtendedCodeDisposition.Ignore;
            default:
                return ExtendedCodeDisposition.Unknown;
        }
    }

    private ExtendedCodeDisposition ClassifyProtocolReject(PppPacket packet)
    {
        // RFC 1661 §5.7 / PPP.md §9: only processed in Opened (pppd lcp_rprotrej discards it otherwise).
        if (packet.Data.Length < 2 || Automaton.State != AutomatonState.Opened)
        {
            return ExtendedCodeDisposition.Ignore;
        }

        ushort rejected = BinaryPrimitives.ReadUInt16BigEndian(packet.Data);
        if (rejected == (ushort)PppProtocol.Lcp)
        {
            return ExtendedCodeDisposition.CatastrophicReject;
        }

        Automaton.RaiseEvent(new PppLayerEvent(PppLayerEventKind.ProtocolRejected, RejectedProtocol: rejected));
        return ExtendedCodeDisposition.PermittedReject;
    }

    protected internal override int WriteEchoReply(PppPacket request, Span<byte> destination)
    {
        if (request.Code != (byte)ControlCode.EchoRequest)
        {
            return 0;
        }

        // RFC 1661 §5.8: same Identifier, our Magic-Number (0 when not negotiated), the request's data copied,
        // the whole reply truncated to the peer's MRU (PPP.md §3, accel issue #204).
        int dataLength = Math.Min(request.Data.Length, MaxPacketLength - PppPacket.HeaderLength);
        var data = destination[PppPacket.HeaderLength..];
        BinaryPrimitives.WriteUInt32BigEndian(data, LocalMagic);
        request.Data[MagicLength..dataLength].CopyTo(data[MagicLength..]);
        return PppPacket.WriteHeader(destination, (byte)ControlCode.EchoReply, request.Identifier, dataLength);
    }

    protected internal override void OnThisLayerUp()
    {
        _echoUnanswered = 0;
        _echoDeadline = _settings.EchoInterval is { } interval ? Automaton.Now + interval : null;
    }

    protected internal override void OnThisLayerDown() => _echoDeadline = null;

    /// <summary>Queues an Echo-Request with a new Identifier and our Magic-Number; only in Opened.</summary>
    public void SendEchoRequest()
    {
        if (Automaton.State != AutomatonState.Opened)
        {
            return;
        }

        Span<byte> data = stackalloc byte[MagicLength];
        BinaryPrimitives.WriteUInt32BigEndian(data, LocalMagic);
        Automaton.SendPacket(ControlCode.EchoRequest, data);
    }

    /// <summary>Queues a Protocol-Reject (RFC 1661 §5.7); only in Opened, truncated to the peer's MRU.</summary>
    public void SendProtocolReject(ushort protocol, ReadOnlySpan<byte> rejectedInformation)
    {
        if (Automaton.State != AutomatonState.Opened)
        {
            return;
        }

        int room = MaxPacketLength - PppPacket.HeaderLength - 2;
        var data = new byte[2 + Math.Min(rejectedInformation.Length, room)];
        BinaryPrimitives.WriteUInt16BigEndian(data, protocol);
        rejectedInformation[..(data.Length - 2)].CopyTo(data.AsSpan(2));
        Automaton.SendPacket(ControlCode.ProtocolReject, data);
    }

    /// <summary>Runs the echo timer: another Echo-Request, or <see cref="PppLayerEventKind.EchoTimeout"/> after too many unanswered.</summary>
    public void HandleEchoTimer(TimeSpan now)
    {
        if (_echoDeadline is not { } deadline || now < deadline || _settings.EchoInterval is not { } interval)
        {
            return;
        }

        if (_echoUnanswered >= _settings.EchoFailureCount)
        {
            // Stop probing; the owner decides whether to close (PPP.md §11: SSTP echo is the primary keepalive).
            _echoDeadline = null;
            Automaton.RaiseEvent(new PppLayerEvent(PppLayerEventKind.EchoTimeout, PppCloseReason.EchoTimeout));
            return;
        }

        SendEchoRequest();
        _echoUnanswered++;
        _echoDeadline = now + interval;
    }
}
