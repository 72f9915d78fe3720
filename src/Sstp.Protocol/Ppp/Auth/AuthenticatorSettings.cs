namespace Sstp.Protocol.Ppp.Auth;

/// <summary>Settings of the authenticator (server) machines.</summary>
public sealed record AuthenticatorSettings
{
    /// <summary>Restart timer for Challenge/Request retransmission (RFC 1661 §4.6 default 3 s).</summary>
    public TimeSpan RestartInterval { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>How many times a Challenge/Request is re-sent before giving up (pppd discards them until its LCP is open).</summary>
    public int MaxRetransmissions { get; init; } = 10;

    /// <summary>The whole authentication phase must end within this time of <c>Start</c>, host time included.</summary>
    public TimeSpan OverallTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Name field of CHAP/MS-CHAPv2 Challenges (Microsoft servers leave it empty, AUTH.md §4.1).</summary>
    public string ServerName { get; init; } = string.Empty;

    /// <summary>How many new challenges (<c>R=1</c>) MS-CHAPv2 may offer after a failure (0: none).</summary>
    public int MsChapV2Retries { get; init; }

    /// <summary>EAP: relay every Response to the host instead of running EAP-MSCHAPv2 locally.</summary>
    public bool EapPassThrough { get; init; }

    /// <summary>Text of Success/Ack messages when the decision carries none.</summary>
    public string SuccessMessage { get; init; } = "Access granted";

    /// <summary>Text of Failure/Nak messages when the decision carries none.</summary>
    public string FailureMessage { get; init; } = "Authentication failed";
}
