namespace Sstp.Protocol.Ppp.Negotiation;

/// <summary>What a <see cref="ControlProtocol"/> concludes from a Configure-Nak or Configure-Reject of our request.</summary>
public enum NegotiationOutcome
{
    /// <summary>The next request was adjusted; negotiation continues (RCN).</summary>
    Continue = 0,

    /// <summary>No acceptable request is left: the layer closes with <see cref="ControlProtocol.FailureReason"/>.</summary>
    Fail = 1,
}
