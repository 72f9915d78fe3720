// Configures a network interface by running iproute2's `ip` with an argument list (never through a shell,
// so names and addresses cannot inject commands). With a namespace set, every command becomes
// `ip -n NS ...`, which iproute2 runs inside /run/netns/NS. A non-zero exit raises
// LinkConfigurationException carrying the command line and the tool's stderr.

using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Sstp.IO.Tun;

/// <summary>Sets addresses, MTU, link state and routes of an interface through iproute2.</summary>
public sealed class LinkConfigurator
{
    /// <summary>Creates a configurator.</summary>
    /// <param name="networkNamespace">A named network namespace (<c>ip netns</c>) to work in, or null for
    /// the process's own.</param>
    /// <param name="ipProgram">The iproute2 program, found on PATH unless a full path is given.</param>
    public LinkConfigurator(string? networkNamespace = null, string ipProgram = "ip")
    {
        ArgumentException.ThrowIfNullOrEmpty(ipProgram);
        if (networkNamespace is not null)
        {
            ArgumentException.ThrowIfNullOrEmpty(networkNamespace);
        }

        NetworkNamespace = networkNamespace;
        IpProgram = ipProgram;
    }

    /// <summary>The namespace commands run in, or null for the process's own.</summary>
    public string? NetworkNamespace { get; }

    /// <summary>The iproute2 program.</summary>
    public string IpProgram { get; }

    /// <summary>Adds an IPv4 or IPv6 address with a prefix: <c>ip address add A/P dev D</c>.</summary>
    /// <param name="device">Interface name.</param>
    /// <param name="address">The local address.</param>
    /// <param name="prefixLength">0–32 for IPv4, 0–128 for IPv6.</param>
    /// <param name="cancellationToken">Kills the command when cancelled.</param>
    public Task AddAddressAsync(string device, IPAddress address, int prefixLength, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(address);
        return RunAsync(["address", "add", Prefix(address, prefixLength), "dev", device], cancellationToken);
    }

    /// <summary>
    /// Adds a point-to-point address: <c>ip address add LOCAL peer PEER/P dev D</c> (the usual form for a
    /// PPP-style tunnel where only the peer is reachable directly).
    /// </summary>
    /// <param name="device">Interface name.</param>
    /// <param name="local">Our address on the link.</param>
    /// <param name="peer">The far end's address; same family as <paramref name="local"/>.</param>
    /// <param name="peerPrefixLength">Prefix routed to the peer (32 or 128 for a single host).</param>
    /// <param name="cancellationToken">Kills the command when cancelled.</param>
    public Task AddPeerAddressAsync(string device, IPAddress local, IPAddress peer, int peerPrefixLength, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(peer);
        if (local.AddressFamily != peer.AddressFamily)
        {
            throw new ArgumentException("The local and peer addresses must be of the same family.", nameof(peer));
        }

        return RunAsync(
            ["address", "add", local.ToString(), "peer", Prefix(peer, peerPrefixLength), "dev", device], cancellationToken);
    }

    /// <summary>Sets the MTU: <c>ip link set dev D mtu N</c>.</summary>
    public Task SetMtuAsync(string device, int mtu, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(mtu, 68);
        return RunAsync(["link", "set", "dev", device, "mtu", mtu.ToString(CultureInfo.InvariantCulture)], cancellationToken);
    }

    /// <summary>Brings the link up (<c>ip link set dev D up</c>) or down.</summary>
    public Task SetStateAsync(string device, bool up, CancellationToken cancellationToken = default) =>
        RunAsync(["link", "set", "dev", device, up ? "up" : "down"], cancellationToken);

    /// <summary>Adds a route through the interface: <c>ip route add DST/P [via GW] dev D [metric M]</c>.</summary>
    /// <param name="device">Interface name.</param>
    /// <param name="destination">Network address of the route.</param>
    /// <param name="prefixLength">Prefix length of the route.</param>
    /// <param name="gateway">Optional next hop.</param>
    /// <param name="metric">Optional route metric.</param>
    /// <param name="cancellationToken">Kills the command when cancelled.</param>
    public Task AddRouteAsync(string device, IPAddress destination, int prefixLength, IPAddress? gateway = null, int? metric = null, CancellationToken cancellationToken = default) =>
        RunAsync(RouteArguments("add", device, destination, prefixLength, gateway, metric), cancellationToken);

    /// <summary>Deletes a route added by <see cref="AddRouteAsync"/> with the same arguments.</summary>
    public Task DeleteRouteAsync(string device, IPAddress destination, int prefixLength, IPAddress? gateway = null, int? metric = null, CancellationToken cancellationToken = default) =>
        RunAsync(RouteArguments("del", device, destination, prefixLength, gateway, metric), cancellationToken);

    /// <summary>
    /// Moves the interface into another named network namespace: <c>ip link set dev D netns TARGET</c>.
    /// An open TUN descriptor keeps working after the move.
    /// </summary>
    public Task MoveToNamespaceAsync(string device, string targetNamespace, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(targetNamespace);
        return RunAsync(["link", "set", "dev", device, "netns", targetNamespace], cancellationToken);
    }

    /// <summary>Runs <c>ip [-n NS] ARGS...</c> and returns its stdout.</summary>
    /// <param name="arguments">The arguments after <c>ip</c> (and after <c>-n NS</c>).</param>
    /// <param name="cancellationToken">Kills the command when cancelled.</param>
    /// <returns>The command's standard output.</returns>
    /// <exception cref="LinkConfigurationException">The command could not start or exited non-zero.</exception>
    public async Task<string> RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var start = new ProcessStartInfo(IpProgram)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
        };
        if (NetworkNamespace is not null)
        {
            start.ArgumentList.Add("-n");
            start.ArgumentList.Add(NetworkNamespace);
        }

        foreach (string argument in arguments)
        {
            ArgumentNullException.ThrowIfNull(argument, nameof(arguments));
            start.ArgumentList.Add(argument);
        }

        string commandLine = IpProgram + " " + string.Join(' ', start.ArgumentList);
        using var process = new Process { StartInfo = start };
        try
        {
            // After a privilege drop only the launcher thread may hand CAP_NET_ADMIN to a child.
            await Privileges.PrivilegeDrop.StartProcessAsync(process).ConfigureAwait(false);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new LinkConfigurationException($"'{commandLine}' could not be started: {e.Message}", e);
        }

        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        string output = await stdout.ConfigureAwait(false);
        string error = (await stderr.ConfigureAwait(false)).Trim();
        if (process.ExitCode != 0)
        {
            throw new LinkConfigurationException(commandLine, process.ExitCode, error);
        }

        return output;
    }

    private static string[] RouteArguments(string verb, string device, IPAddress destination, int prefixLength, IPAddress? gateway, int? metric)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var args = new List<string>(10) { "route", verb, Prefix(destination, prefixLength) };
        if (gateway is not null)
        {
            args.Add("via");
            args.Add(gateway.ToString());
        }

        args.Add("dev");
        args.Add(device);
        if (metric is int m)
        {
            args.Add("metric");
            args.Add(m.ToString(CultureInfo.InvariantCulture));
        }

        return [.. args];
    }

    private static string Prefix(IPAddress address, int prefixLength)
    {
        int max = address.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32;
        ArgumentOutOfRangeException.ThrowIfNegative(prefixLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(prefixLength, max);
        return address.ToString() + "/" + prefixLength.ToString(CultureInfo.InvariantCulture);
    }
}
