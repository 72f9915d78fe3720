namespace Sstp.Protocol.Ppp;

/// <summary>Why a PPP control protocol layer went down or finished (one value per distinct cause).</summary>
public enum PppCloseReason
{
    /// <summary>No reason recorded: the layer has not left negotiation or Opened.</summary>
    None = 0,

    /// <summary>Our side called <c>Close()</c>.</summary>
    LocalClose = 1,

    /// <summary>The lower layer went down (<c>Down()</c>).</summary>
    LowerLayerDown = 2,

    /// <summary>The peer sent a Terminate-Request (RFC 1661 §5.5).</summary>
    PeerTerminated = 3,

    /// <summary>Max-Configure requests went unanswered (TO− during negotiation, RFC 1661 §4.6).</summary>
    NegotiationTimeout = 4,

    /// <summary>A Code-Reject or Protocol-Reject that makes the protocol unusable (RXJ−, RFC 1661 §4.3).</summary>
    CatastrophicReject = 5,

    /// <summary>The client Configure-Rejected our Authentication-Protocol: it refuses to authenticate (PPP.md §5.4).</summary>
    AuthenticationRejected = 6,

    /// <summary>The peer Naked every authentication protocol we may offer (PPP.md §5.4).</summary>
    NoCommonAuthentication = 7,

    /// <summary>LCP Echo-Requests went unanswered the configured number of times (PPP.md §11).</summary>
    EchoTimeout = 8,
}
