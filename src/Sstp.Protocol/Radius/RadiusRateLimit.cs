using System.Buffers.Binary;
using Sstp.Protocol.Policing;

namespace Sstp.Protocol.Radius;

/// <summary>
/// The vendor attributes that carry a per-user rate limit, in an Access-Accept or a CoA-Request:
/// <list type="bullet">
/// <item>WISPr-Bandwidth-Max-Up (vendor 14122, type 7) and WISPr-Bandwidth-Max-Down (14122, 8): integers in
/// bits per second, up = from the client, down = toward it; 0 = no limit;</item>
/// <item>Mikrotik-Rate-Limit (vendor 14988, type 8): the string <c>rx[/tx] [burst fields…]</c>. MikroTik names the
/// directions from the router's side: rx is what the router receives, i.e. the client's upload, and tx what it
/// sends, the client's download. A missing tx means the same as rx; the fields after the first space (burst rate,
/// threshold, time, priority, minimum) are ignored. Rates take MikroTik's k (10^3) and M (10^6), and G.</item>
/// </list>
/// When both kinds are present, Mikrotik-Rate-Limit wins for each direction it sets (MikroTik gives it precedence
/// over WISPr too). Malformed values count as absent. Never throws.
/// </summary>
public static class RadiusRateLimit
{
    /// <summary>The Wi-Fi Alliance (WISPr) vendor id.</summary>
    public const uint WisprVendorId = 14122;

    /// <summary>WISPr-Bandwidth-Max-Up: bits per second from the client.</summary>
    public const byte WisprBandwidthMaxUp = 7;

    /// <summary>WISPr-Bandwidth-Max-Down: bits per second toward the client.</summary>
    public const byte WisprBandwidthMaxDown = 8;

    /// <summary>The MikroTik vendor id.</summary>
    public const uint MikrotikVendorId = 14988;

    /// <summary>Mikrotik-Rate-Limit: <c>rx[/tx] …</c>.</summary>
    public const byte MikrotikRateLimit = 8;

    /// <summary>Reads the rate attributes of an attribute area (see the type's remarks for the rules).</summary>
    public static RateLimit Read(ReadOnlySpan<byte> attributes)
    {
        RateLimit wispr = default, mikrotik = default;
        foreach (var attribute in new RadiusVendorAttributeEnumerator(attributes, null))
        {
            switch (Classify(attribute.VendorId, attribute.VendorType, attribute.Value, out var limit))
            {
                case RateAttributeKind.Wispr:
                    wispr = limit.Over(wispr);
                    break;
                case RateAttributeKind.Mikrotik:
                    mikrotik = limit.Over(mikrotik);
                    break;
                default:
                    break;
            }
        }

        return mikrotik.Over(wispr);
    }

    /// <summary>
    /// Checks the value of one Vendor-Specific attribute (vendor id and sub-attributes) as a CoA-Request carries
    /// it: <see cref="RateAttributeKind.Other"/> when any sub-attribute is not a rate attribute,
    /// <see cref="RateAttributeKind.Invalid"/> when a rate attribute has a malformed value or the sub-attributes do
    /// not fill the value exactly, else the kind of rate attribute.
    /// </summary>
    public static RateAttributeKind ClassifyVendorSpecific(ReadOnlySpan<byte> value)
    {
        if (value.Length < RadiusPacket.VendorIdLength)
        {
            return RateAttributeKind.Invalid;
        }

        uint vendor = BinaryPrimitives.ReadUInt32BigEndian(value);
        if (vendor is not (WisprVendorId or MikrotikVendorId))
        {
            return RateAttributeKind.Other;
        }

        var rest = value[RadiusPacket.VendorIdLength..];
        var kind = RateAttributeKind.Invalid;
        while (!rest.IsEmpty)
        {
            if (rest.Length < 2 || rest[1] < 2 || rest[1] > rest.Length)
            {
                return RateAttributeKind.Invalid;
            }

            var one = Classify(vendor, rest[0], rest[2..rest[1]], out _);
            if (one is RateAttributeKind.Other or RateAttributeKind.Invalid)
            {
                return one;
            }

            kind = one;
            rest = rest[rest[1]..];
        }

        return kind;
    }

    /// <summary>Parses a Mikrotik-Rate-Limit value (<c>rx[/tx] …</c>) into up = rx, down = tx.</summary>
    public static bool TryParseMikrotik(ReadOnlySpan<byte> value, out RateLimit limit)
    {
        limit = default;
        Span<char> text = stackalloc char[RadiusPacket.MaxAttributeValueLength];
        int length = 0;
        foreach (byte b in value)
        {
            if (b is 0 || length == text.Length)
            {
                break;
            }

            text[length++] = b < 0x80 ? (char)b : '?';
        }

        var chars = ((ReadOnlySpan<char>)text[..length]).Trim();
        int space = chars.IndexOfAny(' ', '\t');
        var rates = space < 0 ? chars : chars[..space];
        int slash = rates.IndexOf('/');
        var rxText = slash < 0 ? rates : rates[..slash];
        var txText = slash < 0 ? rates : rates[(slash + 1)..];
        if (!RateLimit.TryParseRate(rxText, out long rx) || !RateLimit.TryParseRate(txText, out long tx))
        {
            return false;
        }

        limit = new RateLimit(DownBitsPerSecond: tx, UpBitsPerSecond: rx);
        return true;
    }

    private static RateAttributeKind Classify(uint vendor, byte type, ReadOnlySpan<byte> value, out RateLimit limit)
    {
        limit = default;
        switch (vendor, type)
        {
            case (WisprVendorId, WisprBandwidthMaxUp or WisprBandwidthMaxDown):
                if (value.Length != 4)
                {
                    return RateAttributeKind.Invalid;
                }

                uint bits = BinaryPrimitives.ReadUInt32BigEndian(value);
                limit = type == WisprBandwidthMaxUp ? new RateLimit(null, bits) : new RateLimit(bits, null);
                return RateAttributeKind.Wispr;
            case (MikrotikVendorId, MikrotikRateLimit):
                return TryParseMikrotik(value, out limit) ? RateAttributeKind.Mikrotik : RateAttributeKind.Invalid;
            default:
                return RateAttributeKind.Other;
        }
    }
}
