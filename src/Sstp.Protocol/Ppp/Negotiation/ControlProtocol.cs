namespace Sstp.Protocol.Ppp.Negotiation;

/// <summary>
/// The per-protocol "option policy" that parameterises the one <see cref="OptionAutomaton"/> (PPP.md §4):
/// which options we request, how we judge the peer's request, how a Nak or Reject of ours changes our next
/// request, and which codes beyond 1–7 the protocol knows (LCP Echo, Protocol-Reject, …).
/// The automaton owns states, counters, timers and identifiers; the policy only owns option values.
/// </summary>
public abstract class ControlProtocol
{
    private OptionAutomaton? _automaton;

    /// <summary>The PPP protocol number this policy negotiates (LCP, IPCP, IPV6CP).</summary>
    public abstract PppProtocol Protocol { get; }

    /// <summary>Why negotiation failed; set before returning <see cref="NegotiationOutcome.Fail"/>.</summary>
    public PppCloseReason FailureReason { get; protected set; }

    /// <summary>The automaton running this policy (for sending extra packets such as LCP Echo-Request).</summary>
    /// <exception cref="InvalidOperationException">The policy is not attached to an automaton yet.</exception>
    protected OptionAutomaton Automaton => _automaton ?? throw new InvalidOperationException("The policy is not attached to an automaton.");

    /// <summary>
    /// Largest packet (Code through Data) we may send the peer; Code-Reject and Echo-Reply are truncated to it
    /// (RFC 1661 §5.6, §5.8). NCPs keep the LCP default of 1500 unless overridden.
    /// </summary>
    protected internal virtual int MaxPacketLength => 1500;

    /// <summary>A fresh negotiation starts (scr from a non-negotiating state): reset our requested values to the configured ones.</summary>
    protected internal virtual void OnNegotiationStarting()
    {
    }

    /// <summary>Writes the option list of our next Configure-Request into <paramref name="destination"/>; returns its length.</summary>
    protected internal abstract int WriteRequestOptions(Span<byte> destination);

    /// <summary>Judges a received, well-formed Configure-Request; every option not marked in <paramref name="reply"/> is acceptable.</summary>
    /// <remarks>Must not commit anything: the request may yet be answered with Terminate-Ack. See <see cref="OnPeerRequestAcked"/>.</remarks>
    protected internal abstract void JudgeRequest(ConfigureOptionList options, ConfigureReply reply);

    /// <summary>We sent a Configure-Ack for these options: they are now the peer's negotiated values.</summary>
    protected internal virtual void OnPeerRequestAcked(ConfigureOptionList options)
    {
    }

    /// <summary>The peer acknowledged our outstanding request with exactly these options.</summary>
    protected internal virtual void OnOwnRequestAcked(ConfigureOptionList options)
    {
    }

    /// <summary>The peer Configure-Naked our outstanding request: adjust the next request.</summary>
    protected internal abstract NegotiationOutcome ApplyNak(ConfigureOptionList options);

    /// <summary>The peer Configure-Rejected options of our outstanding request (already checked to be a subset): stop requesting them.</summary>
    protected internal abstract NegotiationOutcome ApplyReject(ConfigureOptionList options);

    /// <summary>Classifies a received code above 7. The default treats every such code as unknown (NCPs, RFC 1332 §2).</summary>
    protected internal virtual ExtendedCodeDisposition ClassifyExtendedCode(PppPacket packet) => ExtendedCodeDisposition.Unknown;

    /// <summary>
    /// Whether a Code-Reject of <paramref name="rejectedCode"/> is catastrophic (RXJ−). The default: the codes
    /// every negotiation needs (1–7) are; anything else is permitted (RXJ+).
    /// </summary>
    protected internal virtual bool IsCatastrophicCodeReject(byte rejectedCode) => rejectedCode is >= 1 and <= 7;

    /// <summary>The ser action: writes the whole reply packet to an RXR packet, or returns 0 to send nothing.</summary>
    protected internal virtual int WriteEchoReply(PppPacket request, Span<byte> destination) => 0;

    /// <summary>The tlu action: the layer is entering Opened.</summary>
    protected internal virtual void OnThisLayerUp()
    {
    }

    /// <summary>The tld action: the layer is leaving Opened.</summary>
    protected internal virtual void OnThisLayerDown()
    {
    }

    internal void Attach(OptionAutomaton automaton)
    {
        if (_automaton is not null)
        {
            throw new InvalidOperationException("The policy already runs in an automaton.");
        }

        _automaton = automaton;
    }
}
