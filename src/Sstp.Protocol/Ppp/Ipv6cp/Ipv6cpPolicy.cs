using System.Buffers.Binary;
using Sstp.Protocol.Ppp.Negotiation;
using Sstp.Protocol.Primitives;

namespace Sstp.Protocol.Ppp.Ipv6cp;

/// <summary>
/// The IPV6CP option policy (RFC 5072 §4.1, PPP.md §8):
/// <code>
/// +------+------+-------------------------------------------+
/// |  1   |  10  |  Interface-Identifier (8 bytes)           |
/// +------+------+-------------------------------------------+
/// </code>
/// We propose our non-zero IID. A received IID that is non-zero and differs from ours is Acked; zero is Naked
/// with a unique non-zero suggestion; equal to ours is Naked with a different value; both zero would be
/// Rejected (ours is never zero). Compression and unknown options are Rejected. Identical for both roles.
/// </summary>
internal sealed class Ipv6cpPolicy : ControlProtocol
{
    private const int IidLength = 8;

    private readonly IRandomSource _random;
    private readonly ulong _configured;

    private bool _askIid;
    private ulong _requestIid;

    public Ipv6cpPolicy(Ipv6cpSettings settings, IRandomSource random)
    {
        _random = random;
        _configured = settings.InterfaceId is { } iid && iid != 0 ? iid : NewIid(0);
        OnNegotiationStarting();
    }

    public override PppProtocol Protocol => PppProtocol.Ipv6cp;

    public ulong LocalInterfaceId { get; private set; }

    public ulong PeerInterfaceId { get; private set; }

    protected internal override void OnNegotiationStarting()
    {
        _askIid = true;
        _requestIid = _configured;
    }

    protected internal override int WriteRequestOptions(Span<byte> destination)
        => _askIid ? ConfigureOption.WriteUInt64(destination, (byte)Ipv6cpOptionType.InterfaceIdentifier, _requestIid) : 0;

    protected internal override void JudgeRequest(ConfigureOptionList options, ConfigureReply reply)
    {
        Span<byte> value = stackalloc byte[IidLength];
        foreach (var option in options)
        {
            if (option.Type != (byte)Ipv6cpOptionType.InterfaceIdentifier || option.Data.Length != IidLength)
            {
                reply.Reject(option);
                continue;
            }

            ulong iid = BinaryPrimitives.ReadUInt64BigEndian(option.Data);
            ulong ours = _askIid ? _requestIid : 0;
            if (iid == 0 && ours == 0)
            {
                // RFC 5072 §4.1: both zero — there is nothing to agree on.
                reply.Reject(option);
            }
            else if (iid == 0 || iid == ours)
            {
                // RFC 5072 §4.1: suggest a non-zero value unique on the link (i.e. different from ours).
                BinaryPrimitives.WriteUInt64BigEndian(value, NewIid(ours));
                reply.Nak(option, value);
            }
        }
    }

    protected internal override void OnPeerRequestAcked(ConfigureOptionList options)
        => PeerInterfaceId = Find(options);

    protected internal override void OnOwnRequestAcked(ConfigureOptionList options)
        => LocalInterfaceId = Find(options);

    protected internal override NegotiationOutcome ApplyNak(ConfigureOptionList options)
    {
        foreach (var option in options)
        {
            if (option.Type == (byte)Ipv6cpOptionType.InterfaceIdentifier && option.Data.Length == IidLength && _askIid)
            {
                // RFC 5072 §4.1: use the suggested IID if acceptable (non-zero and not the peer's), else pick anew.
                ulong suggested = BinaryPrimitives.ReadUInt64BigEndian(option.Data);
                _requestIid = suggested != 0 && suggested != PeerInterfaceId ? suggested : NewIid(_requestIid);
            }
        }

        return NegotiationOutcome.Continue;
    }

    protected internal override NegotiationOutcome ApplyReject(ConfigureOptionList options)
    {
        foreach (var option in options)
        {
            if (option.Type == (byte)Ipv6cpOptionType.InterfaceIdentifier)
            {
                _askIid = false;
            }
        }

        return NegotiationOutcome.Continue;
    }

    private static ulong Find(ConfigureOptionList options)
    {
        foreach (var option in options)
        {
            if (option.Type == (byte)Ipv6cpOptionType.InterfaceIdentifier && option.Data.Length == IidLength)
            {
                return BinaryPrimitives.ReadUInt64BigEndian(option.Data);
            }
        }

        return 0;
    }

    private ulong NewIid(ulong avoid)
    {
        Span<byte> bytes = stackalloc byte[IidLength];
        for (int attempt = 0; attempt < 8; attempt++)
        {
            _random.Fill(bytes);
            ulong value = BinaryPrimitives.ReadUInt64BigEndian(bytes);
            if (value != 0 && value != avoid)
            {
                return value;
            }
        }

        return avoid == 1 ? 2ul : 1ul;
    }
}
