using System.Net;
using Sstp.Protocol.Radius;

namespace Sstp.Server.Aaa;

/// <summary>What accounting needs to know about one session; the same record is passed to Start, Interim and Stop.</summary>
/// <param name="SessionId">Acct-Session-Id (44), from <see cref="AcctSessionIds.New"/>.</param>
/// <param name="UserName">User-Name (1).</param>
/// <param name="Nas">Our NAS attributes (their Acct-Session-Id is replaced by <paramref name="SessionId"/>).</param>
/// <param name="FramedIp">Framed-IP-Address (8), the client's IPv4 address, if any.</param>
/// <param name="FramedIpv6Prefix">Framed-IPv6-Prefix (97), if any.</param>
/// <param name="Classes">Class (25) values from the Access-Accept, echoed unchanged.</param>
/// <param name="RadiusAuthenticated">Acct-Authentic (45): RADIUS (1) when true, Local (2) when false.</param>
public sealed record AccountingSession(string SessionId, string UserName, RadiusNasAttributes Nas, IPAddress? FramedIp,
    IPNetwork? FramedIpv6Prefix, IReadOnlyList<byte[]> Classes, bool RadiusAuthenticated);
