using System.Diagnostics.CodeAnalysis;

namespace Sstp.Protocol.Crypto;

/// <summary>Throw helpers for caller mistakes (wrong buffer sizes). Peer input never reaches these.</summary>
internal static class CryptoThrow
{
    /// <summary>Throws when a span argument does not have the length the algorithm requires.</summary>
    [DoesNotReturn]
    public static void WrongLength(string paramName, int expected) =>
        throw new ArgumentException($"Expected exactly {expected} bytes.", paramName);

    /// <summary>Checks a span length and throws through <see cref="WrongLength"/> when it differs.</summary>
    public static void RequireLength(int actual, int expected, string paramName)
    {
        if (actual != expected)
        {
            WrongLength(paramName, expected);
        }
    }
}
