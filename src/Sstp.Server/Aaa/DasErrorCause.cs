namespace Sstp.Server.Aaa;

/// <summary>
/// Error-Cause (101) values [RFC 5176 §3.6; AUTH.md §7.7], sent in Disconnect-NAK and CoA-NAK (and 201 in a
/// Disconnect-ACK). 2xx: success, 4xx: the client's fault, 5xx: ours.
/// </summary>
public enum DasErrorCause : uint
{
    /// <summary>201 Residual-Session-Context-Removed (Disconnect-ACK only).</summary>
    ResidualSessionContextRemoved = 201,

    /// <summary>202 Invalid-EAP-Packet (Ignored).</summary>
    InvalidEapPacket = 202,

    /// <summary>401 Unsupported-Attribute: the request carries an attribute we cannot honour.</summary>
    UnsupportedAttribute = 401,

    /// <summary>402 Missing-Attribute: no session identification attribute.</summary>
    MissingAttribute = 402,

    /// <summary>403 NAS-Identification-Mismatch: NAS-Identifier / NAS-IP-Address / NAS-IPv6-Address are not ours.</summary>
    NasIdentificationMismatch = 403,

    /// <summary>404 Invalid-Request.</summary>
    InvalidRequest = 404,

    /// <summary>405 Unsupported-Service: a Service-Type we do not support (never in a Disconnect-NAK).</summary>
    UnsupportedService = 405,

    /// <summary>406 Unsupported-Extension.</summary>
    UnsupportedExtension = 406,

    /// <summary>407 Invalid-Attribute-Value: e.g. a Framed-IP-Address that is not 4 octets.</summary>
    InvalidAttributeValue = 407,

    /// <summary>501 Administratively-Prohibited.</summary>
    AdministrativelyProhibited = 501,

    /// <summary>502 Request-Not-Routable (proxies only).</summary>
    RequestNotRoutable = 502,

    /// <summary>503 Session-Context-Not-Found: no session matches.</summary>
    SessionContextNotFound = 503,

    /// <summary>504 Session-Context-Not-Removable.</summary>
    SessionContextNotRemovable = 504,

    /// <summary>505 Other-Proxy-Processing-Error.</summary>
    OtherProxyProcessingError = 505,

    /// <summary>506 Resources-Unavailable: we failed internally.</summary>
    ResourcesUnavailable = 506,

    /// <summary>507 Request-Initiated (answer to a CoA with Service-Type Authorize-Only).</summary>
    RequestInitiated = 507,

    /// <summary>508 Multiple-Session-Selection-Unsupported.</summary>
    MultipleSessionSelectionUnsupported = 508,
}
