using System.Buffers.Binary;
using System.Net;
using System.Text;
using Sstp.Protocol.Policing;

namespace Sstp.Protocol.Radius;

/// <summary>
/// What an Access-Accept authorizes, for the host [RFC 2865 §5, RFC 2869 §5.16, RFC 2548 §2.6, RFC 3162,
/// RFC 4818, RFC 6911; AUTH.md §7.4]. Absent attributes are null or empty. Integers that are malformed
/// (not 4 octets) are treated as absent.
/// </summary>
public sealed record RadiusAuthorization
{
    /// <summary>Framed-IP-Address (8). 255.255.255.254 = NAS assigns from its pool; 255.255.255.255 = the user picks.</summary>
    public IPAddress? FramedIpAddress { get; init; }

    /// <summary>Framed-IP-Netmask (9).</summary>
    public IPAddress? FramedIpNetmask { get; init; }

    /// <summary>Framed-Pool (88).</summary>
    public string? FramedPool { get; init; }

    /// <summary>Framed-MTU (12).</summary>
    public int? FramedMtu { get; init; }

    /// <summary>Framed-Interface-Id (96), 8 octets.</summary>
    public byte[]? FramedInterfaceId { get; init; }

    /// <summary>Framed-IPv6-Prefix (97), first occurrence.</summary>
    public RadiusIpv6Prefix? FramedIpv6Prefix { get; init; }

    /// <summary>Framed-IPv6-Address (168).</summary>
    public IPAddress? FramedIpv6Address { get; init; }

    /// <summary>Framed-Route (22) values that parsed, in order (RFC 2865 §5.22).</summary>
    public IReadOnlyList<RadiusFramedRoute> FramedRoutes { get; init; } = [];

    /// <summary>Framed-IPv6-Route (99) values that parsed, in order (RFC 3162 §2.5).</summary>
    public IReadOnlyList<RadiusFramedRoute> FramedIpv6Routes { get; init; } = [];

    /// <summary>Attributes that were present but malformed and so skipped, one line each, for the host to log.</summary>
    public IReadOnlyList<string> ParseNotes { get; init; } = [];

    /// <summary>Framed-IPv6-Pool (100).</summary>
    public string? FramedIpv6Pool { get; init; }

    /// <summary>Delegated-IPv6-Prefix (123).</summary>
    public RadiusIpv6Prefix? DelegatedIpv6Prefix { get; init; }

    /// <summary>MS-Primary-DNS-Server then MS-Secondary-DNS-Server (311/28, 29), those present.</summary>
    public IReadOnlyList<IPAddress> DnsServers { get; init; } = [];

    /// <summary>MS-Primary-NBNS-Server then MS-Secondary-NBNS-Server (311/30, 31), those present.</summary>
    public IReadOnlyList<IPAddress> NbnsServers { get; init; } = [];

    /// <summary>DNS-Server-IPv6-Address (169), in order.</summary>
    public IReadOnlyList<IPAddress> Ipv6DnsServers { get; init; } = [];

    /// <summary>Session-Timeout (27).</summary>
    public TimeSpan? SessionTimeout { get; init; }

    /// <summary>Idle-Timeout (28).</summary>
    public TimeSpan? IdleTimeout { get; init; }

    /// <summary>Acct-Interim-Interval (85).</summary>
    public TimeSpan? AcctInterimInterval { get; init; }

    /// <summary>Class (25) values in order; copy them unchanged into every accounting packet.</summary>
    public IReadOnlyList<byte[]> Classes { get; init; } = [];

    /// <summary>Filter-Id (11), first occurrence.</summary>
    public string? FilterId { get; init; }

    /// <summary>Reply-Message (18) values joined with newlines, or null.</summary>
    public string? ReplyMessage { get; init; }

    /// <summary>
    /// The rate limit from WISPr-Bandwidth-Max-Up/-Down (14122/7, 8) and Mikrotik-Rate-Limit (14988/8), see
    /// <see cref="RadiusRateLimit"/>; unspecified directions are null.
    /// </summary>
    public RateLimit RateLimit { get; init; }

    /// <summary>Collects the authorization attributes of a validated packet. Never throws.</summary>
    public static RadiusAuthorization From(RadiusPacketView packet)
    {
        var classes = new List<byte[]>();
        var dns6 = new List<IPAddress>();
        var replies = new List<string>();
        var routes = new List<RadiusFramedRoute>();
        var routes6 = new List<RadiusFramedRoute>();
        var notes = new List<string>();
        RadiusIpv6Prefix? framedPrefix = null;
        RadiusIpv6Prefix? delegatedPrefix = null;
        foreach (var attribute in packet.Attributes)
        {
            var value = attribute.Value;
            switch (attribute.Type)
            {
                case RadiusAttributeType.Class:
                    classes.Add(value.ToArray());
                    break;
                case RadiusAttributeType.DnsServerIpv6Address when value.Length == 16:
                    dns6.Add(new IPAddress(value));
                    break;
                case RadiusAttributeType.ReplyMessage:
                    replies.Add(Encoding.UTF8.GetString(value));
                    break;
                case RadiusAttributeType.FramedIpv6Prefix when framedPrefix is null:
                    if (!RadiusIpv6Prefix.TryRead(value, out framedPrefix))
                    {
                        notes.Add("Framed-IPv6-Prefix: malformed value, ignored");
                    }

                    break;
                case RadiusAttributeType.FramedRoute:
                    AddRoute(value, ipv6: false, routes, notes);
                    break;
                case RadiusAttributeType.FramedIpv6Route:
                    AddRoute(value, ipv6: true, routes6, notes);
                    break;
                case RadiusAttributeType.DelegatedIpv6Prefix when delegatedPrefix is null:
                    RadiusIpv6Prefix.TryRead(value, out delegatedPrefix);
                    break;
                default:
                    break;
            }
        }

        return new RadiusAuthorization
        {
            FramedIpAddress = Address(packet, RadiusAttributeType.FramedIpAddress, 4),
            FramedIpNetmask = Address(packet, RadiusAttributeType.FramedIpNetmask, 4),
            FramedPool = Text(packet, RadiusAttributeType.FramedPool),
            FramedMtu = packet.TryGetUInt32(RadiusAttributeType.FramedMtu, out uint mtu) && mtu <= int.MaxValue ? (int)mtu : null,
            FramedInterfaceId = packet.TryGetAttribute(RadiusAttributeType.FramedInterfaceId, out var id) && id.Length == 8 ? id.ToArray() : null,
            FramedIpv6Prefix = framedPrefix,
            FramedIpv6Address = Address(packet, RadiusAttributeType.FramedIpv6Address, 16),
            FramedRoutes = routes,
            FramedIpv6Routes = routes6,
            ParseNotes = notes,
            FramedIpv6Pool = Text(packet, RadiusAttributeType.FramedIpv6Pool),
            DelegatedIpv6Prefix = delegatedPrefix,
            DnsServers = MicrosoftAddresses(packet, MicrosoftAttributeType.MsPrimaryDnsServer, MicrosoftAttributeType.MsSecondaryDnsServer),
            NbnsServers = MicrosoftAddresses(packet, MicrosoftAttributeType.MsPrimaryNbnsServer, MicrosoftAttributeType.MsSecondaryNbnsServer),
            Ipv6DnsServers = dns6,
            SessionTimeout = Seconds(packet, RadiusAttributeType.SessionTimeout),
            IdleTimeout = Seconds(packet, RadiusAttributeType.IdleTimeout),
            AcctInterimInterval = Seconds(packet, RadiusAttributeType.AcctInterimInterval),
            Classes = classes,
            FilterId = Text(packet, RadiusAttributeType.FilterId),
            ReplyMessage = replies.Count == 0 ? null : string.Join('\n', replies),
            RateLimit = RadiusRateLimit.Read(packet.AttributeBytes),
        };
    }

    private static void AddRoute(ReadOnlySpan<byte> value, bool ipv6, List<RadiusFramedRoute> routes, List<string> notes)
    {
        if (RadiusFramedRoute.TryParse(value, ipv6, out var route, out string? error))
        {
            routes.Add(route!);
        }
        else
        {
            notes.Add($"{(ipv6 ? "Framed-IPv6-Route" : "Framed-Route")}: {error}, skipped");
        }
    }

    private static IPAddress? Address(RadiusPacketView packet, RadiusAttributeType type, int length) =>
        packet.TryGetAttribute(type, out var value) && value.Length == length ? new IPAddress(value) : null;

    private static string? Text(RadiusPacketView packet, RadiusAttributeType type) =>
        packet.TryGetAttribute(type, out var value) ? Encoding.UTF8.GetString(value) : null;

    private static TimeSpan? Seconds(RadiusPacketView packet, RadiusAttributeType type) =>
        packet.TryGetUInt32(type, out uint seconds) ? TimeSpan.FromSeconds(seconds) : null;

    private static List<IPAddress> MicrosoftAddresses(RadiusPacketView packet, MicrosoftAttributeType primary, MicrosoftAttributeType secondary)
    {
        var list = new List<IPAddress>(2);
        foreach (var type in (ReadOnlySpan<MicrosoftAttributeType>)[primary, secondary])
        {
            if (packet.TryGetMicrosoftAttribute(type, out var value) && value.Length == 4 && BinaryPrimitives.ReadUInt32BigEndian(value) != 0)
            {
                list.Add(new IPAddress(value));
            }
        }

        return list;
    }
}
