namespace Sstp.Protocol.Ppp.Negotiation;

/// <summary>
/// The actions of the RFC 1661 §4.4 automaton (PPP.md §4.1). A transition may run several; they run in the
/// order of the flag values, which puts irc/zrc before any transmission and tlu after sca.
/// </summary>
[Flags]
public enum AutomatonActions
{
    /// <summary>No action.</summary>
    None = 0,

    /// <summary>tld: This-Layer-Down.</summary>
    ThisLayerDown = 1 << 0,

    /// <summary>irc: initialise the restart counter (Max-Terminate before str, Max-Configure otherwise).</summary>
    InitializeRestartCount = 1 << 1,

    /// <summary>zrc: zero the restart counter (and run the timer once more).</summary>
    ZeroRestartCount = 1 << 2,

    /// <summary>scr: send Configure-Request.</summary>
    SendConfigureRequest = 1 << 3,

    /// <summary>sca: send Configure-Ack.</summary>
    SendConfigureAck = 1 << 4,

    /// <summary>scn: send Configure-Nak or Configure-Reject.</summary>
    SendConfigureNak = 1 << 5,

    /// <summary>str: send Terminate-Request.</summary>
    SendTerminateRequest = 1 << 6,

    /// <summary>sta: send Terminate-Ack.</summary>
    SendTerminateAck = 1 << 7,

    /// <summary>scj: send Code-Reject.</summary>
    SendCodeReject = 1 << 8,

    /// <summary>ser: send Echo-Reply.</summary>
    SendEchoReply = 1 << 9,

    /// <summary>tlu: This-Layer-Up.</summary>
    ThisLayerUp = 1 << 10,

    /// <summary>tls: This-Layer-Started.</summary>
    ThisLayerStarted = 1 << 11,

    /// <summary>tlf: This-Layer-Finished.</summary>
    ThisLayerFinished = 1 << 12,
}
