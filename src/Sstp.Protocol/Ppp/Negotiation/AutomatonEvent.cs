namespace Sstp.Protocol.Ppp.Negotiation;

/// <summary>The sixteen events of the RFC 1661 §4.1 automaton (PPP.md §4.1); the RFC name is in each doc.</summary>
public enum AutomatonEvent
{
    /// <summary>Up: the lower layer is ready.</summary>
    Up = 0,

    /// <summary>Down: the lower layer is gone.</summary>
    Down = 1,

    /// <summary>Open: administratively allowed to negotiate.</summary>
    Open = 2,

    /// <summary>Close: administratively closed.</summary>
    Close = 3,

    /// <summary>TO+: restart timer expired, restart counter still above zero.</summary>
    TimeoutRetry = 4,

    /// <summary>TO−: restart timer expired with the restart counter at zero.</summary>
    TimeoutExpired = 5,

    /// <summary>RCR+: acceptable Configure-Request received.</summary>
    GoodConfigureRequest = 6,

    /// <summary>RCR−: unacceptable Configure-Request received (answered by Nak or Reject).</summary>
    BadConfigureRequest = 7,

    /// <summary>RCA: Configure-Ack for our outstanding request received.</summary>
    ConfigureAck = 8,

    /// <summary>RCN: Configure-Nak or Configure-Reject for our outstanding request received.</summary>
    ConfigureNakOrReject = 9,

    /// <summary>RTR: Terminate-Request received.</summary>
    TerminateRequest = 10,

    /// <summary>RTA: Terminate-Ack received.</summary>
    TerminateAck = 11,

    /// <summary>RUC: packet with an unknown code received.</summary>
    UnknownCode = 12,

    /// <summary>RXJ+: Code-Reject or Protocol-Reject that leaves the protocol usable.</summary>
    PermittedReject = 13,

    /// <summary>RXJ−: Code-Reject or Protocol-Reject that makes the protocol unusable.</summary>
    CatastrophicReject = 14,

    /// <summary>RXR: Echo-Request, Echo-Reply or Discard-Request received.</summary>
    EchoOrDiscard = 15,
}
