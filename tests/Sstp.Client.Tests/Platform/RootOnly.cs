namespace Sstp.Client.Tests.Platform;

/// <summary>Skips a test, with the reason printed, unless it can create TUN devices and network namespaces.</summary>
internal static class RootOnly
{
    public static void Require()
    {
        if (WhyNot() is { } reason)
        {
            Assert.Skip(reason);
        }
    }

    /// <summary>Null when the machine allows TUN devices and namespaces; otherwise the reason to skip.</summary>
    public static string? WhyNot()
    {
        if (!Environment.IsPrivilegedProcess)
        {
            return "Needs root (CAP_NET_ADMIN) to create TUN devices and network namespaces.";
        }

        if (!File.Exists("/dev/net/tun"))
        {
            return "/dev/net/tun is missing (no tun driver on this machine).";
        }

        return new[] { "/usr/sbin/ip", "/usr/bin/ip", "/sbin/ip", "/bin/ip" }.Any(File.Exists)
            ? null
            : "iproute2 'ip' is not installed.";
    }

    /// <summary>A short unique suffix for names the test creates (interface names are at most 15 bytes).</summary>
    public static string UniqueSuffix() => Guid.NewGuid().ToString("N")[..8];
}
