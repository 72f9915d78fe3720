using Sstp.Protocol.Ppp.Negotiation;

namespace Sstp.Protocol.Ppp.Lcp;

/// <summary>LCP settings (PPP.md §5, §10, §11). Immutable; defaults work with every peer of INTEROP.md §11.</summary>
public sealed record LcpSettings
{
    /// <summary>The largest PPP Information field SSTP can carry: 4095 − 4 (SSTP) − 4 (FF 03 + protocol) (PPP.md §10.1).</summary>
    public const int MaxMru = 4087;

    /// <summary>The MRU that applies when none was negotiated (RFC 1661 §6.1).</summary>
    public const int DefaultMru = 1500;

    /// <summary>The smallest MRU we agree to use for our own receive limit when the peer Naks (IPv4 minimum, RFC 791).</summary>
    public const int MinimumMru = 68;

    /// <summary>Our MRU, requested in our Configure-Request (default 1400; never above <see cref="MaxMru"/>).</summary>
    public int Mru { get; init; } = 1400;

    /// <summary>Smallest peer MRU we Ack; smaller values are Naked to this (default 576).</summary>
    public int MinPeerMru { get; init; } = 576;

    /// <summary>
    /// Largest peer MRU we Ack; larger values are Naked to this (default 1500: Windows proposes 4091 but its PPP
    /// adapter takes about 1614 without registry changes, PPP.md §10.1; up to 4087 can be configured).
    /// </summary>
    public int MaxPeerMru { get; init; } = DefaultMru;

    /// <summary>
    /// Server: the authentication protocols to offer, in order (a Nak moves to the next one).
    /// Client: the protocols we accept, in preference order (the first is what we Nak towards).
    /// Default: MS-CHAPv2, then PAP.
    /// </summary>
    public IReadOnlyList<AuthProtocolOption> AuthProtocols { get; init; } = [AuthProtocolOption.MsChapV2, AuthProtocolOption.Pap];

    /// <summary>Whether we request a Magic-Number (default true).</summary>
    public bool RequestMagic { get; init; } = true;

    /// <summary>Interval of our LCP Echo-Requests once Opened, or null for none (default; SSTP has its own echo).</summary>
    public TimeSpan? EchoInterval { get; init; }

    /// <summary>Unanswered Echo-Requests after which <see cref="PppLayerEventKind.EchoTimeout"/> is raised (default 3).</summary>
    public int EchoFailureCount { get; init; } = 3;

    /// <summary>Restart timer and counters.</summary>
    public NegotiationSettings Negotiation { get; init; } = NegotiationSettings.Default;
}
