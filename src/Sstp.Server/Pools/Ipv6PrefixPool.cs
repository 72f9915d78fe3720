using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Sstp.Server.Pools;

/// <summary>
/// The IPv6 client prefix pool: each client gets a /64 out of a shorter prefix (a /48 holds 65,536 /64s).
/// The first /64 is the server's side of the tunnel (<see cref="ServerPrefix"/>); a user with a static
/// prefix (users file <c>ipv6=</c>) always gets that one and nobody else does. Handing out and reuse follow
/// the same rules as <see cref="Ipv4Pool"/> (see <see cref="SlotAllocator"/>). Thread-safe.
/// </summary>
public sealed class Ipv6PrefixPool
{
    /// <summary>The length of the prefix each client gets.</summary>
    public const int ClientPrefixLength = 64;

    private readonly SlotAllocator _slots;
    private readonly ulong _upper;

    /// <summary>Creates the pool.</summary>
    /// <param name="prefix">An IPv6 prefix of length 16–63.</param>
    /// <param name="reserved">User → static /64; each inside <paramref name="prefix"/>, not the server's /64, and given to one user only.</param>
    /// <exception cref="ArgumentException">The prefix or a reservation is not usable (see <see cref="CheckReservations"/>).</exception>
    public Ipv6PrefixPool(IPNetwork prefix, IReadOnlyDictionary<string, IPNetwork>? reserved = null)
    {
        if (prefix.BaseAddress.AddressFamily != AddressFamily.InterNetworkV6 || prefix.PrefixLength is < 16 or > 63)
        {
            throw new ArgumentException($"'{prefix}' is not an IPv6 prefix of length 16-63.", nameof(prefix));
        }

        reserved ??= new Dictionary<string, IPNetwork>();
        var problems = CheckReservations(prefix, reserved);
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", problems), nameof(reserved));
        }

        Prefix = prefix;
        _upper = Upper64(prefix.BaseAddress);
        ServerPrefix = Slash64(_upper);
        Capacity = (1UL << (64 - prefix.PrefixLength)) - 1;
        var slots = new Dictionary<string, ulong>(StringComparer.OrdinalIgnoreCase);
        foreach (var (user, network) in reserved)
        {
            slots[user] = Upper64(network.BaseAddress) - _upper - 1;
        }

        _slots = new SlotAllocator(Capacity, slots);
    }

    /// <summary>The prefix the /64s are taken from.</summary>
    public IPNetwork Prefix { get; }

    /// <summary>The server's /64: the first one in <see cref="Prefix"/>.</summary>
    public IPNetwork ServerPrefix { get; }

    /// <summary>Client /64s in the pool, static ones included.</summary>
    public ulong Capacity { get; }

    /// <summary>Prefixes handed out now.</summary>
    public int InUse => _slots.InUse;

    /// <summary>Prefixes still free for users without a static one.</summary>
    public ulong AvailableDynamic => _slots.AvailableDynamic;

    /// <summary>
    /// Gives <paramref name="user"/> a /64: its static one when it has one (false if already in use), else
    /// the next free one (false when the pool is exhausted).
    /// </summary>
    public bool TryAllocate(string user, out IPNetwork prefix)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (_slots.TryAllocate(user, out ulong slot))
        {
            prefix = Slash64(_upper + slot + 1);
            return true;
        }

        prefix = default;
        return false;
    }

    /// <summary>
    /// Takes the given client /64 of the pool for a session (a RADIUS Framed-IPv6-Prefix), so no later
    /// <see cref="TryAllocate"/> hands it out too. Fails, saying why in <paramref name="problem"/>, when it is in
    /// use, another user's static /64, the server's /64, or not a /64 inside <see cref="Prefix"/>. Give it back
    /// with <see cref="Release"/>.
    /// </summary>
    public bool TryReserve(IPNetwork prefix, out string? problem)
    {
        if (!TrySlot(prefix, out ulong slot))
        {
            problem = prefix.PrefixLength != ClientPrefixLength || !Prefix.Contains(prefix.BaseAddress)
                ? $"not a /64 inside the pool {Prefix}" : "the server's /64";
            return false;
        }

        return _slots.TryTake(slot, out problem);
    }

    /// <summary>
    /// Takes over a /64 that a live session of <paramref name="user"/> got from the pool this one replaces (a reload).
    /// False when it is not a client /64 of this pool, is in use, or is another user's static prefix.
    /// </summary>
    public bool TryAdopt(string user, IPNetwork prefix)
    {
        ArgumentNullException.ThrowIfNull(user);
        return TrySlot(prefix, out ulong slot) && _slots.TryAdopt(user, slot);
    }

    /// <summary>Returns a /64 when its session closes. False (no change) when it was not handed out.</summary>
    public bool Release(IPNetwork prefix) => TrySlot(prefix, out ulong slot) && _slots.Release(slot);

    /// <summary>True when <paramref name="prefix"/> is handed out now.</summary>
    public bool IsAllocated(IPNetwork prefix) => TrySlot(prefix, out ulong slot) && _slots.IsInUse(slot);

    /// <summary>
    /// Every problem with <paramref name="reserved"/> for <paramref name="prefix"/>: not an IPv6 /64, outside
    /// the prefix, the server's /64, or given to two users.
    /// </summary>
    public static IReadOnlyList<string> CheckReservations(IPNetwork prefix, IReadOnlyDictionary<string, IPNetwork> reserved)
    {
        ArgumentNullException.ThrowIfNull(reserved);
        var problems = new List<string>();
        var owners = new Dictionary<IPNetwork, string>();
        foreach (var (user, network) in reserved.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            if (network.BaseAddress.AddressFamily != AddressFamily.InterNetworkV6 || network.PrefixLength != ClientPrefixLength)
            {
                problems.Add($"static ipv6 {network} of '{user}' is not a /64");
            }
            else if (!prefix.Contains(network.BaseAddress))
            {
                problems.Add($"static ipv6 {network} of '{user}' is outside the pool {prefix}");
            }
            else if (Upper64(network.BaseAddress) == Upper64(prefix.BaseAddress))
            {
                problems.Add($"static ipv6 {network} of '{user}' is the server's /64");
            }
            else if (!owners.TryAdd(network, user))
            {
                problems.Add($"static ipv6 {network} is given to both '{owners[network]}' and '{user}'");
            }
        }

        return problems;
    }

    private bool TrySlot(IPNetwork prefix, out ulong slot)
    {
        slot = 0;
        if (prefix.PrefixLength != ClientPrefixLength || prefix.BaseAddress.AddressFamily != AddressFamily.InterNetworkV6
            || !Prefix.Contains(prefix.BaseAddress))
        {
            return false;
        }

        ulong upper = Upper64(prefix.BaseAddress);
        if (upper == _upper)
        {
            return false;
        }

        slot = upper - _upper - 1;
        return true;
    }

    private static ulong Upper64(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        return BinaryPrimitives.ReadUInt64BigEndian(bytes);
    }

    private static IPNetwork Slash64(ulong upper)
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, upper);
        return new IPNetwork(new IPAddress(bytes), ClientPrefixLength);
    }
}
