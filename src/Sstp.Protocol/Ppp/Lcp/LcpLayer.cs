using Sstp.Protocol.Ppp.Negotiation;
using Sstp.Protocol.Primitives;

namespace Sstp.Protocol.Ppp.Lcp;

/// <summary>
/// The Link Control Protocol (RFC 1661) for one SSTP session, with the server or client option policy of
/// PPP.md §5.3–§5.5 and the peer quirks of INTEROP.md. Drive it like every <see cref="ControlProtocolLayer"/>;
/// read the results once <see cref="ControlProtocolLayer.IsOpened"/>.
/// </summary>
/// <remarks>
/// LCP answers Echo-Request in Opened, swallows Echo-Reply and Discard-Request, ignores Identification and
/// Time-Remaining, Code-Rejects unknown codes, and reports a peer's Protocol-Reject as
/// <see cref="PppLayerEventKind.ProtocolRejected"/>. It never sends PFC/ACFC, Identification or Time-Remaining.
/// </remarks>
public sealed class LcpLayer : ControlProtocolLayer
{
    private readonly LcpPolicy _policy;

    /// <summary>Creates LCP in Initial.</summary>
    /// <param name="settings">MRU limits, authentication protocols, magic and echo settings.</param>
    /// <param name="role">Server (authenticator) or client.</param>
    /// <param name="random">Source of Magic-Numbers.</param>
    public LcpLayer(LcpSettings settings, PppRole role, IRandomSource random)
        : base(CreatePolicy(settings, role, random), settings.Negotiation)
    {
        _policy = (LcpPolicy)Automaton.Policy;
        Role = role;
    }

    /// <summary>Which side's policy this layer applies.</summary>
    public PppRole Role { get; }

    /// <summary>Our send limit: the peer's MRU as acknowledged (1500 if not negotiated), never above 4087.</summary>
    public int PeerMru => _policy.PeerMru;

    /// <summary>Our receive MRU as the peer acknowledged it (1500 if we did not request one).</summary>
    public int LocalMru => _policy.LocalMru;

    /// <summary>
    /// The agreed authentication protocol. Server: the one the client acknowledged in our request.
    /// Client: the one we acknowledged in the server's request. Null when none was negotiated.
    /// </summary>
    public AuthProtocolOption? AuthProtocol => _policy.AuthProtocol;

    /// <summary>Our negotiated Magic-Number, or 0.</summary>
    public uint LocalMagic => _policy.LocalMagic;

    /// <summary>The peer's negotiated Magic-Number, or 0.</summary>
    public uint PeerMagic => _policy.PeerMagic;

    /// <inheritdoc/>
    public override TimeSpan? NextDeadline
    {
        get
        {
            var restart = Automaton.NextDeadline;
            var echo = _policy.EchoDeadline;
            if (restart is null)
            {
                return echo;
            }

            return echo is null || restart < echo ? restart : echo;
        }
    }

    /// <inheritdoc/>
    public override void HandleTimeout(TimeSpan now)
    {
        Automaton.HandleTimeout(now);
        _policy.HandleEchoTimer(now);
    }

    /// <summary>Queues an Echo-Request (new Identifier, our Magic-Number). Ignored unless Opened.</summary>
    public void SendEchoRequest() => _policy.SendEchoRequest();

    /// <summary>
    /// Queues a Protocol-Reject of <paramref name="protocol"/> (e.g. CCP, or an NCP we do not run) carrying
    /// <paramref name="rejectedInformation"/>, truncated to the peer's MRU, with a new Identifier
    /// (RFC 1661 §5.7, PPP.md §9). Ignored unless Opened.
    /// </summary>
    public void SendProtocolReject(ushort protocol, ReadOnlySpan<byte> rejectedInformation)
        => _policy.SendProtocolReject(protocol, rejectedInformation);

    private static LcpPolicy CreatePolicy(LcpSettings settings, PppRole role, IRandomSource random)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(random);
        return new LcpPolicy(settings, role, random);
    }
}
