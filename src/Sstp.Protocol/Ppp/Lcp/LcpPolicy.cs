using System.Buffers.Binary;
using Sstp.Protocol.Ppp.Negotiation;
using Sstp.Protocol.Primitives;

namespace Sstp.Protocol.Ppp.Lcp;

/// <summary>
/// The LCP option policy (PPP.md §5.3–§5.5) plugged into the shared automaton. This part builds our own
/// Configure-Request and learns from the peer's Naks and Rejects of it; <c>LcpPolicy.Judge.cs</c> judges the
/// peer's request and <c>LcpPolicy.Codes.cs</c> handles codes 8–13 and the echo timer.
/// </summary>
internal sealed partial class LcpPolicy : ControlProtocol
{
    private readonly LcpSettings _settings;
    private readonly PppRole _role;
    private readonly IRandomSource _random;
    private readonly List<AuthProtocolOption> _authTried = [];

    private int? _requestMru;
    private uint _requestMagic;
    private AuthProtocolOption? _requestAuth;

    public LcpPolicy(LcpSettings settings, PppRole role, IRandomSource random)
    {
        _settings = settings;
        _role = role;
        _random = random;
        OnNegotiationStarting();
    }

    public override PppProtocol Protocol => PppProtocol.Lcp;

    /// <summary>Our receive limit as acknowledged by the peer (1500 if we did not request one).</summary>
    public int LocalMru { get; private set; } = LcpSettings.DefaultMru;

    /// <summary>The peer's MRU as we acknowledged it (1500 if not negotiated), capped at 4087.</summary>
    public int PeerMru { get; private set; } = LcpSettings.DefaultMru;

    /// <summary>Our acknowledged Magic-Number, or 0.</summary>
    public uint LocalMagic { get; private set; }

    /// <summary>The peer's acknowledged Magic-Number, or 0.</summary>
    public uint PeerMagic { get; private set; }

    /// <summary>Server: the protocol in our acknowledged request. Client: the protocol we acknowledged.</summary>
    public AuthProtocolOption? AuthProtocol { get; private set; }

    protected internal override int MaxPacketLength => Math.Min(PeerMru, LcpSettings.MaxMru);

    protected internal override void OnNegotiationStarting()
    {
        _requestMru = Math.Clamp(_settings.Mru, LcpSettings.MinimumMru, LcpSettings.MaxMru);
        _requestMagic = _settings.RequestMagic ? NewMagic(0) : 0;
        _authTried.Clear();
        _requestAuth = _role == PppRole.Server && _settings.AuthProtocols.Count > 0 ? _settings.AuthProtocols[0] : null;
        LocalMru = LcpSettings.DefaultMru;
        LocalMagic = 0;
        if (_role == PppRole.Server)
        {
            AuthProtocol = null;
        }
    }

    protected internal override int WriteRequestOptions(Span<byte> destination)
    {
        int length = 0;
        if (_requestMru is { } mru)
        {
            length += ConfigureOption.WriteUInt16(destination[length..], (byte)LcpOptionType.MaximumReceiveUnit, (ushort)mru);
        }

        if (_requestAuth is { } auth)
        {
            Span<byte> data = stackalloc byte[3];
            int n = auth.WriteData(data);
            length += ConfigureOption.Write(destination[length..], (byte)LcpOptionType.AuthenticationProtocol, data[..n]);
        }

        if (_requestMagic != 0)
        {
            length += ConfigureOption.WriteUInt32(destination[length..], (byte)LcpOptionType.MagicNumber, _requestMagic);
        }

        return length;
    }

    protected internal override void OnOwnRequestAcked(ConfigureOptionList options)
    {
        LocalMru = LcpSettings.DefaultMru;
        LocalMagic = 0;
        AuthProtocolOption? auth = null;
        foreach (var option in options)
        {
            switch ((LcpOptionType)option.Type)
            {
                case LcpOptionType.MaximumReceiveUnit:
                    LocalMru = BinaryPrimitives.ReadUInt16BigEndian(option.Data);
                    break;
                case LcpOptionType.MagicNumber:
                    LocalMagic = BinaryPrimitives.ReadUInt32BigEndian(option.Data);
                    break;
                case LcpOptionType.AuthenticationProtocol when AuthProtocolOption.TryRead(option.Data, out var value):
                    auth = value;
                    break;
                default:
                    break;
            }
        }

        if (_role == PppRole.Server)
        {
            AuthProtocol = auth;
        }
    }

    protected internal override NegotiationOutcome ApplyNak(ConfigureOptionList options)
    {
        foreach (var option in options)
        {
            switch ((LcpOptionType)option.Type)
            {
                case LcpOptionType.MaximumReceiveUnit when option.Data.Length == 2 && _requestMru is not null:
                    // PPP.md §5.4: accept the peer's MRU, raising ours up to 4087 (OSC Naks anything below 1500).
                    _requestMru = Math.Clamp((int)BinaryPrimitives.ReadUInt16BigEndian(option.Data), LcpSettings.MinimumMru, LcpSettings.MaxMru);
                    break;
                case LcpOptionType.MagicNumber when _requestMagic != 0:
                    // RFC 1661 §6.4: a Nak of our Magic-Number means "choose another one".
                    _requestMagic = NewMagic(_requestMagic);
                    break;
                case LcpOptionType.AuthenticationProtocol when _requestAuth is not null:
                    if (!MoveToNextAuthProtocol(option.Data))
                    {
                        FailureReason = PppCloseReason.NoCommonAuthentication;
                        return NegotiationOutcome.Fail;
                    }

                    break;
                default:
                    // Suggestions for options we did not request are ignored (RFC 1661 §5.3 allows it).
                    break;
            }
        }

        return NegotiationOutcome.Continue;
    }

    protected internal override NegotiationOutcome ApplyReject(ConfigureOptionList options)
    {
        foreach (var option in options)
        {
            switch ((LcpOptionType)option.Type)
            {
                case LcpOptionType.MaximumReceiveUnit:
                    _requestMru = null;
                    break;
                case LcpOptionType.MagicNumber:
                    // PPP.md §5.4: OSC rejects everything but MRU and Auth; carry on without a magic.
                    _requestMagic = 0;
                    break;
                case LcpOptionType.AuthenticationProtocol:
                    // PPP.md §5.4: the client refuses to authenticate at all.
                    FailureReason = PppCloseReason.AuthenticationRejected;
                    return NegotiationOutcome.Fail;
                default:
                    break;
            }
        }

        return NegotiationOutcome.Continue;
    }

    /// <summary>
    /// PPP.md §5.4: after a Nak of our Authentication-Protocol take the peer's suggestion if we may offer it
    /// and have not tried it, else the next untried protocol of our list. False when none is left.
    /// </summary>
    private bool MoveToNextAuthProtocol(ReadOnlySpan<byte> suggestion)
    {
        _authTried.Add(_requestAuth!.Value);
        var offered = _settings.AuthProtocols;
        if (AuthProtocolOption.TryRead(suggestion, out var suggested) && Contains(offered, suggested) && !_authTried.Contains(suggested))
        {
            _requestAuth = suggested;
            return true;
        }

        foreach (var candidate in offered)
        {
            if (!_authTried.Contains(candidate))
            {
                _requestAuth = candidate;
                return true;
            }
        }

        return false;
    }

    private static bool Contains(IReadOnlyList<AuthProtocolOption> list, AuthProtocolOption value)
    {
        foreach (var item in list)
        {
            if (item == value)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A random non-zero Magic-Number different from <paramref name="avoid"/> (RFC 1661 §6.4).</summary>
    private uint NewMagic(uint avoid)
    {
        Span<byte> bytes = stackalloc byte[4];
        for (int attempt = 0; attempt < 8; attempt++)
        {
            _random.Fill(bytes);
            uint value = BinaryPrimitives.ReadUInt32BigEndian(bytes);
            if (value != 0 && value != avoid)
            {
                return value;
            }
        }

        // A broken random source: still return something valid and different.
        return avoid == 1 ? 2u : 1u;
    }
}
