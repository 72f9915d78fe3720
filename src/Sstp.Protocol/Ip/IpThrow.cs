using System.Diagnostics.CodeAnalysis;

namespace Sstp.Protocol.Ip;

/// <summary>Throw helpers for our own misuse of the IP writers (ARCHITECTURE.md C6, kind 3), kept out of hot methods.</summary>
internal static class IpThrow
{
    [DoesNotReturn]
    public static void DestinationTooSmall(string paramName, int needed) =>
        throw new ArgumentException($"The destination needs at least {needed} bytes.", paramName);

    [DoesNotReturn]
    public static void Argument(string paramName, string message) => throw new ArgumentException(message, paramName);
}
