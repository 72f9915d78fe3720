using System.Net;

namespace Sstp.Protocol.Radius;

/// <summary>
/// The NAS-side attributes every Access-Request (and accounting packet) carries [RFC 2865 §5; AUTH.md §7.3].
/// Service-Type = Framed-User (2), Framed-Protocol = PPP (1) and NAS-Port-Type = Virtual (5) are always sent;
/// null members are left out. Strings are UTF-8 and at most 253 octets.
/// </summary>
public sealed record RadiusNasAttributes
{
    /// <summary>Service-Type Framed-User (RFC 2865 §5.6).</summary>
    public const uint ServiceTypeFramedUser = 2;

    /// <summary>Framed-Protocol PPP (RFC 2865 §5.7).</summary>
    public const uint FramedProtocolPpp = 1;

    /// <summary>NAS-Port-Type Virtual (RFC 2865 §5.41).</summary>
    public const uint NasPortTypeVirtual = 5;

    /// <summary>NAS-Identifier (32).</summary>
    public string? NasIdentifier { get; init; }

    /// <summary>NAS-IP-Address (4), IPv4.</summary>
    public IPAddress? NasIpAddress { get; init; }

    /// <summary>NAS-IPv6-Address (95), IPv6.</summary>
    public IPAddress? NasIpv6Address { get; init; }

    /// <summary>NAS-Port (5).</summary>
    public uint? NasPort { get; init; }

    /// <summary>NAS-Port-Id (87), e.g. the interface name.</summary>
    public string? NasPortId { get; init; }

    /// <summary>Calling-Station-Id (31): the client's IP (TCP peer or PROXY header).</summary>
    public string? CallingStationId { get; init; }

    /// <summary>Called-Station-Id (30): the server's IP.</summary>
    public string? CalledStationId { get; init; }

    /// <summary>Acct-Session-Id (44).</summary>
    public string? AcctSessionId { get; init; }

    /// <summary>Writes the attributes above plus the three fixed ones.</summary>
    /// <exception cref="ArgumentException">A value is too long, of the wrong family, or the packet is full.</exception>
    public void WriteTo(ref RadiusPacketWriter writer)
    {
        if (NasIdentifier is not null)
        {
            writer.AddString(RadiusAttributeType.NasIdentifier, NasIdentifier);
        }

        if (NasIpAddress is not null)
        {
            writer.AddIPv4(RadiusAttributeType.NasIpAddress, NasIpAddress);
        }

        if (NasIpv6Address is not null)
        {
            writer.AddIPv6(RadiusAttributeType.NasIpv6Address, NasIpv6Address);
        }

        if (NasPort is uint port)
        {
            writer.AddUInt32(RadiusAttributeType.NasPort, port);
        }

        if (NasPortId is not null)
        {
            writer.AddString(RadiusAttributeType.NasPortId, NasPortId);
        }

        writer.AddUInt32(RadiusAttributeType.NasPortType, NasPortTypeVirtual);
        writer.AddUInt32(RadiusAttributeType.ServiceType, ServiceTypeFramedUser);
        writer.AddUInt32(RadiusAttributeType.FramedProtocol, FramedProtocolPpp);
        if (CallingStationId is not null)
        {
            writer.AddString(RadiusAttributeType.CallingStationId, CallingStationId);
        }

        if (CalledStationId is not null)
        {
            writer.AddString(RadiusAttributeType.CalledStationId, CalledStationId);
        }

        if (AcctSessionId is not null)
        {
            writer.AddString(RadiusAttributeType.AcctSessionId, AcctSessionId);
        }
    }
}
