using System.Buffers.Binary;
using System.Net;
using System.Text;
using Sstp.Protocol.Policing;
using Sstp.Protocol.Radius;

namespace Sstp.Server.Aaa;

/// <summary>
/// Reads the attributes of a verified Disconnect-Request (40) or CoA-Request (43) [RFC 5176 §3; AUTH.md §7.7]
/// into a <see cref="DasRequest"/>:
/// <code>
/// NAS identification:     NAS-IP-Address(4) NAS-Identifier(32) NAS-IPv6-Address(95)  → must be ours, else 403
/// Session identification: User-Name(1) Acct-Session-Id(44) Framed-IP-Address(8)     → the DasSelector (≥ 1, else 402)
///                         NAS-Port-Type(61) = Virtual (5)                           → anything else matches nothing (503)
///                         other identification attributes (Calling-Station-Id, …)   → 401
/// CoA changes:            Session-Timeout(27)                                       → passed on
///                         Vendor-Specific(26) holding only WISPr-Bandwidth-Max-Up/-Down (14122/7, 8) or
///                         Mikrotik-Rate-Limit (14988/8)                             → the new rate limit
///                         (a malformed value → 407); no change at all               → 402
///                         Service-Type(6)                                           → 405 (CoA) / 401 (Disconnect)
/// Ignored:                Proxy-State(33, echoed) Message-Authenticator(80) Event-Timestamp(55, checked by
///                         the processor) Reply-Message(18); Acct-Terminate-Cause(49) in a Disconnect-Request;
///                         State(24) in a CoA-Request
/// Anything else (other Vendor-Specific, Filter-Id, Idle-Timeout, …)                 → 401 Unsupported-Attribute
/// </code>
/// When several rules fail the most basic one wins: 403, then 407 (a value of the wrong size), 401/405, 402,
/// 503. The RFC 5176 §3.6 rule that 405 is never sent in a Disconnect-NAK is kept.
/// </summary>
internal static class DasRequestReader
{
    /// <summary>Proxy-State (33), RFC 2865 §5.33: echoed unchanged, in order, in the answer.</summary>
    public const RadiusAttributeType ProxyState = (RadiusAttributeType)33;

    /// <summary>Reads <paramref name="packet"/>; <paramref name="nas"/> (when set) is our identity for the 403 check.</summary>
    public static DasRequest Read(RadiusPacketView packet, RadiusNasAttributes? nas)
    {
        bool coa = packet.Code == RadiusCode.CoARequest;
        string? userName = null;
        string? acctSessionId = null;
        IPAddress? framedIp = null;
        TimeSpan? sessionTimeout = null;
        uint? eventTimestamp = null;
        bool rateAttributes = false;
        bool mismatch = false, invalid = false, unsupported = false, unsupportedService = false, otherPortType = false;

        foreach (var attribute in packet.Attributes)
        {
            var value = attribute.Value;
            switch (attribute.Type)
            {
                case RadiusAttributeType.UserName:
                    invalid |= !TryReadText(value, ref userName);
                    break;
                case RadiusAttributeType.AcctSessionId:
                    invalid |= !TryReadText(value, ref acctSessionId);
                    break;
                case RadiusAttributeType.FramedIpAddress:
                    if (value.Length != 4)
                    {
                        invalid = true;
                    }
                    else
                    {
                        framedIp ??= new IPAddress(value);
                    }

                    break;
                case RadiusAttributeType.NasIdentifier:
                    mismatch |= nas?.NasIdentifier is { } ourName && !value.SequenceEqual(Encoding.UTF8.GetBytes(ourName));
                    break;
                case RadiusAttributeType.NasIpAddress:
                    invalid |= value.Length != 4;
                    mismatch |= value.Length == 4 && nas?.NasIpAddress is { } ourIp && !SameAddress(value, ourIp);
                    break;
                case RadiusAttributeType.NasIpv6Address:
                    invalid |= value.Length != 16;
                    mismatch |= value.Length == 16 && nas?.NasIpv6Address is { } ourIp6 && !SameAddress(value, ourIp6);
                    break;
                case RadiusAttributeType.NasPortType:
                    invalid |= value.Length != 4;
                    otherPortType |= value.Length == 4 && BinaryPrimitives.ReadUInt32BigEndian(value) != RadiusNasAttributes.NasPortTypeVirtual;
                    break;
                case RadiusAttributeType.SessionTimeout when coa:
                    if (value.Length != 4)
                    {
                        invalid = true;
                    }
                    else
                    {
                        sessionTimeout ??= TimeSpan.FromSeconds(BinaryPrimitives.ReadUInt32BigEndian(value));
                    }

                    break;
                case RadiusAttributeType.ServiceType:
                    // RFC 5176 §3.6: 405 "cannot be sent in response to a Disconnect-Request".
                    unsupportedService |= coa;
                    unsupported |= !coa;
                    break;
                case RadiusAttributeType.EventTimestamp:
                    if (value.Length != 4)
                    {
                        invalid = true;
                    }
                    else
                    {
                        eventTimestamp ??= BinaryPrimitives.ReadUInt32BigEndian(value);
                    }

                    break;
                case RadiusAttributeType.VendorSpecific when coa:
                    switch (RadiusRateLimit.ClassifyVendorSpecific(value))
                    {
                        case RateAttributeKind.Wispr or RateAttributeKind.Mikrotik:
                            rateAttributes = true;
                            break;
                        case RateAttributeKind.Invalid:
                            invalid = true;
                            break;
                        default:
                            unsupported = true;
                            break;
                    }

                    break;
                case ProxyState:
                case RadiusAttributeType.MessageAuthenticator:
                case RadiusAttributeType.ReplyMessage:
                    break;
                case RadiusAttributeType.AcctTerminateCause when !coa:
                case RadiusAttributeType.State when coa:
                    // Acct-Terminate-Cause: the DAC's reason, we report Admin-Reset anyway. State only comes with
                    // Service-Type Authorize-Only, which is answered 405 above.
                    break;
                default:
                    unsupported = true;
                    break;
            }
        }

        var error = mismatch ? DasErrorCause.NasIdentificationMismatch
            : invalid ? DasErrorCause.InvalidAttributeValue
            : unsupported ? DasErrorCause.UnsupportedAttribute
            : unsupportedService ? DasErrorCause.UnsupportedService
            : userName is null && acctSessionId is null && framedIp is null ? DasErrorCause.MissingAttribute
            : coa && sessionTimeout is null && !rateAttributes ? DasErrorCause.MissingAttribute
            : otherPortType ? DasErrorCause.SessionContextNotFound
            : (DasErrorCause?)null;

        var rate = rateAttributes ? RadiusRateLimit.Read(packet.AttributeBytes) : default(RateLimit);
        return error is null
            ? new DasRequest { Selector = new DasSelector(acctSessionId, userName, framedIp), SessionTimeout = sessionTimeout, RateLimit = rate, EventTimestamp = eventTimestamp }
            : new DasRequest { Error = error, EventTimestamp = eventTimestamp };
    }

    /// <summary>Takes the first occurrence of a text attribute; an empty value is invalid (RFC 2865 §5).</summary>
    private static bool TryReadText(ReadOnlySpan<byte> value, ref string? text)
    {
        if (value.IsEmpty)
        {
            return false;
        }

        text ??= Encoding.UTF8.GetString(value);
        return true;
    }

    private static bool SameAddress(ReadOnlySpan<byte> value, IPAddress ours)
    {
        Span<byte> bytes = stackalloc byte[16];
        return ours.TryWriteBytes(bytes, out int written) && bytes[..written].SequenceEqual(value);
    }
}
