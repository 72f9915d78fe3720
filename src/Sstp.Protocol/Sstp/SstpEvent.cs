namespace Sstp.Protocol.Sstp;

/// <summary>
/// Control-plane events of the SSTP state machines, read with <see cref="SstpStateMachine.TryPollEvent"/>.
/// </summary>
public abstract record SstpEvent
{
    private SstpEvent()
    {
    }

    /// <summary>
    /// Start PPP ("lower layer up", [MS-SSTP §3.1.7.1]): server on an accepted CALL_CONNECT_REQUEST, client on a
    /// valid CALL_CONNECT_ACK. PPP control frames may flow from now on.
    /// </summary>
    public sealed record PppLowerLayerUp : SstpEvent;

    /// <summary>
    /// The call reached *_Call_Connected: PPP data frames may flow.
    /// </summary>
    /// <param name="Hash">The hash protocol of the crypto binding.</param>
    /// <param name="Binding">
    /// Server: the verification result (a failure here means the LogOnly policy let it pass); null when
    /// nothing was verified (client, or server with policy Off).
    /// </param>
    public sealed record CallConnected(CertHashProtocol Hash, CryptoBindingResult? Binding) : SstpEvent;

    /// <summary>The call is over. Raised exactly once; the host then closes TLS/TCP.</summary>
    /// <param name="Reason">Why.</param>
    /// <param name="Status">
    /// The Status Info status we sent in our Abort, or received in the peer's Abort or Disconnect; null when
    /// there was none (graceful local disconnect, Hello timeout, lower layer down, bare peer message).
    /// </param>
    public sealed record Closed(SstpCloseReason Reason, SstpStatus? Status) : SstpEvent;
}
