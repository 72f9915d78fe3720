namespace Sstp.Protocol.Radius;

/// <summary>
/// RADIUS attribute types used by the NAS [RFC 2865 §5, RFC 2866 §5, RFC 2869 §5, RFC 3162 §2, RFC 4818,
/// RFC 5176 §3.5, RFC 6911 §3; AUTH.md §7.3–§7.7]. The wire value is one octet.
/// </summary>
public enum RadiusAttributeType : byte
{
    /// <summary>User-Name (1), string.</summary>
    UserName = 1,

    /// <summary>User-Password (2), hidden with the secret (RFC 2865 §5.2).</summary>
    UserPassword = 2,

    /// <summary>CHAP-Password (3): CHAP Identifier(1) ‖ Response(16).</summary>
    ChapPassword = 3,

    /// <summary>NAS-IP-Address (4), IPv4.</summary>
    NasIpAddress = 4,

    /// <summary>NAS-Port (5), integer.</summary>
    NasPort = 5,

    /// <summary>Service-Type (6), integer (Framed-User = 2).</summary>
    ServiceType = 6,

    /// <summary>Framed-Protocol (7), integer (PPP = 1).</summary>
    FramedProtocol = 7,

    /// <summary>Framed-IP-Address (8), IPv4.</summary>
    FramedIpAddress = 8,

    /// <summary>Framed-IP-Netmask (9), IPv4.</summary>
    FramedIpNetmask = 9,

    /// <summary>Filter-Id (11), string.</summary>
    FilterId = 11,

    /// <summary>Framed-MTU (12), integer.</summary>
    FramedMtu = 12,

    /// <summary>Reply-Message (18), string.</summary>
    ReplyMessage = 18,

    /// <summary>Framed-Route (22), text "PREFIX/LEN GATEWAY METRICS" (RFC 2865 §5.22).</summary>
    FramedRoute = 22,

    /// <summary>State (24), opaque; echoed from an Access-Challenge.</summary>
    State = 24,

    /// <summary>Class (25), opaque; copied into accounting.</summary>
    Class = 25,

    /// <summary>Vendor-Specific (26): Vendor-Id(4) ‖ vendor data.</summary>
    VendorSpecific = 26,

    /// <summary>Session-Timeout (27), integer seconds.</summary>
    SessionTimeout = 27,

    /// <summary>Idle-Timeout (28), integer seconds.</summary>
    IdleTimeout = 28,

    /// <summary>Called-Station-Id (30), string.</summary>
    CalledStationId = 30,

    /// <summary>Calling-Station-Id (31), string.</summary>
    CallingStationId = 31,

    /// <summary>NAS-Identifier (32), string.</summary>
    NasIdentifier = 32,

    /// <summary>Acct-Status-Type (40), integer (RFC 2866 §5.1).</summary>
    AcctStatusType = 40,

    /// <summary>Acct-Delay-Time (41), integer seconds.</summary>
    AcctDelayTime = 41,

    /// <summary>Acct-Input-Octets (42), integer.</summary>
    AcctInputOctets = 42,

    /// <summary>Acct-Output-Octets (43), integer.</summary>
    AcctOutputOctets = 43,

    /// <summary>Acct-Session-Id (44), string.</summary>
    AcctSessionId = 44,

    /// <summary>Acct-Authentic (45), integer (RADIUS = 1, Local = 2).</summary>
    AcctAuthentic = 45,

    /// <summary>Acct-Session-Time (46), integer seconds.</summary>
    AcctSessionTime = 46,

    /// <summary>Acct-Input-Packets (47), integer.</summary>
    AcctInputPackets = 47,

    /// <summary>Acct-Output-Packets (48), integer.</summary>
    AcctOutputPackets = 48,

    /// <summary>Acct-Terminate-Cause (49), integer.</summary>
    AcctTerminateCause = 49,

    /// <summary>Acct-Input-Gigawords (52), integer (RFC 2869 §5.1).</summary>
    AcctInputGigawords = 52,

    /// <summary>Acct-Output-Gigawords (53), integer.</summary>
    AcctOutputGigawords = 53,

    /// <summary>Event-Timestamp (55), integer seconds since 1970 UTC.</summary>
    EventTimestamp = 55,

    /// <summary>CHAP-Challenge (60), opaque.</summary>
    ChapChallenge = 60,

    /// <summary>NAS-Port-Type (61), integer (Virtual = 5).</summary>
    NasPortType = 61,

    /// <summary>EAP-Message (79), one ≤ 253-byte piece of an EAP packet (RFC 3579 §3.1).</summary>
    EapMessage = 79,

    /// <summary>Message-Authenticator (80), 16-byte HMAC-MD5 (RFC 2869 §5.14, RFC 3579 §3.2).</summary>
    MessageAuthenticator = 80,

    /// <summary>Acct-Interim-Interval (85), integer seconds.</summary>
    AcctInterimInterval = 85,

    /// <summary>NAS-Port-Id (87), string.</summary>
    NasPortId = 87,

    /// <summary>Framed-Pool (88), string.</summary>
    FramedPool = 88,

    /// <summary>NAS-IPv6-Address (95), 16 bytes (RFC 3162 §2.1).</summary>
    NasIpv6Address = 95,

    /// <summary>Framed-Interface-Id (96), 8 bytes (RFC 3162 §2.2).</summary>
    FramedInterfaceId = 96,

    /// <summary>Framed-IPv6-Prefix (97): Reserved(1) ‖ Prefix-Length(1) ‖ Prefix (RFC 3162 §2.3).</summary>
    FramedIpv6Prefix = 97,

    /// <summary>Framed-IPv6-Route (99), text "PREFIX/LEN GATEWAY METRICS" (RFC 3162 §2.5).</summary>
    FramedIpv6Route = 99,

    /// <summary>Framed-IPv6-Pool (100), string (RFC 3162 §2.6).</summary>
    FramedIpv6Pool = 100,

    /// <summary>Error-Cause (101), integer (RFC 5176 §3.6).</summary>
    ErrorCause = 101,

    /// <summary>Delegated-IPv6-Prefix (123), prefix format (RFC 4818).</summary>
    DelegatedIpv6Prefix = 123,

    /// <summary>Framed-IPv6-Address (168), 16 bytes (RFC 6911 §3.1).</summary>
    FramedIpv6Address = 168,

    /// <summary>DNS-Server-IPv6-Address (169), 16 bytes (RFC 6911 §3.2).</summary>
    DnsServerIpv6Address = 169,
}
