using System.Text;
using Sstp.Protocol.Crypto;
using Sstp.Protocol.Primitives;

namespace Sstp.Protocol.Ppp.Auth;

/// <summary>
/// CHAP-MD5 authenticator [RFC 1994 §4; AUTH.md §3]; the exchange is described on <see cref="ChapAuthenticator"/>.
/// The host checks <see cref="ChapMd5Request"/> (e.g. with <see cref="ChapMd5Verifier"/> or RADIUS
/// CHAP-Password). Success/Failure carry the decision text; the HLAK is all zeros.
/// </summary>
public sealed class ChapMd5Authenticator : ChapAuthenticator
{
    /// <summary>Creates the machine; <paramref name="random"/> supplies the Identifier and challenge.</summary>
    public ChapMd5Authenticator(AuthenticatorSettings settings, IRandomSource random)
        : base(settings, random)
    {
    }

    private protected override AuthRequest? TryCreateRequest(ChapPacket response)
    {
        if (response.Value.Length != ChapMd5.ResponseLength)
        {
            return null;
        }

        return new ChapMd5Request(Encoding.UTF8.GetString(response.Name), response.Identifier, Challenge, response.Value.ToArray());
    }

    private protected override void OnComplete(AuthDecision decision, TimeSpan now)
    {
        switch (decision.Kind)
        {
            case AuthDecisionKind.Accept:
                SendResult(ChapCode.Success, Encoding.UTF8.GetBytes(SuccessText(decision)));
                Succeed(new AuthOutcome(User, AuthMethod.ChapMd5, new byte[AuthOutcome.HlakLength]));
                break;
            case AuthDecisionKind.Reject:
                SendResult(ChapCode.Failure, Encoding.UTF8.GetBytes(FailureText(decision)));
                Fail(AuthFailure.BadCredentials, 0, FailureText(decision));
                break;
            default:
                throw new ArgumentException("CHAP cannot continue an EAP exchange.", nameof(decision));
        }
    }
}
