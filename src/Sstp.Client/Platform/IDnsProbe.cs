namespace Sstp.Client.Platform;

/// <summary>What <see cref="DnsConfigurator"/> needs to know about the system to choose a backend; replaceable in tests.</summary>
public interface IDnsProbe
{
    /// <summary>Whether <paramref name="program"/> (a bare name or a full path) can be run.</summary>
    bool IsProgramAvailable(string program);

    /// <summary>Whether systemd-resolved is running (resolvectl talks to the service, so the program alone is not enough).</summary>
    bool IsResolvedRunning();
}
