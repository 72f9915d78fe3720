namespace Sstp.IO.Tests.Tun;

/// <summary>Skips a test, with the reason printed, unless it can create TUN devices and namespaces.</summary>
internal static class RootOnly
{
    public static string RequireIp()
    {
        if (!Environment.IsPrivilegedProcess)
        {
            Assert.Skip("Needs root (CAP_NET_ADMIN) to create TUN devices and network namespaces.");
        }

        if (!File.Exists("/dev/net/tun"))
        {
            Assert.Skip("/dev/net/tun is missing (no tun driver on this machine).");
        }

        string? ip = LinkConfiguratorTests.FindOnPath("ip");
        if (ip is null)
        {
            Assert.Skip("iproute2 'ip' is not installed.");
        }

        return ip;
    }

    /// <summary>A short unique suffix for names the test creates (interface names are at most 15 bytes).</summary>
    public static string UniqueSuffix() => Guid.NewGuid().ToString("N")[..8];
}
