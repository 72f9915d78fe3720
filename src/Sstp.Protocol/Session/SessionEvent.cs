using Sstp.Protocol.Ppp.Auth;

namespace Sstp.Protocol.Session;

/// <summary>
/// What a session tells its host, read with <c>TryPollEvent</c>. Some events are pauses: the session waits
/// until the host answers (<see cref="AuthenticationRequested"/> → <c>CompleteAuthentication</c>,
/// <see cref="AddressesRequested"/> → <c>AssignAddresses</c>).
/// </summary>
public abstract record SessionEvent
{
    private SessionEvent()
    {
    }

    /// <summary>Server: the client sent credentials; verify them (local users or RADIUS) and answer.</summary>
    /// <param name="Request">The method-specific credentials (PAP, CHAP-MD5, MS-CHAPv2, EAP pass-through).</param>
    public sealed record AuthenticationRequested(AuthRequest Request) : SessionEvent;

    /// <summary>Server: the client is authenticated; assign its tunnel addresses to start IPCP/IPv6CP.</summary>
    /// <param name="UserName">The authenticated user.</param>
    /// <param name="Method">How the user authenticated.</param>
    public sealed record AddressesRequested(string UserName, AuthMethod Method) : SessionEvent;

    /// <summary>IP traffic can flow for the first time (SSTP Call Connected and at least one NCP opened).</summary>
    public sealed record TunnelUp(TunnelInfo Info) : SessionEvent;

    /// <summary>Which address families may flow changed after the tunnel came up (an NCP opened or closed).</summary>
    public sealed record DataPathChanged(DataPathState State) : SessionEvent;

    /// <summary>The session is over; raised exactly once. The host closes TLS after sending what is queued.</summary>
    /// <param name="Reason">Why, one value per cause.</param>
    /// <param name="Detail">A short human-readable explanation for the log line.</param>
    public sealed record Closed(DisconnectReason Reason, string Detail) : SessionEvent;
}
