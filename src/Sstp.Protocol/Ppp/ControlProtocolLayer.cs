using Sstp.Protocol.Ppp.Negotiation;

namespace Sstp.Protocol.Ppp;

/// <summary>
/// The shape shared by <c>LcpLayer</c>, <c>IpcpLayer</c> and <c>Ipv6cpLayer</c>, so the session drives them
/// uniformly: administrative and lower-layer events in, received packets in, packets and events out, one
/// deadline. Each layer is an <see cref="OptionAutomaton"/> (RFC 1661 §4) running that protocol's option policy.
/// Packets in and out are PPP Information fields (Code Id Length Data); the caller adds and strips <c>FF 03</c>
/// and the Protocol field (<see cref="PppFrame"/>).
/// </summary>
public abstract class ControlProtocolLayer
{
    /// <summary>Creates the layer around its policy.</summary>
    private protected ControlProtocolLayer(ControlProtocol policy, NegotiationSettings settings)
        => Automaton = new OptionAutomaton(policy, settings);

    /// <summary>The PPP protocol number of this layer (the Protocol field of its frames).</summary>
    public PppProtocol Protocol => Automaton.Policy.Protocol;

    /// <summary>The RFC 1661 automaton state.</summary>
    public AutomatonState State => Automaton.State;

    /// <summary>True in Opened: negotiation finished and the results are valid.</summary>
    public bool IsOpened => Automaton.State == AutomatonState.Opened;

    /// <summary>Why the layer last went down or finished (<see cref="PppCloseReason.None"/> while fine).</summary>
    public PppCloseReason CloseReason => Automaton.CloseReason;

    /// <summary>The earliest time <see cref="HandleTimeout"/> must be called, or null.</summary>
    public virtual TimeSpan? NextDeadline => Automaton.NextDeadline;

    /// <summary>The automaton, for tests and for layers that send extra packets.</summary>
    internal OptionAutomaton Automaton { get; }

    /// <summary>Administrative Open (may come before or after <see cref="Up"/>).</summary>
    public void Open() => Automaton.Open();

    /// <summary>Administrative Close: Terminate-Request, then LayerFinished.</summary>
    public void Close() => Automaton.Close();

    /// <summary>The lower layer is up (for LCP: the SSTP call is connected; for NCPs: the network phase began).</summary>
    public void Up(TimeSpan now) => Automaton.Up(now);

    /// <summary>The lower layer is down.</summary>
    public void Down() => Automaton.Down();

    /// <summary>Handles one received packet (Code Id Length Data). Malformed packets are silently discarded (RFC 1661 §5).</summary>
    public void Receive(ReadOnlySpan<byte> packet, TimeSpan now) => Automaton.Receive(packet, now);

    /// <summary>Writes the next queued packet (Code Id Length Data, without PPP frame header). Call until false.</summary>
    /// <exception cref="ArgumentException">The destination is too small for the packet.</exception>
    public bool TryPollTransmit(Span<byte> destination, out int written) => Automaton.TryPollTransmit(destination, out written);

    /// <summary>Returns the next event (LayerUp, LayerDown, …). Call until false.</summary>
    public bool TryPollEvent(out PppLayerEvent e) => Automaton.TryPollEvent(out e);

    /// <summary>Runs every timer whose deadline is at or before <paramref name="now"/>.</summary>
    public virtual void HandleTimeout(TimeSpan now) => Automaton.HandleTimeout(now);
}
