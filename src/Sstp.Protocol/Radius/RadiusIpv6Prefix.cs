using System.Net;

namespace Sstp.Protocol.Radius;

/// <summary>
/// An IPv6 prefix as carried by Framed-IPv6-Prefix (97) and Delegated-IPv6-Prefix (123) [RFC 3162 §2.3,
/// RFC 4818 §3]:
/// <code>
/// +----------+---------------+-------------------------------+
/// | Reserved | Prefix-Length | Prefix (0..16 octets)         |
/// +----------+---------------+-------------------------------+
/// </code>
/// </summary>
/// <param name="Prefix">The prefix, bits past <paramref name="Length"/> cleared.</param>
/// <param name="Length">The prefix length, 0..128.</param>
public sealed record RadiusIpv6Prefix(IPAddress Prefix, int Length)
{
    /// <summary>
    /// Reads a prefix value. The Prefix field may be shorter than 16 octets but must cover Prefix-Length bits
    /// (RFC 8044 §3.10 allows the short form). Never throws.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> value, out RadiusIpv6Prefix? prefix)
    {
        prefix = null;
        if (value.Length is < 2 or > 18 || value[1] > 128 || value.Length - 2 < (value[1] + 7) / 8)
        {
            return false;
        }

        int length = value[1];
        Span<byte> address = stackalloc byte[16];
        address.Clear();
        int octets = (length + 7) / 8;
        value.Slice(2, octets).CopyTo(address);
        if (length % 8 != 0)
        {
            address[octets - 1] &= (byte)(0xFF << (8 - (length % 8)));
        }

        prefix = new RadiusIpv6Prefix(new IPAddress(address), length);
        return true;
    }

    /// <summary>Prefix notation, e.g. <c>2001:db8::/64</c>.</summary>
    public override string ToString() => $"{Prefix}/{Length.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
}
