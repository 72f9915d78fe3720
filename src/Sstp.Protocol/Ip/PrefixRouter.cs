using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Numerics;

namespace Sstp.Protocol.Ip;

/// <summary>
/// A small longest-prefix-match table of IPv4 and IPv6 prefixes of any length, each mapped to one value: the
/// routes a RADIUS server gives a session (Framed-Route, Framed-IPv6-Route, a Framed-IPv6-Prefix outside the
/// pool). It sits beside <see cref="AddressRouter{T}"/>, which keeps the exact /32 and /64 of every session;
/// this table answers only what that one does not.
/// <para>
/// Theory of operation. Readers (the TUN reader thread, and session loops checking a client's source address)
/// take no lock and allocate nothing: they read one immutable snapshot, whose levels are sorted longest prefix
/// first, each a dictionary from masked address to value, and stop at the first level that holds the masked
/// address. Writers (sessions coming up and going down, rare) take a lock, change the master list and publish a
/// fresh snapshot. A prefix that overlaps a prefix of another value is refused, so no session can take over part
/// of another's routed space; overlapping prefixes of the same value are allowed. Removal compares the value by
/// reference, so a late teardown cannot remove a route a newer session holds.
/// </para>
/// </summary>
/// <typeparam name="T">The routed value, typically the session.</typeparam>
public sealed class PrefixRouter<T>
    where T : class
{
    private readonly Lock _lock = new();
    private readonly Family<uint> _ipv4 = new();
    private readonly Family<UInt128> _ipv6 = new();

    /// <summary>Number of routes, both families.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _ipv4.Routes.Count + _ipv6.Routes.Count;
            }
        }
    }

    /// <summary>
    /// Maps <paramref name="network"/> to <paramref name="value"/>. False when the same prefix is already
    /// mapped, or when it overlaps a prefix mapped to another value.
    /// </summary>
    public bool TryAdd(IPNetwork network, T value)
    {
        ArgumentNullException.ThrowIfNull(value);
        lock (_lock)
        {
            return IsIPv4(network.BaseAddress)
                ? _ipv4.TryAdd(ToUInt32(network.BaseAddress), network.PrefixLength, value)
                : _ipv6.TryAdd(ToUInt128(network.BaseAddress), network.PrefixLength, value);
        }
    }

    /// <summary>Removes the route for <paramref name="network"/> only if it maps to <paramref name="expected"/> (same reference).</summary>
    /// <returns>True when this call removed it.</returns>
    public bool Remove(IPNetwork network, T expected)
    {
        ArgumentNullException.ThrowIfNull(expected);
        lock (_lock)
        {
            return IsIPv4(network.BaseAddress)
                ? _ipv4.Remove(ToUInt32(network.BaseAddress), network.PrefixLength, expected)
                : _ipv6.Remove(ToUInt128(network.BaseAddress), network.PrefixLength, expected);
        }
    }

    /// <summary>The value of the longest prefix holding the IPv4 <paramref name="address"/> (10.0.0.1 = 0x0A000001).</summary>
    public bool TryLookupIPv4(uint address, [MaybeNullWhen(false)] out T value) => _ipv4.TryLookup(address, out value);

    /// <summary>The value of the longest prefix holding the IPv6 <paramref name="address"/> (big-endian number).</summary>
    public bool TryLookupIPv6(UInt128 address, [MaybeNullWhen(false)] out T value) => _ipv6.TryLookup(address, out value);

    /// <summary>Finds the value for the destination of <paramref name="ipPacket"/>. Lock-free and allocation-free.</summary>
    /// <returns>False for packets too short for their version, of another version, or with no route.</returns>
    public bool TryRoute(ReadOnlySpan<byte> ipPacket, [MaybeNullWhen(false)] out T value)
    {
        switch (IpPacket.GetVersion(ipPacket))
        {
            case 4 when ipPacket.Length >= IpPacket.IPv4MinHeaderLength:
                return _ipv4.TryLookup(BinaryPrimitives.ReadUInt32BigEndian(ipPacket[16..]), out value);
            case 6 when ipPacket.Length >= IpPacket.IPv6HeaderLength:
                return _ipv6.TryLookup(BinaryPrimitives.ReadUInt128BigEndian(ipPacket[24..]), out value);
            default:
                value = null;
                return false;
        }
    }

    private static bool IsIPv4(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        return address.TryWriteBytes(bytes, out int count) && count == 4;
    }

    private static uint ToUInt32(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[4];
        address.TryWriteBytes(bytes, out _);
        return BinaryPrimitives.ReadUInt32BigEndian(bytes);
    }

    private static UInt128 ToUInt128(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        return BinaryPrimitives.ReadUInt128BigEndian(bytes);
    }

    /// <summary>One route's value, boxed so removal compares by reference.</summary>
    private sealed class Entry(T value)
    {
        public T Value { get; } = value;
    }

    /// <summary>All prefixes of one length, keyed by the masked address.</summary>
    private sealed record Level<TKey>(TKey Mask, Dictionary<TKey, Entry> Routes)
        where TKey : notnull;

    /// <summary>The routes of one address family: a master list (under the owner's lock) and its published snapshot.</summary>
    private sealed class Family<TKey>
        where TKey : unmanaged, IBinaryInteger<TKey>
    {
        private static readonly int Bits = int.CreateTruncating(TKey.PopCount(TKey.AllBitsSet));
        private volatile Level<TKey>[] _snapshot = [];

        public Dictionary<(TKey Prefix, int Length), Entry> Routes { get; } = [];

        public bool TryAdd(TKey prefix, int length, T value)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(length);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(length, Bits);
            prefix &= Mask(length);
            foreach (var ((other, otherLength), entry) in Routes)
            {
                var common = Mask(Math.Min(length, otherLength));
                bool overlaps = (prefix & common) == (other & common);
                if (overlaps && (otherLength == length || !ReferenceEquals(entry.Value, value)))
                {
                    return false;
                }
            }

            Routes.Add((prefix, length), new Entry(value));
            Publish();
            return true;
        }

        public bool Remove(TKey prefix, int length, T expected)
        {
            var key = (prefix & Mask(Math.Clamp(length, 0, Bits)), length);
            if (!Routes.TryGetValue(key, out var entry) || !ReferenceEquals(entry.Value, expected))
            {
                return false;
            }

            Routes.Remove(key);
            Publish();
            return true;
        }

        public bool TryLookup(TKey address, [MaybeNullWhen(false)] out T value)
        {
            foreach (var level in _snapshot)
            {
                if (level.Routes.TryGetValue(address & level.Mask, out var entry))
                {
                    value = entry.Value;
                    return true;
                }
            }

            value = null;
            return false;
        }

        private static TKey Mask(int length) => length == 0 ? TKey.Zero : TKey.AllBitsSet << (Bits - length);

        private void Publish() =>
            _snapshot = [.. Routes
                .GroupBy(r => r.Key.Length)
                .OrderByDescending(g => g.Key)
                .Select(g => new Level<TKey>(Mask(g.Key), g.ToDictionary(r => r.Key.Prefix, r => r.Value)))];
    }
}
