namespace Sstp.Client.Platform;

/// <summary>How <see cref="DnsConfigurator"/> hands the tunnel's DNS servers to the system.</summary>
public enum DnsBackend
{
    /// <summary>Nothing usable was found: the servers are only reported to the user.</summary>
    None = 0,

    /// <summary>systemd-resolved, per link: <c>resolvectl dns IF ADDR...</c>, undone by <c>resolvectl revert IF</c>.</summary>
    Resolvectl,

    /// <summary>resolvconf (Debian's or openresolv): <c>resolvconf -a IF</c> with <c>nameserver</c> lines on
    /// stdin, undone by <c>resolvconf -d IF</c>.</summary>
    Resolvconf,
}
