namespace Sstp.Protocol.Ppp.Auth;

/// <summary>
/// Pass-through mode: an EAP Response to relay to the back-end (RADIUS EAP-Message, RFC 3579). Answer with
/// <see cref="AuthDecision.EapContinue"/>, <see cref="AuthDecision.EapAccept"/> or <see cref="AuthDecision.EapReject"/>.
/// </summary>
/// <param name="EapPacket">The whole EAP packet (Code … end of Length) as received.</param>
public sealed record EapPassThroughRequest(byte[] EapPacket) : AuthRequest;
