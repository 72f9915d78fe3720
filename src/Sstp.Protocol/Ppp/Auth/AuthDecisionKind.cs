namespace Sstp.Protocol.Ppp.Auth;

/// <summary>The kind of an <see cref="AuthDecision"/>.</summary>
public enum AuthDecisionKind
{
    /// <summary>The credentials are good.</summary>
    Accept,

    /// <summary>The credentials are refused.</summary>
    Reject,

    /// <summary>Pass-through EAP: send <see cref="AuthDecision.EapPacket"/> to the peer and relay its answer.</summary>
    EapContinue,
}
