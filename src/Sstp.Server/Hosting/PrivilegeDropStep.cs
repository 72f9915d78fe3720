using System.Globalization;
using System.Numerics;
using Microsoft.Extensions.Logging;
using Sstp.IO.Privileges;
using Sstp.Server.Diagnostics;

namespace Sstp.Server.Hosting;

/// <summary>
/// <c>server.user</c>: the step that switches the server to an unprivileged user once everything that needs root
/// is open (hook it to <see cref="SstpServer.AfterOpen"/>). What still works afterwards: the open TUN device and
/// sockets, routes and NAT rules for later sessions (CAP_NET_ADMIN is kept for the <c>ip</c>/<c>nft</c> commands),
/// removing the TUN device at stop (closing its descriptor is enough). What needs the user's own permissions:
/// reading the users file or the certificate again on a reload, and writing files.
/// </summary>
public static class PrivilegeDropStep
{
    /// <summary>Switches to <paramref name="account"/> and logs the result.</summary>
    /// <exception cref="PrivilegeDropException">The switch failed (logged too); the caller must stop the server.</exception>
    public static DroppedCredentials Run(UnixAccount account, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(logger);
        try
        {
            var result = PrivilegeDrop.DropTo(account);
            ServerLog.PrivilegesDropped(
                logger,
                result.User,
                result.Uid,
                result.Gid,
                string.Join(",", result.Groups.Select(g => g.ToString(CultureInfo.InvariantCulture))),
                CapabilityNames(result.Capabilities));
            return result;
        }
        catch (PrivilegeDropException e)
        {
            ServerLog.PrivilegeDropFailed(logger, account.Name, e.Message);
            throw;
        }
    }

    /// <summary>Names the capabilities of a mask the way capabilities(7) does; unknown bits as <c>cap_N</c>.</summary>
    public static string CapabilityNames(ulong mask)
    {
        if (mask == 0)
        {
            return "none";
        }

        var names = new List<string>(BitOperations.PopCount(mask));
        for (int bit = 0; bit < 64; bit++)
        {
            if ((mask & (1UL << bit)) != 0)
            {
                names.Add(bit switch
                {
                    6 => "cap_setgid",
                    7 => "cap_setuid",
                    10 => "cap_net_bind_service",
                    12 => "cap_net_admin",
                    13 => "cap_net_raw",
                    21 => "cap_sys_admin",
                    _ => string.Create(CultureInfo.InvariantCulture, $"cap_{bit}"),
                });
            }
        }

        return string.Join(",", names);
    }
}
