namespace Sstp.Client.Platform;

/// <summary>
/// Probes the real system: programs are looked up on PATH; systemd-resolved counts as running when its
/// Varlink socket <c>/run/systemd/resolve/io.systemd.Resolve</c> exists (created by the service at start,
/// removed at stop; this needs no D-Bus and no <c>systemctl</c>).
/// </summary>
public sealed class SystemDnsProbe : IDnsProbe
{
    /// <summary>The socket whose presence means systemd-resolved runs.</summary>
    public const string ResolvedSocketPath = "/run/systemd/resolve/io.systemd.Resolve";

    /// <inheritdoc/>
    public bool IsProgramAvailable(string program)
    {
        ArgumentException.ThrowIfNullOrEmpty(program);
        if (program.Contains('/', StringComparison.Ordinal))
        {
            return File.Exists(program);
        }

        string path = Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
        foreach (string directory in path.Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            if (File.Exists(Path.Combine(directory, program)))
            {
                return true;
            }
        }

        return false;
    }

    /// <inheritdoc/>
    public bool IsResolvedRunning() => File.Exists(ResolvedSocketPath);
}
