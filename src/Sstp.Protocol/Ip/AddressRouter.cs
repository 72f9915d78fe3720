using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace Sstp.Protocol.Ip;

/// <summary>
/// Finds the session an outbound IP packet belongs to from its destination address (ARCHITECTURE.md §2.3,
/// outbound step 2): IPv4 host addresses (/32) and IPv6 /64 prefixes, each mapped to one value.
/// <para>
/// Theory of operation. One TUN reader thread calls <see cref="TryRoute"/> for every packet, while session
/// threads add their addresses when the tunnel comes up and remove them at teardown. Both tables are
/// <see cref="ConcurrentDictionary{TKey, TValue}"/>s, whose reads take no lock and allocate nothing. Each entry
/// holds the value in its own small box, so <see cref="RemoveIPv4"/> and <see cref="RemoveIPv6Prefix"/> remove an
/// entry only if it is still that exact box: a session that ends late cannot remove the mapping a newer
/// session took over for the same address (compare-and-remove by reference, not by <c>Equals</c>).
/// </para>
/// </summary>
/// <typeparam name="T">The routed value, typically the session.</typeparam>
public sealed class AddressRouter<T>
    where T : class
{
    private readonly ConcurrentDictionary<uint, Entry> _ipv4 = new();
    private readonly ConcurrentDictionary<ulong, Entry> _ipv6 = new();

    /// <summary>Number of IPv4 host routes. Takes every internal lock: for diagnostics, not the data path.</summary>
    public int IPv4Count => _ipv4.Count;

    /// <summary>Number of IPv6 /64 routes. Takes every internal lock: for diagnostics, not the data path.</summary>
    public int IPv6Count => _ipv6.Count;

    /// <summary>Maps the IPv4 host <paramref name="address"/> (big-endian number, 10.0.0.1 = 0x0A000001) to <paramref name="value"/>.</summary>
    /// <returns>False when the address is already mapped (to any value).</returns>
    public bool TryAddIPv4(uint address, T value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return _ipv4.TryAdd(address, new Entry(value));
    }

    /// <summary>Removes the IPv4 route only if it still maps to <paramref name="expected"/> (same reference).</summary>
    /// <returns>True when this call removed it.</returns>
    public bool RemoveIPv4(uint address, T expected) => Remove(_ipv4, address, expected);

    /// <summary>Maps the IPv6 /64 whose upper 64 bits are <paramref name="prefix"/> to <paramref name="value"/>.</summary>
    /// <returns>False when the prefix is already mapped (to any value).</returns>
    public bool TryAddIPv6Prefix(ulong prefix, T value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return _ipv6.TryAdd(prefix, new Entry(value));
    }

    /// <summary>Removes the IPv6 /64 route only if it still maps to <paramref name="expected"/> (same reference).</summary>
    /// <returns>True when this call removed it.</returns>
    public bool RemoveIPv6Prefix(ulong prefix, T expected) => Remove(_ipv6, prefix, expected);

    /// <summary>Looks up an IPv4 host route.</summary>
    public bool TryGetIPv4(uint address, [MaybeNullWhen(false)] out T value) => TryGet(_ipv4, address, out value);

    /// <summary>Looks up an IPv6 /64 route by its upper 64 bits.</summary>
    public bool TryGetIPv6Prefix(ulong prefix, [MaybeNullWhen(false)] out T value) => TryGet(_ipv6, prefix, out value);

    /// <summary>
    /// Finds the value for the destination of <paramref name="ipPacket"/>: the IPv4 destination (offset 16) or
    /// the upper 64 bits of the IPv6 destination (offset 24). Lock-free and allocation-free; the rest of the
    /// header is not validated.
    /// </summary>
    /// <returns>False for packets too short for their version, of another version, or with no route.</returns>
    public bool TryRoute(ReadOnlySpan<byte> ipPacket, [MaybeNullWhen(false)] out T value)
    {
        switch (IpPacket.GetVersion(ipPacket))
        {
            case 4 when ipPacket.Length >= IpPacket.IPv4MinHeaderLength:
                return TryGet(_ipv4, BinaryPrimitives.ReadUInt32BigEndian(ipPacket[16..]), out value);
            case 6 when ipPacket.Length >= IpPacket.IPv6HeaderLength:
                return TryGet(_ipv6, BinaryPrimitives.ReadUInt64BigEndian(ipPacket[24..]), out value);
            default:
                value = null;
                return false;
        }
    }

    private static bool TryGet<TKey>(ConcurrentDictionary<TKey, Entry> table, TKey key, [MaybeNullWhen(false)] out T value)
        where TKey : notnull
    {
        if (table.TryGetValue(key, out var entry))
        {
            value = entry.Value;
            return true;
        }

        value = null;
        return false;
    }

    private static bool Remove<TKey>(ConcurrentDictionary<TKey, Entry> table, TKey key, T expected)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(expected);

        // The entry box has reference equality, so the pair removal succeeds only if the key still holds this box.
        return table.TryGetValue(key, out var entry)
            && ReferenceEquals(entry.Value, expected)
            && table.TryRemove(new KeyValuePair<TKey, Entry>(key, entry));
    }

    /// <summary>One route's value, boxed so removal can compare entries by reference.</summary>
    private sealed class Entry(T value)
    {
        public T Value { get; } = value;
    }
}
