namespace Sstp.Protocol.Ppp.Negotiation;

/// <summary>The ten states of the RFC 1661 §4.2 option negotiation automaton (PPP.md §4.1), with their RFC numbers.</summary>
public enum AutomatonState
{
    /// <summary>0 Initial: lower layer down, no Open.</summary>
    Initial = 0,

    /// <summary>1 Starting: Open, lower layer still down.</summary>
    Starting = 1,

    /// <summary>2 Closed: lower layer up, no Open.</summary>
    Closed = 2,

    /// <summary>3 Stopped: Open, but negotiation gave up or the peer terminated; waits for the peer.</summary>
    Stopped = 3,

    /// <summary>4 Closing: Terminate-Request sent after Close.</summary>
    Closing = 4,

    /// <summary>5 Stopping: Terminate-Request sent, or received in Opened, without Close.</summary>
    Stopping = 5,

    /// <summary>6 Req-Sent: Configure-Request sent, nothing acknowledged yet.</summary>
    RequestSent = 6,

    /// <summary>7 Ack-Rcvd: our request was acknowledged, the peer's not yet.</summary>
    AckReceived = 7,

    /// <summary>8 Ack-Sent: we acknowledged the peer's request, ours not yet.</summary>
    AckSent = 8,

    /// <summary>9 Opened: both requests acknowledged.</summary>
    Opened = 9,
}
