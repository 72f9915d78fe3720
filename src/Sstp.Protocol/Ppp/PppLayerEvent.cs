namespace Sstp.Protocol.Ppp;

/// <summary>What a PPP layer tells its owner; see <see cref="PppLayerEvent.Kind"/>.</summary>
public enum PppLayerEventKind
{
    /// <summary>This-Layer-Up (tlu): the layer reached Opened; its results are valid.</summary>
    LayerUp = 1,

    /// <summary>This-Layer-Down (tld): the layer left Opened.</summary>
    LayerDown = 2,

    /// <summary>This-Layer-Started (tls): the layer wants the lower layer to come up.</summary>
    LayerStarted = 3,

    /// <summary>This-Layer-Finished (tlf): the layer no longer needs the lower layer (for LCP: end the session).</summary>
    LayerFinished = 4,

    /// <summary>LCP only: the peer Protocol-Rejected <see cref="PppLayerEvent.RejectedProtocol"/> while Opened.</summary>
    ProtocolRejected = 5,

    /// <summary>LCP only: the configured number of Echo-Requests went unanswered.</summary>
    EchoTimeout = 6,
}

/// <summary>An event polled from a PPP layer with <c>TryPollEvent</c>.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Reason">For <see cref="PppLayerEventKind.LayerDown"/> and <see cref="PppLayerEventKind.LayerFinished"/>: why.</param>
/// <param name="RejectedProtocol">For <see cref="PppLayerEventKind.ProtocolRejected"/>: the protocol number the peer refused.</param>
public readonly record struct PppLayerEvent(PppLayerEventKind Kind, PppCloseReason Reason = PppCloseReason.None, ushort RejectedProtocol = 0);
