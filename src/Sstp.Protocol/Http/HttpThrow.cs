using System.Diagnostics.CodeAnalysis;

namespace Sstp.Protocol.Http;

/// <summary>Throw helpers for caller misuse of the HTTP writers (never used for peer input).</summary>
internal static class HttpThrow
{
    /// <summary>The caller's destination span cannot hold the message.</summary>
    [DoesNotReturn]
    public static void DestinationTooSmall() =>
        throw new ArgumentException("The destination span is too small for the HTTP message.", "destination");

    /// <summary>A caller-supplied text field would break the message framing.</summary>
    [DoesNotReturn]
    public static void InvalidText(string paramName) =>
        throw new ArgumentException("The value must be non-empty visible ASCII without spaces or control characters.", paramName);
}
