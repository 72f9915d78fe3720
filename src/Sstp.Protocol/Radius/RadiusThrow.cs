using System.Diagnostics.CodeAnalysis;

namespace Sstp.Protocol.Radius;

/// <summary>Throw helpers for caller mistakes in the RADIUS codec; peer input never reaches these.</summary>
internal static class RadiusThrow
{
    [DoesNotReturn]
    public static void PacketFull(int needed, int available) =>
        throw new ArgumentException($"The RADIUS packet has room for {available} more bytes, {needed} needed (limit {RadiusPacket.MaxLength}).");

    [DoesNotReturn]
    public static void ValueTooLong(string paramName, int max) =>
        throw new ArgumentException($"The value may be at most {max} bytes.", paramName);

    [DoesNotReturn]
    public static void WrongLength(string paramName, int expected) =>
        throw new ArgumentException($"Expected exactly {expected} bytes.", paramName);

    [DoesNotReturn]
    public static void Invalid(string paramName, string message) =>
        throw new ArgumentException(message, paramName);

    [DoesNotReturn]
    public static void InvalidState(string message) => throw new InvalidOperationException(message);
}
