using System.Net;
using Sstp.IO.Driving;
using Sstp.IO.Tun;
using Sstp.Protocol.Ip;
using Sstp.Protocol.Radius;
using Sstp.Server.Diagnostics;

namespace Sstp.Server.Hosting;

/// <summary>
/// Routes a session holds beyond its own /32 and /64: RADIUS Framed-Route and Framed-IPv6-Route prefixes (the
/// client is a router for them), and kernel routes on the TUN for RADIUS addresses outside the pools.
/// <para>
/// Ordering. A prefix is claimed in <see cref="_prefixRoutes"/> before its kernel route is added, and the kernel
/// route is removed (and the removal awaited) before the claim is given up. So while the kernel sends a prefix
/// into the TUN, the claim names this live session or nobody; and a newer session cannot claim the prefix, add
/// its own kernel route and then lose it to this session's late <c>ip route del</c>.
/// </para>
/// </summary>
public sealed partial class SstpServer
{
    /// <summary>Framed-Route and Framed-IPv6-Route prefixes → session (longest prefix match).</summary>
    private readonly PrefixRouter<SessionDriver> _prefixRoutes = new();

    /// <summary>Claims the session's Framed-Routes and Framed-IPv6-Routes and adds their kernel routes (at tunnel-up).</summary>
    private void ApplyFramedRoutes(SessionDriver driver, ServerSessionState state)
    {
        if (state.Authorization is not { } authorization || state.RoutedPrefixes.Count > 0)
        {
            return;
        }

        string name = state.User ?? driver.Session.AuthenticatedUser ?? "-";
        foreach (var route in authorization.FramedRoutes.Concat(authorization.FramedIpv6Routes))
        {
            string attribute = route.IsIPv6 ? "Framed-IPv6-Route" : "Framed-Route";
            string? problem = RouteProblem(route);
            if (problem is null && !_prefixRoutes.TryAdd(route.Network, driver))
            {
                problem = "clashes with a route of another session";
            }

            if (problem is not null)
            {
                ServerLog.RadiusIgnored(_log, state.Id, name, $"{attribute} {route} {problem}: not routed");
                continue;
            }

            state.RoutedPrefixes.Add(route.Network);
            AddKernelRoute(state, route.Network);
            ServerLog.Routed(_log, state.Id, name, $"{attribute} {route.Network}");
        }
    }

    /// <summary>Why a Framed-Route cannot be routed to a session, or null when it can.</summary>
    private string? RouteProblem(RadiusFramedRoute route)
    {
        var network = route.Network;
        if (network.PrefixLength == 0)
        {
            return "is a default route (not given to a client)";
        }

        if (route.IsIPv6)
        {
            if (_pool6 is null)
            {
                return "needs IPv6 (pool.ipv6 is off)";
            }

            return Overlap(network, _pool6.Prefix) ? $"overlaps the IPv6 pool {_pool6.Prefix}" : null;
        }

        return Overlap(network, _options.Pool.Ipv4) ? $"overlaps the IPv4 pool {_options.Pool.Ipv4}" : null;
    }

    private static bool Overlap(IPNetwork a, IPNetwork b) => a.Contains(b.BaseAddress) || b.Contains(a.BaseAddress);

    /// <summary>True when <paramref name="source"/> (an IPv4 source address) lies in a prefix routed to this session.</summary>
    private bool IsRoutedSourceIPv4(SessionDriver driver, ServerSessionState state, uint source) =>
        state.RoutedPrefixes.Count > 0
        && !_router.TryGetIPv4(source, out _)   // another session's own address is never ours to send from
        && _prefixRoutes.TryLookupIPv4(source, out var owner)
        && ReferenceEquals(owner, driver);

    /// <summary>True when <paramref name="source"/> (an IPv6 source address) lies in a prefix routed to this session.</summary>
    private bool IsRoutedSourceIPv6(SessionDriver driver, ServerSessionState state, UInt128 source) =>
        state.RoutedPrefixes.Count > 0
        && !_router.TryGetIPv6Prefix((ulong)(source >> 64), out _)
        && _prefixRoutes.TryLookupIPv6(source, out var owner)
        && ReferenceEquals(owner, driver);

    /// <summary>Adds <c>ip route add NETWORK dev TUN</c> after the session's earlier route commands (in order).</summary>
    private void AddKernelRoute(ServerSessionState state, IPNetwork network)
    {
        state.KernelRoutes.Add(network);
        state.RouteSetup = AddKernelRouteAfterAsync(state.RouteSetup ?? Task.CompletedTask, network);
    }

    private async Task AddKernelRouteAfterAsync(Task previous, IPNetwork network)
    {
        await previous.ConfigureAwait(false);
        try
        {
            await new LinkConfigurator().AddRouteAsync(_options.Tunnel.Name, network.BaseAddress, network.PrefixLength).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            ServerLog.TunFailed(_log, _options.Tunnel.Name, $"route to {network}: {e.Message}");
        }
    }

    /// <summary>
    /// Removes the session's kernel routes (after any still being added), then gives up its prefix claims. Called
    /// at teardown, before the session's own addresses go back to the pools.
    /// </summary>
    private async Task ReleaseRoutesAsync(SessionDriver driver, ServerSessionState state)
    {
        if (state.RouteSetup is { } setup)
        {
            await setup.ConfigureAwait(false);
            state.RouteSetup = null;
        }

        foreach (var network in state.KernelRoutes)
        {
            try
            {
                await new LinkConfigurator().DeleteRouteAsync(_options.Tunnel.Name, network.BaseAddress, network.PrefixLength).ConfigureAwait(false);
            }
            catch (IOException)
            {
                // The route went with the device, or was never added (logged then).
            }
        }

        state.KernelRoutes.Clear();
        foreach (var network in state.RoutedPrefixes)
        {
            _prefixRoutes.Remove(network, driver);
        }

        state.RoutedPrefixes.Clear();
    }
}
