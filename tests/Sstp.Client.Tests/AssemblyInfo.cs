using System.Runtime.Versioning;

// iproute2, resolvectl/resolvconf, TUN devices and network namespaces: these tests exercise Linux hosts only.
[assembly: SupportedOSPlatform("linux")]
