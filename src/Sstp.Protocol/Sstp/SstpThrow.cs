using System.Diagnostics.CodeAnalysis;

namespace Sstp.Protocol.Sstp;

/// <summary>
/// Throw helpers for our own misuse (never for peer input), kept out of the hot methods (ARCHITECTURE.md C6).
/// </summary>
internal static class SstpThrow
{
    [DoesNotReturn]
    public static void PayloadTooLong(int payloadLength) =>
        throw new ArgumentOutOfRangeException(
            nameof(payloadLength), payloadLength, $"An SSTP data packet carries at most {SstpPacket.MaxPayloadLength} bytes.");

    [DoesNotReturn]
    public static void DestinationTooSmall(int needed, int available, string parameterName = "destination") =>
        throw new ArgumentException($"Destination needs {needed} bytes but has {available}.", parameterName);

    [DoesNotReturn]
    public static void BadArgument(string message, string parameterName) =>
        throw new ArgumentException(message, parameterName);

    [DoesNotReturn]
    public static void InvalidOperation(string message) => throw new InvalidOperationException(message);
}
