using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace Sstp.IO.Tun;

/// <summary>
/// Masquerades the clients' traffic to the outside (<c>--nat</c>) with one nftables table per TUN device, and
/// turns on IP forwarding. The table is named after the device, so removal deletes exactly what was added.
/// </summary>
public sealed class NatConfigurator(string device, string nftProgram = "nft")
{
    /// <summary>The nftables table this configurator owns (in the ip and ip6 families).</summary>
    public string TableName { get; } = "sstp_nat_" + Sanitize(device);

    /// <summary>Enables forwarding and adds masquerade rules for traffic from the pools leaving by another interface.</summary>
    public async Task EnableAsync(IPNetwork ipv4Pool, IPNetwork? ipv6Pool, CancellationToken cancellationToken = default)
    {
        await File.WriteAllTextAsync("/proc/sys/net/ipv4/ip_forward", "1", cancellationToken).ConfigureAwait(false);
        var rules = new System.Text.StringBuilder();
        rules.Append(CultureInfo.InvariantCulture, $"table ip {TableName} {{\n chain postrouting {{\n  type nat hook postrouting priority srcnat; policy accept;\n  ip saddr {ipv4Pool} oifname != \"{device}\" masquerade\n }}\n}}\n");
        if (ipv6Pool is { } v6)
        {
            await File.WriteAllTextAsync("/proc/sys/net/ipv6/conf/all/forwarding", "1", cancellationToken).ConfigureAwait(false);
            rules.Append(CultureInfo.InvariantCulture, $"table ip6 {TableName} {{\n chain postrouting {{\n  type nat hook postrouting priority srcnat; policy accept;\n  ip6 saddr {v6} oifname != \"{device}\" masquerade\n }}\n}}\n");
        }

        await RunAsync(["-f", "-"], rules.ToString(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes the tables added by <see cref="EnableAsync"/> (forwarding is left as it is: other services may need it).</summary>
    public async Task DisableAsync(CancellationToken cancellationToken = default)
    {
        foreach (string family in new[] { "ip", "ip6" })
        {
            try
            {
                await RunAsync(["delete", "table", family, TableName], null, cancellationToken).ConfigureAwait(false);
            }
            catch (LinkConfigurationException)
            {
                // Not there (IPv6 was off, or already removed).
            }
        }
    }

    private async Task RunAsync(IReadOnlyList<string> arguments, string? input, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(nftProgram)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            RedirectStandardInput = input is not null,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        string commandLine = nftProgram + " " + string.Join(' ', arguments);
        using var process = new Process { StartInfo = start };
        try
        {
            // After a privilege drop only the launcher thread may hand CAP_NET_ADMIN to a child.
            await Privileges.PrivilegeDrop.StartProcessAsync(process).ConfigureAwait(false);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new LinkConfigurationException($"'{commandLine}' could not be started (is nftables installed?): {e.Message}", e);
        }

        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input.AsMemory(), cancellationToken).ConfigureAwait(false);
            process.StandardInput.Close();
        }

        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.StandardOutput.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        string error = (await stderr.ConfigureAwait(false)).Trim();
        if (process.ExitCode != 0)
        {
            throw new LinkConfigurationException(commandLine, process.ExitCode, error);
        }
    }

    private static string Sanitize(string name) =>
        new(name.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());
}
