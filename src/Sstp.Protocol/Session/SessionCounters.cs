namespace Sstp.Protocol.Session;

/// <summary>Per-session counters of things that were dropped or refused rather than failing the session.</summary>
public sealed class SessionCounters
{
    /// <summary>PPP frames that could not be parsed.</summary>
    public long MalformedFrames { get; internal set; }

    /// <summary>IP frames received before their family was open (dropped, MS-SSTP §3.3.7.2).</summary>
    public long DroppedInboundData { get; internal set; }

    /// <summary>PPP control frames received while not acceptable (before SSTP started PPP, early NCPs, …).</summary>
    public long DroppedInboundControl { get; internal set; }

    /// <summary>PPP control frames produced while SSTP did not allow them (teardown).</summary>
    public long DroppedOutboundControl { get; internal set; }

    /// <summary>LCP Protocol-Rejects we sent (CCP, NCPs we do not run).</summary>
    public long ProtocolRejectsSent { get; internal set; }

    /// <summary>LCP Protocol-Rejects we received.</summary>
    public long ProtocolRejectsReceived { get; internal set; }
}
