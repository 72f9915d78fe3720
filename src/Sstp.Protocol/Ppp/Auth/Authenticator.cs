namespace Sstp.Protocol.Ppp.Auth;

/// <summary>
/// Base of the authenticator (server) machines. They never judge credentials: when the peer's credentials
/// are complete they emit <see cref="AuthEvent.CredentialsReceived"/>, enter
/// <see cref="AuthStatus.AwaitingHost"/>, and continue when the host calls <see cref="Complete"/>.
/// </summary>
public abstract class Authenticator : AuthMachine
{
    private protected Authenticator(AuthenticatorSettings settings)
        : base(Validated(settings).RestartInterval, settings.MaxRetransmissions, settings.OverallTimeout)
    {
        Settings = settings;
    }

    /// <summary>The settings given at construction.</summary>
    public AuthenticatorSettings Settings { get; }

    /// <summary>The host's answer to the last <see cref="AuthEvent.CredentialsReceived"/>.</summary>
    /// <exception cref="InvalidOperationException">The machine is not <see cref="AuthStatus.AwaitingHost"/>.</exception>
    /// <exception cref="ArgumentException">The decision does not fit the method (e.g. MS-CHAPv2 accept without <c>S=</c>).</exception>
    public void Complete(AuthDecision decision, TimeSpan now)
    {
        ArgumentNullException.ThrowIfNull(decision);
        if (Status != AuthStatus.AwaitingHost)
        {
            AuthThrow.InvalidState("Complete is only valid while the machine awaits the host.");
        }

        OnComplete(decision, now);
    }

    /// <summary>Applies the host's decision.</summary>
    private protected abstract void OnComplete(AuthDecision decision, TimeSpan now);

    /// <summary>The text for a Success/Ack (decision text or the default).</summary>
    private protected string SuccessText(AuthDecision decision) => decision.Message ?? Settings.SuccessMessage;

    /// <summary>The text for a Failure/Nak (decision text or the default).</summary>
    private protected string FailureText(AuthDecision decision) => decision.Message ?? Settings.FailureMessage;

    private static AuthenticatorSettings Validated(AuthenticatorSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings;
    }
}
