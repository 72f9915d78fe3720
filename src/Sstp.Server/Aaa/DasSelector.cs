using System.Net;

namespace Sstp.Server.Aaa;

/// <summary>
/// The session identification attributes of a Disconnect- or CoA-Request (RFC 5176 §3, AUTH.md §7.7) that
/// the listener hands to <see cref="IDasSessionControl"/>. At least one member is non-null. When several are
/// given, a session must match every one of them.
/// </summary>
/// <param name="AcctSessionId">Acct-Session-Id (44), or null when absent.</param>
/// <param name="UserName">User-Name (1), or null when absent.</param>
/// <param name="FramedIp">Framed-IP-Address (8), IPv4, or null when absent.</param>
public sealed record DasSelector(string? AcctSessionId, string? UserName, IPAddress? FramedIp);
