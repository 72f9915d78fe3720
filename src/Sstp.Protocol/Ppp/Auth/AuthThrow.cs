using System.Diagnostics.CodeAnalysis;

namespace Sstp.Protocol.Ppp.Auth;

/// <summary>Throw helpers for caller mistakes in the authentication codecs and machines.</summary>
internal static class AuthThrow
{
    /// <summary>Throws when <paramref name="destination"/> cannot hold <paramref name="needed"/> bytes.</summary>
    public static void IfTooSmall(Span<byte> destination, int needed)
    {
        if (destination.Length < needed)
        {
            TooSmall(needed);
        }
    }

    /// <summary>Throws when a one-octet length field cannot describe <paramref name="length"/>.</summary>
    public static void IfFieldTooLong(int length, string paramName)
    {
        if (length > byte.MaxValue)
        {
            FieldTooLong(paramName);
        }
    }

    /// <summary>Throws for a method called in a state where it makes no sense.</summary>
    [DoesNotReturn]
    public static void InvalidState(string message) => throw new InvalidOperationException(message);

    [DoesNotReturn]
    private static void TooSmall(int needed) =>
        throw new ArgumentException($"Destination must hold at least {needed} bytes.");

    [DoesNotReturn]
    private static void FieldTooLong(string paramName) =>
        throw new ArgumentException("A one-octet length field cannot exceed 255.", paramName);
}
