using System.Net;

namespace Sstp.Client.Platform;

/// <summary>
/// How the kernel currently reaches the VPN server, as reported by <c>ip -j route get ADDR</c> before any
/// tunnel route exists: the next hop (none for an on-link server) and the outgoing interface.
/// </summary>
/// <param name="Gateway">The original next hop, or null when the server is on a directly connected network.</param>
/// <param name="Device">The original outgoing interface (e.g. <c>eth0</c>).</param>
/// <param name="IsLocal">True when the address is one of this host's own (route type <c>local</c>): such traffic
/// never leaves through the main table, so no host route is needed.</param>
public sealed record ServerPath(IPAddress? Gateway, string Device, bool IsLocal);
