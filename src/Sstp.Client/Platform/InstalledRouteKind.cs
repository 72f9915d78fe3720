namespace Sstp.Client.Platform;

/// <summary>Why <see cref="RouteManager"/> added a route.</summary>
public enum InstalledRouteKind
{
    /// <summary>Host route to the VPN server through the original gateway, so the tunnel's own packets
    /// keep leaving by the uplink once the tunnel routes cover the server's address.</summary>
    ServerHost,

    /// <summary>A <c>--route CIDR</c> through the TUN (split tunnel).</summary>
    Split,

    /// <summary>One half of the default route through the TUN (<c>0.0.0.0/1</c>, <c>128.0.0.0/1</c>,
    /// <c>::/1</c>, <c>8000::/1</c>): more specific than any <c>/0</c>, so the original default route stays
    /// untouched and comes back by itself when these are removed.</summary>
    HalfDefault,
}
