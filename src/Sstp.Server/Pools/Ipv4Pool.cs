using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Sstp.Server.Pools;

/// <summary>
/// The IPv4 client address pool. In a network such as <c>10.88.0.0/16</c> the first host address
/// (<c>10.88.0.1</c>) is the server's tunnel address (<see cref="Gateway"/>); clients get the others, never
/// the network or broadcast address. A user with a static address (users file <c>ipv4=</c>) always gets
/// that one and nobody else does. Addresses are handed out in order, and released ones are reused only
/// when no never-used one is left, oldest first (see <see cref="SlotAllocator"/>). Thread-safe.
/// </summary>
public sealed class Ipv4Pool
{
    private const int FirstClientOffset = 2; // +0 network, +1 gateway
    private readonly SlotAllocator _slots;
    private readonly uint _base;

    /// <summary>Creates the pool.</summary>
    /// <param name="network">An IPv4 network of prefix length 8–30.</param>
    /// <param name="reserved">User → static address; each inside <paramref name="network"/>, a client address, and given to one user only.</param>
    /// <exception cref="ArgumentException">The network or a reservation is not usable; the message says which (see <see cref="CheckReservations"/>).</exception>
    public Ipv4Pool(IPNetwork network, IReadOnlyDictionary<string, IPAddress>? reserved = null)
    {
        if (network.BaseAddress.AddressFamily != AddressFamily.InterNetwork || network.PrefixLength is < 8 or > 30)
        {
            throw new ArgumentException($"'{network}' is not an IPv4 network of prefix length 8-30.", nameof(network));
        }

        reserved ??= new Dictionary<string, IPAddress>();
        var problems = CheckReservations(network, reserved);
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", problems), nameof(reserved));
        }

        Network = network;
        _base = ToUInt32(network.BaseAddress);
        Gateway = FromUInt32(_base + 1);
        Capacity = (1L << (32 - network.PrefixLength)) - 3;
        var slots = new Dictionary<string, ulong>(StringComparer.OrdinalIgnoreCase);
        foreach (var (user, address) in reserved)
        {
            slots[user] = ToUInt32(address) - _base - FirstClientOffset;
        }

        _slots = new SlotAllocator((ulong)Capacity, slots);
    }

    /// <summary>The pool's network.</summary>
    public IPNetwork Network { get; }

    /// <summary>The server's tunnel address: the first host address of <see cref="Network"/>.</summary>
    public IPAddress Gateway { get; }

    /// <summary>Client addresses in the pool, static ones included (network, gateway and broadcast excluded).</summary>
    public long Capacity { get; }

    /// <summary>Addresses handed out now.</summary>
    public int InUse => _slots.InUse;

    /// <summary>Addresses still free for users without a static address.</summary>
    public long AvailableDynamic => (long)_slots.AvailableDynamic;

    /// <summary>
    /// Gives <paramref name="user"/> an address: its static one when it has one (false if that is already in
    /// use, e.g. by the same user's other session), else the next free one (false when the pool is exhausted).
    /// </summary>
    public bool TryAllocate(string user, out IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (_slots.TryAllocate(user, out ulong slot))
        {
            address = FromUInt32(_base + FirstClientOffset + (uint)slot);
            return true;
        }

        address = IPAddress.None;
        return false;
    }

    /// <summary>
    /// Takes the given client <paramref name="address"/> of the pool for a session (a RADIUS Framed-IP-Address), so
    /// no later <see cref="TryAllocate"/> hands it out too. Fails, saying why in <paramref name="problem"/>, when it is
    /// in use, another user's static address, or not a client address of the pool (network, gateway, broadcast).
    /// Give it back with <see cref="Release"/>.
    /// </summary>
    public bool TryReserve(IPAddress address, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (!TrySlot(address, out ulong slot))
        {
            problem = Network.Contains(address) ? $"the network, gateway or broadcast address of {Network}" : $"outside the pool {Network}";
            return false;
        }

        return _slots.TryTake(slot, out problem);
    }

    /// <summary>
    /// Takes over a lease that a live session of <paramref name="user"/> got from the pool this one replaces (a
    /// reload), so it is not handed out twice. False when <paramref name="address"/> is not a client address of this
    /// pool, is in use, or is another user's static address; the session then keeps it outside the pool.
    /// </summary>
    public bool TryAdopt(string user, IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(address);
        return TrySlot(address, out ulong slot) && _slots.TryAdopt(user, slot);
    }

    /// <summary>Returns an address when its session closes. False (no change) when it was not handed out.</summary>
    public bool Release(IPAddress address) => TrySlot(address, out ulong slot) && _slots.Release(slot);

    /// <summary>True when <paramref name="address"/> is handed out now.</summary>
    public bool IsAllocated(IPAddress address) => TrySlot(address, out ulong slot) && _slots.IsInUse(slot);

    /// <summary>
    /// Every problem with <paramref name="reserved"/> for <paramref name="network"/>: an address that is not
    /// IPv4, outside the network, the network, gateway or broadcast address, or given to two users.
    /// </summary>
    public static IReadOnlyList<string> CheckReservations(IPNetwork network, IReadOnlyDictionary<string, IPAddress> reserved)
    {
        ArgumentNullException.ThrowIfNull(reserved);
        var problems = new List<string>();
        var owners = new Dictionary<IPAddress, string>();
        uint first = ToUInt32(network.BaseAddress);
        uint last = first + (uint)((1L << (32 - network.PrefixLength)) - 1);
        foreach (var (user, address) in reserved.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            if (address.AddressFamily != AddressFamily.InterNetwork || !network.Contains(address))
            {
                problems.Add($"static ipv4 {address} of '{user}' is outside the pool {network}");
                continue;
            }

            uint value = ToUInt32(address);
            if (value == first || value == first + 1 || value == last)
            {
                problems.Add($"static ipv4 {address} of '{user}' is the network, gateway or broadcast address of {network}");
            }
            else if (!owners.TryAdd(address, user))
            {
                problems.Add($"static ipv4 {address} is given to both '{owners[address]}' and '{user}'");
            }
        }

        return problems;
    }

    private bool TrySlot(IPAddress address, out ulong slot)
    {
        slot = 0;
        if (address.AddressFamily != AddressFamily.InterNetwork || !Network.Contains(address))
        {
            return false;
        }

        long offset = (long)ToUInt32(address) - _base - FirstClientOffset;
        if (offset < 0 || offset >= Capacity)
        {
            return false;
        }

        slot = (ulong)offset;
        return true;
    }

    private static uint ToUInt32(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[4];
        address.TryWriteBytes(bytes, out _);
        return BinaryPrimitives.ReadUInt32BigEndian(bytes);
    }

    private static IPAddress FromUInt32(uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return new IPAddress(bytes);
    }
}
