namespace Sstp.Protocol.Ppp.Negotiation;

/// <summary>
/// Counters and timer of the RFC 1661 §4.6 automaton. Defaults are the RFC's and pppd's (PPP.md §4.3).
/// </summary>
public sealed record NegotiationSettings
{
    /// <summary>The default settings.</summary>
    public static NegotiationSettings Default { get; } = new();

    /// <summary>Restart timer: wait for an answer to a Configure-Request or Terminate-Request (3 s).</summary>
    public TimeSpan RestartInterval { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Max-Terminate: Terminate-Requests sent before giving up (2).</summary>
    public int MaxTerminate { get; init; } = 2;

    /// <summary>Max-Configure: Configure-Requests sent without an answer before giving up (10).</summary>
    public int MaxConfigure { get; init; } = 10;

    /// <summary>Max-Failure: Configure-Naks sent without an Ack before Naks become Rejects (5).</summary>
    public int MaxFailure { get; init; } = 5;
}
