using System.Collections.Frozen;
using System.Net;

namespace Sstp.Server.Users;

/// <summary>
/// The server's read-only view of the users: lookup by the name a client sends. Immutable; a reload makes a
/// new instance (from <see cref="UsersFile.ToStore"/>) and swaps it in whole.
/// </summary>
public sealed class UserStore
{
    private readonly FrozenDictionary<string, UserRecord> _byName;

    /// <summary>Builds a store. Names are compared case-insensitively; a repeated name keeps the first.</summary>
    public UserStore(IEnumerable<UserRecord> users)
    {
        ArgumentNullException.ThrowIfNull(users);
        var byName = new Dictionary<string, UserRecord>(StringComparer.OrdinalIgnoreCase);
        var ordered = new List<UserRecord>();
        foreach (var user in users)
        {
            if (byName.TryAdd(user.Name, user))
            {
                ordered.Add(user);
            }
        }

        _byName = byName.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        Users = ordered;
        StaticIPv4 = ordered.Where(u => u.StaticIPv4 is not null)
            .ToFrozenDictionary(u => u.Name, u => u.StaticIPv4!, StringComparer.OrdinalIgnoreCase);
        StaticIPv6 = ordered.Where(u => u.StaticIPv6 is not null)
            .ToFrozenDictionary(u => u.Name, u => u.StaticIPv6!.Value, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>A store with no users (the server refuses to start with it).</summary>
    public static UserStore Empty { get; } = new([]);

    /// <summary>Number of users.</summary>
    public int Count => Users.Count;

    /// <summary>The users, in file order.</summary>
    public IReadOnlyList<UserRecord> Users { get; }

    /// <summary>User name → static IPv4 address, for <see cref="Pools.Ipv4Pool"/>.</summary>
    public IReadOnlyDictionary<string, IPAddress> StaticIPv4 { get; }

    /// <summary>User name → static /64, for <see cref="Pools.Ipv6PrefixPool"/>.</summary>
    public IReadOnlyDictionary<string, IPNetwork> StaticIPv6 { get; }

    /// <summary>
    /// Finds the user for a name received from a client: any <c>DOMAIN\</c> part is dropped
    /// (<see cref="UserNames.StripDomain"/>), then the name is matched case-insensitively.
    /// </summary>
    public bool TryGet(string name, out UserRecord record)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _byName.TryGetValue(UserNames.StripDomain(name), out record!);
    }
}
