using System.Net;
using System.Net.Sockets;
using Sstp.IO.Driving;
using Sstp.Protocol.Radius;
using Sstp.Protocol.Session;
using Sstp.Server.Diagnostics;

namespace Sstp.Server.Hosting;

/// <summary>
/// A session's addresses: its IPv4 address and IPv6 /64, from the pools or from RADIUS (Framed-IP-Address,
/// Framed-IPv6-Prefix, Framed-IPv6-Address). A RADIUS address inside a pool is reserved in that pool for the
/// session's life; one outside gets a kernel route on the TUN. Either way the router maps it to the session.
/// </summary>
public sealed partial class SstpServer
{
    /// <summary>
    /// Picks the addresses of a session that has just authenticated. Null (with the reason in
    /// <paramref name="refusal"/>, already logged) when the session must be refused: an address RADIUS named is in
    /// use by another session or is not usable.
    /// </summary>
    private SessionAddresses? AssignAddresses(SessionDriver driver, ServerSessionState state, string user, out string? refusal)
    {
        string name = state.User ?? user;
        var authorization = state.Authorization;
        foreach (string note in authorization?.ParseNotes ?? [])
        {
            ServerLog.RadiusIgnored(_log, state.Id, name, note);
        }

        IPAddress? v4 = null;
        if (authorization?.FramedIpAddress is { } framed && !IsPoolChoice(framed))
        {
            // RADIUS chose the address (RFC 2865 §5.8). It must not collide with a pool lease or another session.
            if (!TryTakeFramedIPv4(driver, state, framed, out string? clash))
            {
                refusal = $"RADIUS Framed-IP-Address {framed} {clash}";
                ServerLog.UserRefused(_log, state.Id, name, refusal, NoAddressError);
                return null;
            }

            v4 = framed;
        }
        else if (_pool4.TryAllocate(name, out var allocated))
        {
            if (_router.TryAddIPv4(ToUInt32(allocated), driver))
            {
                v4 = allocated;
                state.IPv4 = allocated;
                state.IPv4FromPool = true;
            }
            else
            {
                _pool4.Release(allocated);
            }
        }

        refusal = AssignIPv6(driver, state, name, authorization);
        if (refusal is not null)
        {
            ServerLog.UserRefused(_log, state.Id, name, refusal, NoAddressError);
            return null;
        }

        if (v4 is null)
        {
            ServerLog.UserRefused(_log, state.Id, name, "no IPv4 address left in the pool", NoAddressError);
        }

        return new SessionAddresses
        {
            LocalIPv4 = _pool4.Gateway,
            PeerIPv4 = v4,
            // RADIUS may name the DNS servers (MS-Primary/Secondary-DNS-Server); otherwise the configured ones.
            DnsServers = (authorization?.DnsServers is { Count: > 0 } radiusDns ? radiusDns : _options.Pool.Dns)
                .Where(d => d.AddressFamily == AddressFamily.InterNetwork).Take(2).ToList(),
            NbnsServers = authorization?.NbnsServers.Take(2).ToList() ?? [],
            LocalInterfaceId = ServerInterfaceId,
        };
    }

    /// <summary>255.255.255.254 (NAS assigns) and 255.255.255.255 (user picks) leave the choice to the pool.</summary>
    private static bool IsPoolChoice(IPAddress framed) =>
        framed.Equals(IPAddress.Parse("255.255.255.254")) || framed.Equals(IPAddress.Broadcast);

    /// <summary>Takes a RADIUS Framed-IP-Address: reserved in the pool when inside it, else a kernel /32 route.</summary>
    private bool TryTakeFramedIPv4(SessionDriver driver, ServerSessionState state, IPAddress framed, out string? clash)
    {
        bool inPool = _options.Pool.Ipv4.Contains(framed);
        if (inPool && !_pool4.TryReserve(framed, out clash))
        {
            clash = "is " + clash;
            return false;
        }

        if (!_router.TryAddIPv4(ToUInt32(framed), driver))
        {
            if (inPool)
            {
                _pool4.Release(framed);
            }

            clash = "is in use by another session";
            return false;
        }

        state.IPv4 = framed;
        state.IPv4FromPool = inPool;
        if (!inPool)
        {
            AddKernelRoute(state, new IPNetwork(framed, 32));
        }

        clash = null;
        return true;
    }

    /// <summary>
    /// Gives the session its /64: the one RADIUS named (Framed-IPv6-Prefix of length 64, else the /64 holding
    /// Framed-IPv6-Address), else one from the pool. Returns why the session must be refused, or null.
    /// </summary>
    private string? AssignIPv6(SessionDriver driver, ServerSessionState state, string name, RadiusAuthorization? authorization)
    {
        var wanted = RadiusSlash64(state, name, authorization, out string attribute);
        if (_pool6 is null)
        {
            if (wanted is not null)
            {
                ServerLog.RadiusIgnored(_log, state.Id, name, $"{attribute} {wanted}: IPv6 is off (pool.ipv6), ignored");
            }

            return null;
        }

        if (wanted is { } prefix)
        {
            bool inPool = _pool6.Prefix.Contains(prefix.BaseAddress);
            string? clash = null;
            if (inPool && !_pool6.TryReserve(prefix, out clash))
            {
                return $"RADIUS {attribute} {prefix} is {clash}";
            }

            if (!_router.TryAddIPv6Prefix(UpperHalf(prefix.BaseAddress), driver))
            {
                if (inPool)
                {
                    _pool6.Release(prefix);
                }

                return $"RADIUS {attribute} {prefix} is in use by another session";
            }

            state.IPv6Prefix = prefix;
            state.IPv6FromPool = inPool;
            if (!inPool)
            {
                AddKernelRoute(state, prefix);
            }

            return null;
        }

        if (_pool6.TryAllocate(name, out var allocated))
        {
            if (_router.TryAddIPv6Prefix(UpperHalf(allocated.BaseAddress), driver))
            {
                state.IPv6Prefix = allocated;
                state.IPv6FromPool = true;
            }
            else
            {
                _pool6.Release(allocated);
            }
        }

        return null;
    }

    /// <summary>The /64 RADIUS names for the session, or null (none, or a prefix that is not a /64: logged, pool instead).</summary>
    private IPNetwork? RadiusSlash64(ServerSessionState state, string name, RadiusAuthorization? authorization, out string attribute)
    {
        if (authorization?.FramedIpv6Prefix is { } framed)
        {
            attribute = "Framed-IPv6-Prefix";
            if (framed.Length == Pools.Ipv6PrefixPool.ClientPrefixLength)
            {
                return new IPNetwork(framed.Prefix, framed.Length);
            }

            ServerLog.RadiusIgnored(_log, state.Id, name, $"Framed-IPv6-Prefix {framed} is not a /64: ignored, the /64 comes from the pool");
            return null;
        }

        attribute = "Framed-IPv6-Address";
        if (authorization?.FramedIpv6Address is { } address)
        {
            Span<byte> bytes = stackalloc byte[16];
            address.TryWriteBytes(bytes, out _);
            bytes[8..].Clear();
            return new IPNetwork(new IPAddress(bytes), Pools.Ipv6PrefixPool.ClientPrefixLength);
        }

        return null;
    }
}
