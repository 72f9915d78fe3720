using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Sstp.Server.Protection;

/// <summary>
/// The unit the per-source limits count by: one IPv4 address, or one IPv6 /64 (a single host usually holds a whole
/// /64, so counting IPv6 addresses one by one would let it dodge every limit). IPv4-mapped IPv6 addresses count
/// as the IPv4 address.
/// </summary>
/// <param name="Bits">The IPv4 address, or the upper 64 bits of the IPv6 address.</param>
/// <param name="IsIPv6">True for an IPv6 /64.</param>
public readonly record struct SourceKey(ulong Bits, bool IsIPv6)
{
    /// <summary>The key of <paramref name="address"/>.</summary>
    public static SourceKey Of(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out int written);
        return address.AddressFamily == AddressFamily.InterNetworkV6 && written == 16
            ? new SourceKey(BinaryPrimitives.ReadUInt64BigEndian(bytes), IsIPv6: true)
            : new SourceKey(BinaryPrimitives.ReadUInt32BigEndian(bytes), IsIPv6: false);
    }

    /// <summary>The address (IPv4) or the /64 (IPv6), as logs show it.</summary>
    public override string ToString()
    {
        if (!IsIPv6)
        {
            Span<byte> v4 = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(v4, (uint)Bits);
            return new IPAddress(v4).ToString();
        }

        Span<byte> v6 = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(v6, Bits);
        return $"{new IPAddress(v6)}/64";
    }
}
