using Sstp.Protocol.Ppp.Auth;

namespace Sstp.Protocol.Radius;

/// <summary>A RADIUS answer mapped for the authenticator and the host (see <see cref="RadiusAuthMapper.MapResponse"/>).</summary>
/// <param name="Decision">What to hand to <c>Authenticator.Complete</c>.</param>
/// <param name="Authorization">On Access-Accept, what the server authorized; otherwise null.</param>
/// <param name="State">On Access-Challenge, the State (24) to echo in the next Access-Request; otherwise null.</param>
/// <param name="ReplyMessage">Reply-Message (18) text, joined with newlines, or null.</param>
public sealed record RadiusAuthResult(AuthDecision Decision, RadiusAuthorization? Authorization, byte[]? State, string? ReplyMessage);
