using Sstp.Protocol.Crypto;

namespace Sstp.Protocol.Ppp.Auth;

/// <summary>
/// The MS-CHAPv2 Success message [RFC 2759 §5; AUTH.md §4.1]:
/// <code>
/// "S=" 40-upper-case-hex " M=" text
/// </code>
/// We always write the space before <c>M=</c>. On receive the check of the <c>S=</c> part lives in
/// <see cref="MsChapV2.CheckAuthenticatorResponse"/> (first 42 bytes only); <see cref="GetText"/> finds the
/// text whether or not the sender put a space before <c>M=</c> (Windows Server 2019 does not, INTEROP.md §2).
/// </summary>
public static class MsChapV2SuccessMessage
{
    private static ReadOnlySpan<byte> MessageSeparator => " M="u8;

    /// <summary>Encoded length for a message text of <paramref name="textLength"/> bytes.</summary>
    public static int GetEncodedLength(int textLength) => MsChapV2.AuthenticatorResponseLength + MessageSeparator.Length + textLength;

    /// <summary>Writes <c>S=… M=text</c>; returns the bytes written.</summary>
    /// <exception cref="ArgumentException"><paramref name="authenticatorResponse"/> is not 42 bytes, or the destination is too small.</exception>
    public static int Write(Span<byte> destination, ReadOnlySpan<byte> authenticatorResponse, ReadOnlySpan<byte> text)
    {
        if (authenticatorResponse.Length != MsChapV2.AuthenticatorResponseLength)
        {
            throw new ArgumentException("The authenticator response is S= plus 40 hex digits.", nameof(authenticatorResponse));
        }

        int length = GetEncodedLength(text.Length);
        AuthThrow.IfTooSmall(destination, length);
        authenticatorResponse.CopyTo(destination);
        MessageSeparator.CopyTo(destination[MsChapV2.AuthenticatorResponseLength..]);
        text.CopyTo(destination[(MsChapV2.AuthenticatorResponseLength + MessageSeparator.Length)..]);
        return length;
    }

    /// <summary>
    /// The text after <c>M=</c> that follows the 42-byte <c>S=</c> part (with or without a space), or empty.
    /// Never throws.
    /// </summary>
    public static ReadOnlySpan<byte> GetText(ReadOnlySpan<byte> message)
    {
        if (message.Length <= MsChapV2.AuthenticatorResponseLength)
        {
            return default;
        }

        var rest = message[MsChapV2.AuthenticatorResponseLength..];
        if (rest.Length > 0 && rest[0] == (byte)' ')
        {
            rest = rest[1..];
        }

        return rest.StartsWith("M="u8) ? rest[2..] : default;
    }
}
