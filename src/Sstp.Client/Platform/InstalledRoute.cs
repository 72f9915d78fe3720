using System.Net;

namespace Sstp.Client.Platform;

/// <summary>A route that <see cref="RouteManager"/> added and will delete again.</summary>
/// <param name="Destination">The destination prefix.</param>
/// <param name="Device">The interface the route points at (the TUN, or the original uplink for the server's host route).</param>
/// <param name="Gateway">The next hop, or null for a route straight onto the interface.</param>
/// <param name="Kind">Why the route exists.</param>
public sealed record InstalledRoute(IPNetwork Destination, string Device, IPAddress? Gateway, InstalledRouteKind Kind)
{
    /// <summary>The route as <c>ip route</c> prints it, e.g. <c>0.0.0.0/1 dev sstp0</c>.</summary>
    public override string ToString() =>
        Gateway is null ? $"{Destination} dev {Device}" : $"{Destination} via {Gateway} dev {Device}";
}
