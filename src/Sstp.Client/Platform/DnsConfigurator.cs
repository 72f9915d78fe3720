// Theory of operation. When the tunnel comes up, the DNS servers from IPCP (and IPv6CP-era configuration)
// are handed to whatever manages name resolution on this host, chosen in this order:
//
//   systemd-resolved running + resolvectl present
//       resolvectl dns IF ADDR...         per-link servers
//       resolvectl domain IF ~.           only with --default-route: send every query to this link
//       undo: resolvectl revert IF        (drops all per-link settings)
//   resolvconf present (Debian resolvconf or openresolv)
//       resolvconf -a IF  < "nameserver ADDR\n"...
//       undo: resolvconf -d IF
//   neither
//       nothing is changed; the result's message tells the user which servers to use.
//
// /etc/resolv.conf is never edited directly: the managers above own it, and a crash between edit and undo
// would leave a broken file behind. RestoreAsync undoes what ApplyAsync did, once; it is idempotent and
// treats a link that no longer exists as already undone.

using System.Globalization;
using System.Net;
using System.Text;
using Sstp.IO.Tun;

namespace Sstp.Client.Platform;

/// <summary>Hands the tunnel's DNS servers to systemd-resolved or resolvconf, and takes them back.</summary>
/// <remarks>Calls must not overlap (one control flow applies and restores).</remarks>
public sealed class DnsConfigurator
{
    private readonly IDnsProbe _probe;
    private string? _appliedDevice;
    private DnsBackend _appliedBackend;

    /// <summary>Creates a configurator.</summary>
    /// <param name="probe">System probe; <see cref="SystemDnsProbe"/> when null.</param>
    /// <param name="resolvectlProgram">The resolvectl program (bare name on PATH or full path).</param>
    /// <param name="resolvconfProgram">The resolvconf program (bare name on PATH or full path).</param>
    public DnsConfigurator(IDnsProbe? probe = null, string resolvectlProgram = "resolvectl", string resolvconfProgram = "resolvconf")
    {
        ArgumentException.ThrowIfNullOrEmpty(resolvectlProgram);
        ArgumentException.ThrowIfNullOrEmpty(resolvconfProgram);
        _probe = probe ?? new SystemDnsProbe();
        ResolvectlProgram = resolvectlProgram;
        ResolvconfProgram = resolvconfProgram;
    }

    /// <summary>The resolvectl program.</summary>
    public string ResolvectlProgram { get; }

    /// <summary>The resolvconf program.</summary>
    public string ResolvconfProgram { get; }

    /// <summary>The backend in effect since the last <see cref="ApplyAsync"/>, or <see cref="DnsBackend.None"/>.</summary>
    public DnsBackend AppliedBackend => _appliedBackend;

    /// <summary>Chooses the backend: resolvectl (with systemd-resolved running), else resolvconf, else none.</summary>
    public DnsBackend DetectBackend()
    {
        if (_probe.IsResolvedRunning() && _probe.IsProgramAvailable(ResolvectlProgram))
        {
            return DnsBackend.Resolvectl;
        }

        return _probe.IsProgramAvailable(ResolvconfProgram) ? DnsBackend.Resolvconf : DnsBackend.None;
    }

    /// <summary>Configures <paramref name="servers"/> for the tunnel link through the detected backend.</summary>
    /// <param name="tunDevice">The TUN interface name.</param>
    /// <param name="servers">DNS servers from the tunnel negotiation; with none, nothing is changed.</param>
    /// <param name="defaultRoute">With resolvectl, also route every DNS domain to this link (<c>~.</c>).</param>
    /// <param name="cancellationToken">Kills the running command when cancelled.</param>
    /// <returns>What was done and a message for the user.</returns>
    /// <exception cref="LinkConfigurationException">The backend's command failed (state is kept so
    /// <see cref="RestoreAsync"/> still undoes a partial setup).</exception>
    /// <exception cref="InvalidOperationException">Already applied and not restored.</exception>
    public async Task<DnsResult> ApplyAsync(
        string tunDevice, IReadOnlyList<IPAddress> servers, bool defaultRoute, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tunDevice);
        ArgumentNullException.ThrowIfNull(servers);
        if (_appliedDevice is not null)
        {
            throw new InvalidOperationException($"DNS is already configured for {_appliedDevice}; restore it first.");
        }

        if (servers.Count == 0)
        {
            return new DnsResult(DnsBackend.None, servers, "The server offered no DNS servers; DNS is unchanged.");
        }

        string list = string.Join(", ", servers);
        var backend = DetectBackend();
        switch (backend)
        {
            case DnsBackend.Resolvectl:
                Remember(tunDevice, backend);
                await ProgramRunner.RunAsync(ResolvectlProgram, ["dns", tunDevice, .. servers.Select(s => s.ToString())], null, cancellationToken).ConfigureAwait(false);
                if (defaultRoute)
                {
                    await ProgramRunner.RunAsync(ResolvectlProgram, ["domain", tunDevice, "~."], null, cancellationToken).ConfigureAwait(false);
                }

                return new DnsResult(backend, servers, $"DNS servers {list} set on {tunDevice} through systemd-resolved.");

            case DnsBackend.Resolvconf:
                Remember(tunDevice, backend);
                var lines = new StringBuilder();
                foreach (var server in servers)
                {
                    lines.Append(CultureInfo.InvariantCulture, $"nameserver {server}\n");
                }

                await ProgramRunner.RunAsync(ResolvconfProgram, ["-a", tunDevice], lines.ToString(), cancellationToken).ConfigureAwait(false);
                return new DnsResult(backend, servers, $"DNS servers {list} set for {tunDevice} through resolvconf.");

            default:
                return new DnsResult(
                    DnsBackend.None, servers,
                    $"Neither systemd-resolved nor resolvconf was found; set your DNS servers to {list} by hand.");
        }
    }

    /// <summary>Undoes <see cref="ApplyAsync"/>. Idempotent; a link that is already gone counts as undone.</summary>
    /// <param name="cancellationToken">Kills the running command when cancelled (then the undo stays pending).</param>
    /// <exception cref="LinkConfigurationException">The undo command failed; it stays pending for a retry.</exception>
    public async Task RestoreAsync(CancellationToken cancellationToken = default)
    {
        if (_appliedDevice is not { } device)
        {
            return;
        }

        try
        {
            if (_appliedBackend == DnsBackend.Resolvectl)
            {
                await ProgramRunner.RunAsync(ResolvectlProgram, ["revert", device], null, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await ProgramRunner.RunAsync(ResolvconfProgram, ["-d", device], null, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (LinkConfigurationException e) when (e.StandardError.Contains("No such device", StringComparison.Ordinal))
        {
            // resolvectl cannot resolve a destroyed interface; systemd-resolved dropped its settings with it.
        }

        _appliedDevice = null;
        _appliedBackend = DnsBackend.None;
    }

    private void Remember(string device, DnsBackend backend)
    {
        _appliedDevice = device;
        _appliedBackend = backend;
    }
}
