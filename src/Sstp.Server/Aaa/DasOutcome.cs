namespace Sstp.Server.Aaa;

/// <summary>What <see cref="IDasSessionControl"/> did with a Disconnect- or CoA-Request.</summary>
public enum DasOutcome
{
    /// <summary>Every selected session was ended or changed: the listener answers ACK.</summary>
    Done,

    /// <summary>No session matches the selector: NAK with Error-Cause 503 Session-Context-Not-Found.</summary>
    NotFound,

    /// <summary>
    /// The request cannot be carried out (e.g. the change is not implemented): NAK with Error-Cause
    /// 401 Unsupported-Attribute.
    /// </summary>
    Unsupported,
}
