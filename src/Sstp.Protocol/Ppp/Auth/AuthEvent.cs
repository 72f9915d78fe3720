namespace Sstp.Protocol.Ppp.Auth;

/// <summary>Events an authentication machine hands to its host through <c>TryPollEvent</c>.</summary>
public abstract record AuthEvent
{
    private AuthEvent()
    {
    }

    /// <summary>
    /// Authenticator only: the peer's credentials arrived. The machine is now
    /// <see cref="AuthStatus.AwaitingHost"/>; answer with <see cref="Authenticator.Complete"/>.
    /// </summary>
    /// <param name="Request">What the peer sent.</param>
    public sealed record CredentialsReceived(AuthRequest Request) : AuthEvent;

    /// <summary>Authentication succeeded.</summary>
    /// <param name="Outcome">User, method and HLAK.</param>
    public sealed record Succeeded(AuthOutcome Outcome) : AuthEvent;

    /// <summary>Authentication failed.</summary>
    /// <param name="Reason">Why.</param>
    /// <param name="ErrorCode">The MS-CHAP error code (e.g. 691) when one was sent or received, else 0.</param>
    /// <param name="Message">The text sent or received with the failure, if any.</param>
    public sealed record Failed(AuthFailure Reason, int ErrorCode = 0, string? Message = null) : AuthEvent;
}
