namespace Sstp.Protocol.Ppp;

/// <summary>The Code field of LCP and NCP packets (RFC 1661 §5, RFC 1570 §2; PPP.md §3).</summary>
public enum ControlCode : byte
{
    /// <summary>Configure-Request (1), RFC 1661 §5.1.</summary>
    ConfigureRequest = 1,

    /// <summary>Configure-Ack (2), RFC 1661 §5.2.</summary>
    ConfigureAck = 2,

    /// <summary>Configure-Nak (3), RFC 1661 §5.3.</summary>
    ConfigureNak = 3,

    /// <summary>Configure-Reject (4), RFC 1661 §5.4.</summary>
    ConfigureReject = 4,

    /// <summary>Terminate-Request (5), RFC 1661 §5.5.</summary>
    TerminateRequest = 5,

    /// <summary>Terminate-Ack (6), RFC 1661 §5.5.</summary>
    TerminateAck = 6,

    /// <summary>Code-Reject (7), RFC 1661 §5.6.</summary>
    CodeReject = 7,

    /// <summary>Protocol-Reject (8), LCP only, RFC 1661 §5.7.</summary>
    ProtocolReject = 8,

    /// <summary>Echo-Request (9), LCP only, RFC 1661 §5.8.</summary>
    EchoRequest = 9,

    /// <summary>Echo-Reply (10), LCP only, RFC 1661 §5.8.</summary>
    EchoReply = 10,

    /// <summary>Discard-Request (11), LCP only, RFC 1661 §5.9.</summary>
    DiscardRequest = 11,

    /// <summary>Identification (12), LCP only, RFC 1570 §2.1: ignored, never sent.</summary>
    Identification = 12,

    /// <summary>Time-Remaining (13), LCP only, RFC 1570 §2.2: ignored, never sent.</summary>
    TimeRemaining = 13,
}
