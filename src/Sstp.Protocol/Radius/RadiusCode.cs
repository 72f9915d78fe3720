namespace Sstp.Protocol.Radius;

/// <summary>
/// RADIUS packet codes [RFC 2865 §3, RFC 2866 §3, RFC 5176 §2.3; AUTH.md §7.1].
/// </summary>
public enum RadiusCode : byte
{
    /// <summary>Access-Request (1), NAS → server, UDP 1812.</summary>
    AccessRequest = 1,

    /// <summary>Access-Accept (2).</summary>
    AccessAccept = 2,

    /// <summary>Access-Reject (3).</summary>
    AccessReject = 3,

    /// <summary>Accounting-Request (4), NAS → server, UDP 1813.</summary>
    AccountingRequest = 4,

    /// <summary>Accounting-Response (5).</summary>
    AccountingResponse = 5,

    /// <summary>Access-Challenge (11).</summary>
    AccessChallenge = 11,

    /// <summary>Disconnect-Request (40), server → NAS, UDP 3799.</summary>
    DisconnectRequest = 40,

    /// <summary>Disconnect-ACK (41).</summary>
    DisconnectAck = 41,

    /// <summary>Disconnect-NAK (42).</summary>
    DisconnectNak = 42,

    /// <summary>CoA-Request (43), server → NAS, UDP 3799.</summary>
    CoARequest = 43,

    /// <summary>CoA-ACK (44).</summary>
    CoAAck = 44,

    /// <summary>CoA-NAK (45).</summary>
    CoANak = 45,
}
