// Theory of operation. The client's routes are added in one go once the tunnel is up (ApplyAsync) and
// removed in one go on exit, after SIGTERM or after the server drops (RestoreAsync):
//
//   1. If the tunnel will carry the server's own address (--default-route, or a --route CIDR that covers
//      it), the current path to the server is looked up first (`ip -j route get SERVER`) and pinned as a
//      host route SERVER/32 (or /128) via the ORIGINAL gateway and device. Otherwise the SSTP packets would
//      be routed into the tunnel that carries them.
//   2. Each --route CIDR is added through the TUN (split tunnel).
//   3. --default-route adds 0.0.0.0/1 + 128.0.0.0/1 (and ::/1 + 8000::/1 when IPv6 runs in the tunnel)
//      through the TUN. Together they cover everything and beat any /0 by length, so the original default
//      route is never modified and needs no restoring.
//
// Every route added is recorded; RestoreAsync deletes exactly those, newest first. A route that is already
// gone (the TUN device disappeared and took its routes with it, or someone deleted it) counts as removed,
// so RestoreAsync is idempotent and safe after the device is destroyed. A route that existed before we
// tried to add it ("File exists", and `ip route show exact` finds the same prefix, device and next hop) is
// not recorded, so we never delete what we did not create; a different route to the same prefix is an error. All commands
// go through LinkConfigurator: `ip [-n NS] ...` with an argument list, never a shell.

using System.Net;
using System.Net.Sockets;
using Sstp.IO.Tun;

namespace Sstp.Client.Platform;

/// <summary>
/// Adds the client's routes through the TUN device (split tunnel and/or default route, with a pinned host
/// route to the server) and removes exactly what it added.
/// </summary>
/// <remarks>Calls must not overlap: the host runs <see cref="ApplyAsync"/> and <see cref="RestoreAsync"/>
/// from one control flow. <see cref="Installed"/> may be read from anywhere.</remarks>
public sealed class RouteManager
{
    private readonly LinkConfigurator _links;
    private readonly List<InstalledRoute> _installed = [];
    private readonly Lock _gate = new();

    /// <summary>Creates a route manager.</summary>
    /// <param name="networkNamespace">A named network namespace to work in (<c>ip -n NS</c>), or null for the
    /// process's own.</param>
    /// <param name="ipProgram">The iproute2 program, found on PATH unless a full path is given.</param>
    public RouteManager(string? networkNamespace = null, string ipProgram = "ip")
    {
        _links = new LinkConfigurator(networkNamespace, ipProgram);
    }

    /// <summary>The namespace commands run in, or null for the process's own.</summary>
    public string? NetworkNamespace => _links.NetworkNamespace;

    /// <summary>The routes added and not yet removed, oldest first.</summary>
    public IReadOnlyList<InstalledRoute> Installed
    {
        get
        {
            lock (_gate)
            {
                return [.. _installed];
            }
        }
    }

    /// <summary>
    /// Adds the routes for a tunnel that is up. If a command fails, the routes added before it stay recorded
    /// (call <see cref="RestoreAsync"/> to remove them) and the exception propagates.
    /// </summary>
    /// <param name="tunDevice">The TUN interface name.</param>
    /// <param name="serverAddress">The server's transport address (IPv4 or IPv6), the one the TLS connection goes to.</param>
    /// <param name="routes">Prefixes to send through the tunnel (<c>--route</c>, repeatable); may be empty.</param>
    /// <param name="defaultRoute">Whether to send all traffic through the tunnel (<c>--default-route</c>).</param>
    /// <param name="ipv6Up">Whether IPv6 runs in the tunnel (IPv6CP opened); only then does
    /// <paramref name="defaultRoute"/> also cover IPv6.</param>
    /// <param name="cancellationToken">Kills the running command when cancelled.</param>
    /// <exception cref="LinkConfigurationException">An <c>ip</c> command failed, or the server's current
    /// route could not be used (unreachable, or already through <paramref name="tunDevice"/>).</exception>
    public async Task ApplyAsync(
        string tunDevice,
        IPAddress serverAddress,
        IReadOnlyList<IPNetwork> routes,
        bool defaultRoute,
        bool ipv6Up,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tunDevice);
        ArgumentNullException.ThrowIfNull(serverAddress);
        ArgumentNullException.ThrowIfNull(routes);
        if (serverAddress.IsIPv4MappedToIPv6)
        {
            serverAddress = serverAddress.MapToIPv4();
        }

        bool v6Server = serverAddress.AddressFamily == AddressFamily.InterNetworkV6;
        if (defaultRoute || routes.Any(r => r.Contains(serverAddress)))
        {
            await PinServerRouteAsync(tunDevice, serverAddress, v6Server, cancellationToken).ConfigureAwait(false);
        }

        foreach (var route in routes)
        {
            await AddAsync(new InstalledRoute(route, tunDevice, null, InstalledRouteKind.Split), cancellationToken).ConfigureAwait(false);
        }

        if (defaultRoute)
        {
            foreach (var half in HalfDefaults(ipv6Up))
            {
                await AddAsync(new InstalledRoute(half, tunDevice, null, InstalledRouteKind.HalfDefault), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Deletes every recorded route, newest first. Routes already gone count as deleted. Idempotent: a
    /// second call does nothing. If some deletions fail for another reason, the others are still attempted,
    /// the failed ones stay recorded for a later retry, and an <see cref="AggregateException"/> of the
    /// <see cref="LinkConfigurationException"/>s is thrown at the end.
    /// </summary>
    /// <param name="cancellationToken">Kills the running command when cancelled (the route stays recorded).</param>
    public async Task RestoreAsync(CancellationToken cancellationToken = default)
    {
        List<LinkConfigurationException>? failures = null;
        foreach (var route in Installed.Reverse())
        {
            try
            {
                await _links.DeleteRouteAsync(
                    route.Device, route.Destination.BaseAddress, route.Destination.PrefixLength, route.Gateway,
                    cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (LinkConfigurationException e) when (IsAlreadyGone(e))
            {
                // Deleted with its device, or by someone else: the goal is reached.
            }
            catch (LinkConfigurationException e)
            {
                (failures ??= []).Add(e);
                continue;
            }

            lock (_gate)
            {
                _installed.Remove(route);
            }
        }

        if (failures is not null)
        {
            throw new AggregateException("Some routes could not be removed.", failures);
        }
    }

    /// <summary>The two halves of the IPv4 default route, then (with IPv6) the two halves of the IPv6 one.</summary>
    internal static IEnumerable<IPNetwork> HalfDefaults(bool ipv6)
    {
        yield return new IPNetwork(IPAddress.Any, 1);
        yield return new IPNetwork(IPAddress.Parse("128.0.0.0"), 1);
        if (ipv6)
        {
            yield return new IPNetwork(IPAddress.IPv6Any, 1);
            yield return new IPNetwork(IPAddress.Parse("8000::"), 1);
        }
    }

    private async Task PinServerRouteAsync(string tunDevice, IPAddress server, bool v6, CancellationToken cancellationToken)
    {
        string json = await _links.RunAsync(["-j", "route", "get", server.ToString()], cancellationToken).ConfigureAwait(false);
        if (!RouteLookup.TryParse(json, out var path, out string error))
        {
            throw new LinkConfigurationException($"Cannot read the route to the server {server} from 'ip -j route get': {error}.");
        }

        if (path!.IsLocal)
        {
            return;
        }

        if (path.Device == tunDevice)
        {
            throw new LinkConfigurationException(
                $"The route to the server {server} already goes through the tunnel device {tunDevice}; remove stale tunnel routes first.");
        }

        var host = new IPNetwork(server, v6 ? 128 : 32);
        await AddAsync(new InstalledRoute(host, path.Device, path.Gateway, InstalledRouteKind.ServerHost), cancellationToken).ConfigureAwait(false);
    }

    private async Task AddAsync(InstalledRoute route, CancellationToken cancellationToken)
    {
        try
        {
            await _links.AddRouteAsync(
                route.Device, route.Destination.BaseAddress, route.Destination.PrefixLength, route.Gateway,
                cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (LinkConfigurationException e) when (e.StandardError.Contains("File exists", StringComparison.Ordinal))
        {
            // EEXIST means "a route to this prefix with the same metric exists", not necessarily ours.
            if (await ExistsAsync(route, cancellationToken).ConfigureAwait(false))
            {
                // The very same route was there before us: it works as needed and is not ours to delete.
                return;
            }

            throw new LinkConfigurationException(
                $"Cannot add the route {route}: another route to {route.Destination} exists ({e.StandardError}).", e);
        }

        lock (_gate)
        {
            _installed.Add(route);
        }
    }

    /// <summary>Whether exactly this route (prefix, device, next hop) is in the main table.</summary>
    private async Task<bool> ExistsAsync(InstalledRoute route, CancellationToken cancellationToken)
    {
        var args = new List<string>
        {
            route.Destination.BaseAddress.AddressFamily == AddressFamily.InterNetworkV6 ? "-6" : "-4",
            "-j", "route", "show", "exact", route.Destination.ToString(), "dev", route.Device,
        };
        if (route.Gateway is not null)
        {
            args.Add("via");
            args.Add(route.Gateway.ToString());
        }

        string json = await _links.RunAsync(args, cancellationToken).ConfigureAwait(false);
        return json.TrimStart().StartsWith("[{", StringComparison.Ordinal);
    }

    /// <summary>
    /// ESRCH ("No such process") is the kernel's answer for a route that does not exist; "Cannot find device"
    /// is iproute2's when the interface is gone (which takes its routes with it).
    /// </summary>
    private static bool IsAlreadyGone(LinkConfigurationException e) =>
        e.StandardError.Contains("No such process", StringComparison.Ordinal)
        || e.StandardError.Contains("Cannot find device", StringComparison.Ordinal)
        || e.StandardError.Contains("No such device", StringComparison.Ordinal);
}
