using System.Buffers;
using System.Text;
using Sstp.Protocol.Primitives;

namespace Sstp.Protocol.Ppp.Auth;

/// <summary>
/// MS-CHAPv2 authenticator [RFC 2759 §3–§6; AUTH.md §4]; the exchange is described on
/// <see cref="ChapAuthenticator"/>.
/// <para>Accept: Success <c>S=&lt;40 hex&gt; M=&lt;text&gt;</c> (with the space, RFC 2759 §5) using the
/// decision's authenticator response; the outcome carries the decision's HLAK. Reject: Failure
/// <c>E=&lt;code&gt; R=&lt;0|1&gt; C=&lt;32 hex&gt; V=3 M=&lt;text&gt;</c>. When the decision allows a retry and
/// <see cref="AuthenticatorSettings.MsChapV2Retries"/> is not spent, <c>R=1</c> is sent with a new
/// challenge in <c>C=</c> and the machine waits for a new Response with Identifier + 1 (RFC 2759 §6).</para>
/// </summary>
public sealed class MsChapV2Authenticator : ChapAuthenticator
{
    private readonly IRandomSource _random;
    private int _retriesLeft;

    /// <summary>Creates the machine; <paramref name="random"/> supplies the Identifier and challenges.</summary>
    public MsChapV2Authenticator(AuthenticatorSettings settings, IRandomSource random)
        : base(settings, random)
    {
        _random = random;
        _retriesLeft = settings.MsChapV2Retries;
    }

    private protected override AuthRequest? TryCreateRequest(ChapPacket response)
    {
        if (MsChapV2Response.TryRead(response.Value, out var value, out _) != OperationStatus.Done)
        {
            return null;
        }

        return new MsChapV2Request(Encoding.UTF8.GetString(response.Name), Challenge, value.PeerChallenge.ToArray(),
            value.NtResponse.ToArray(), response.Identifier);
    }

    private protected override void OnComplete(AuthDecision decision, TimeSpan now)
    {
        switch (decision.Kind)
        {
            case AuthDecisionKind.Accept:
                if (decision.AuthenticatorResponse is null)
                {
                    throw new ArgumentException("An MS-CHAPv2 accept needs the S= authenticator response.", nameof(decision));
                }

                byte[] text = Encoding.UTF8.GetBytes(SuccessText(decision));
                var message = new byte[MsChapV2SuccessMessage.GetEncodedLength(text.Length)];
                MsChapV2SuccessMessage.Write(message, Encoding.ASCII.GetBytes(decision.AuthenticatorResponse), text);
                SendResult(ChapCode.Success, message);
                Succeed(new AuthOutcome(User, AuthMethod.MsChapV2, decision.Hlak.ToArray()));
                break;
            case AuthDecisionKind.Reject:
                bool retry = decision.RetryAllowed && _retriesLeft > 0;
                var newChallenge = new byte[16];
                _random.Fill(newChallenge);
                var failure = new MsChapV2FailureMessage(decision.ErrorCode, retry, newChallenge, 3, FailureText(decision));
                SendResult(ChapCode.Failure, failure.ToBytes());
                if (retry)
                {
                    // RFC 2759 §6: the peer answers C= with a new Response whose Identifier is one more.
                    _retriesLeft--;
                    Identifier = unchecked((byte)(Identifier + 1));
                    Challenge = newChallenge;
                    SetAwaitingHost(false);
                }
                else
                {
                    Fail(AuthFailure.BadCredentials, decision.ErrorCode, FailureText(decision));
                }

                break;
            default:
                throw new ArgumentException("MS-CHAPv2 cannot continue an EAP exchange.", nameof(decision));
        }
    }
}
