namespace Sstp.Protocol.Ppp.Auth;

/// <summary>Credentials an authenticator hands to its host (see <see cref="AuthEvent.CredentialsReceived"/>).</summary>
public abstract record AuthRequest
{
    private protected AuthRequest()
    {
    }
}
