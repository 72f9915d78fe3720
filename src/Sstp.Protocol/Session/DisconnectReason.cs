namespace Sstp.Protocol.Session;

/// <summary>
/// Why a session ended: one value per distinct cause, used in logs, metrics and <c>sstp ctl</c>
/// (ARCHITECTURE.md C6). Peer faults, local decisions and transport loss are kept apart.
/// </summary>
public enum DisconnectReason
{
    /// <summary>The session has not ended.</summary>
    None = 0,

    // Local decisions.

    /// <summary>We closed the session (server shutdown, user stopped the client).</summary>
    LocalClose,

    /// <summary>An administrator ended the session (RADIUS Disconnect-Request, <c>sstp ctl kick</c>).</summary>
    AdminDisconnect,

    /// <summary>The session reached its maximum lifetime (RADIUS Session-Timeout).</summary>
    SessionTimeout,

    /// <summary>No traffic for the idle time (RADIUS Idle-Timeout).</summary>
    IdleTimeout,

    // Transport.

    /// <summary>TLS or TCP went away without an SSTP goodbye.</summary>
    TransportLost,

    // HTTP phase.

    /// <summary>Server: the HTTP request was not a valid SSTP_DUPLEX_POST (see the HTTP refusal).</summary>
    HttpRequestRefused,
    /// <summary>Client: the server's HTTP answer was not 200 with the SSTP content length.</summary>
    HttpResponseRefused,

    // SSTP layer.

    /// <summary>An SSTP packet could not be delineated (bad version or length); closed without a reply.</summary>
    SstpFramingError,
    /// <summary>The peer sent Call Disconnect.</summary>
    PeerDisconnect,
    /// <summary>The peer sent Call Abort.</summary>
    PeerAbort,
    /// <summary>SSTP negotiation did not finish in time (Connect Request or Call Connected missing).</summary>
    SstpNegotiationTimeout,
    /// <summary>Nothing at all was received for two Hello intervals.</summary>
    HelloTimeout,
    /// <summary>The peer sent an SSTP message that is invalid or not acceptable in the current state.</summary>
    SstpProtocolError,
    /// <summary>Server: too many bad Call Connect Requests. Client: the server kept NAKing our request.</summary>
    SstpConnectRefused,
    /// <summary>Server: the crypto binding in Call Connected did not verify (MITM or wrong keys or certificate hash).</summary>
    CryptoBindingFailed,

    // PPP.

    /// <summary>LCP negotiation failed (no agreement, too many attempts, auth option refused).</summary>
    LcpNegotiationFailed,
    /// <summary>The peer ended PPP with an LCP Terminate-Request (a normal hang-up by the user).</summary>
    PeerTerminatedPpp,
    /// <summary>LCP echo requests went unanswered.</summary>
    LcpEchoTimeout,
    /// <summary>Credentials were refused (MS-CHAP error 691 and friends).</summary>
    AuthenticationFailed,
    /// <summary>The authentication exchange did not complete in time.</summary>
    AuthenticationTimeout,
    /// <summary>Client: the server's MS-CHAPv2 authenticator response was missing or wrong.</summary>
    MutualAuthenticationFailed,
    /// <summary>Server: no address could be assigned to the client.</summary>
    NoAddressAvailable,
    /// <summary>No network protocol (IPCP or IPv6CP) could be opened.</summary>
    NcpNegotiationFailed,
}

/// <summary>Mappings of <see cref="DisconnectReason"/> to what people see.</summary>
public static class DisconnectReasonExtensions
{
    /// <summary>
    /// The RAS error code a Windows client typically shows for this ending, or 0 when none applies
    /// (691 access denied, 734 PPP link control protocol terminated, 629 closed by the remote computer,
    /// 628 connection terminated, 720 no PPP control protocols configured).
    /// </summary>
    public static int WindowsErrorCode(this DisconnectReason reason) => reason switch
    {
        DisconnectReason.AuthenticationFailed => 691,
        DisconnectReason.AuthenticationTimeout => 718,
        DisconnectReason.LcpNegotiationFailed => 734,
        DisconnectReason.NcpNegotiationFailed => 720,
        DisconnectReason.NoAddressAvailable => 720,
        DisconnectReason.MutualAuthenticationFailed => 691,
        DisconnectReason.HttpRequestRefused => 629,
        DisconnectReason.LocalClose => 628,
        DisconnectReason.PeerAbort or DisconnectReason.SstpProtocolError or DisconnectReason.SstpConnectRefused
            or DisconnectReason.SstpFramingError or DisconnectReason.SstpNegotiationTimeout or DisconnectReason.CryptoBindingFailed => 629,
        DisconnectReason.HelloTimeout or DisconnectReason.LcpEchoTimeout or DisconnectReason.TransportLost => 628,
        _ => 0,
    };

    /// <summary>True when the peer (or the network) caused the ending rather than a local decision.</summary>
    public static bool IsRemote(this DisconnectReason reason) =>
        reason is not (DisconnectReason.None or DisconnectReason.LocalClose or DisconnectReason.NoAddressAvailable
            or DisconnectReason.AdminDisconnect or DisconnectReason.SessionTimeout or DisconnectReason.IdleTimeout);

    /// <summary>True for the ordinary endings of a session (hang-up by either side), false for failures.</summary>
    public static bool IsNormal(this DisconnectReason reason) =>
        reason is DisconnectReason.LocalClose or DisconnectReason.PeerDisconnect or DisconnectReason.PeerTerminatedPpp
            or DisconnectReason.AdminDisconnect or DisconnectReason.SessionTimeout or DisconnectReason.IdleTimeout;

    /// <summary>The RADIUS Acct-Terminate-Cause (RFC 2866 §5.10) for this ending.</summary>
    public static int AcctTerminateCause(this DisconnectReason reason) => reason switch
    {
        DisconnectReason.PeerDisconnect or DisconnectReason.PeerTerminatedPpp => 1,                              // User-Request
        DisconnectReason.TransportLost or DisconnectReason.HelloTimeout or DisconnectReason.LcpEchoTimeout => 2,  // Lost-Carrier
        DisconnectReason.IdleTimeout => 4,
        DisconnectReason.SessionTimeout => 5,
        DisconnectReason.AdminDisconnect => 6,                                                                    // Admin-Reset
        DisconnectReason.LocalClose => 10,                                                                        // NAS-Request
        DisconnectReason.AuthenticationFailed or DisconnectReason.MutualAuthenticationFailed => 17,              // User-Error
        _ => 9,                                                                                                    // NAS-Error
    };
}
