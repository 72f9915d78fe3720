namespace Sstp.Protocol.Ppp.Negotiation;

/// <summary>How a <see cref="ControlProtocol"/> classifies a received code above 7 (RFC 1661 §4.3 events).</summary>
public enum ExtendedCodeDisposition
{
    /// <summary>RUC: unknown code; answered with Code-Reject.</summary>
    Unknown = 0,

    /// <summary>Dropped without any event or answer (malformed, or RFC 1570 Identification/Time-Remaining).</summary>
    Ignore = 1,

    /// <summary>RXR: Echo-Request, Echo-Reply or Discard-Request.</summary>
    EchoOrDiscard = 2,

    /// <summary>RXJ+: a Protocol-Reject that leaves this protocol usable.</summary>
    PermittedReject = 3,

    /// <summary>RXJ−: a Protocol-Reject that makes this protocol unusable.</summary>
    CatastrophicReject = 4,
}
