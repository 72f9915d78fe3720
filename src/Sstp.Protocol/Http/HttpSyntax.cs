using System.Buffers;
using System.Text;

namespace Sstp.Protocol.Http;

/// <summary>
/// Small pieces of HTTP/1.1 grammar shared by the parsers (RFC 9110 §5.1, §5.6.2; RFC 9112 §3, §4, §5).
/// <code>
/// field-line  = field-name ":" OWS field-value OWS
/// field-name  = token                   token = 1*tchar
/// status-line = HTTP-version SP 3DIGIT SP [ reason-phrase ]
/// </code>
/// </summary>
internal static class HttpSyntax
{
    /// <summary>tchar of RFC 9110 §5.6.2.</summary>
    private static readonly SearchValues<byte> TokenBytes =
        SearchValues.Create("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"u8);

    /// <summary>True when <paramref name="text"/> is a non-empty token.</summary>
    public static bool IsToken(ReadOnlySpan<byte> text) => !text.IsEmpty && !text.ContainsAnyExcept(TokenBytes);

    /// <summary>True when every byte is a tchar (an empty span counts as a possible token prefix).</summary>
    public static bool IsTokenPrefix(ReadOnlySpan<byte> text) => !text.ContainsAnyExcept(TokenBytes);

    /// <summary>Removes leading and trailing SP and HTAB (OWS).</summary>
    public static ReadOnlySpan<byte> TrimOws(ReadOnlySpan<byte> text) => text.Trim(" \t"u8);

    /// <summary>
    /// Splits a field line at its first colon. Fails for obs-fold continuation lines, an empty or non-token
    /// name, and whitespace before the colon (RFC 9112 §5.1: such a request MUST be rejected with 400).
    /// </summary>
    public static bool TrySplitField(ReadOnlySpan<byte> line, out ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value)
    {
        value = default;
        int colon = line.IndexOf((byte)':');
        name = colon > 0 ? line[..colon] : default;
        if (!IsToken(name))
        {
            return false;
        }

        value = TrimOws(line[(colon + 1)..]);
        return true;
    }

    /// <summary>Decodes bytes already checked to be ASCII by <see cref="HttpHeaderBlock.Scan"/>.</summary>
    public static string Ascii(ReadOnlySpan<byte> text) => Encoding.ASCII.GetString(text);

    /// <summary>
    /// Parses "HTTP/" DIGIT "." DIGIT. Returns false when the text is not an HTTP version at all.
    /// </summary>
    public static bool TryParseVersion(ReadOnlySpan<byte> text, out int major, out int minor)
    {
        major = 0;
        minor = 0;
        if (text.Length != 8 || !text.StartsWith("HTTP/"u8) || text[6] != (byte)'.'
            || !char.IsAsciiDigit((char)text[5]) || !char.IsAsciiDigit((char)text[7]))
        {
            return false;
        }

        major = text[5] - '0';
        minor = text[7] - '0';
        return true;
    }

    /// <summary>
    /// Parses a status line. The reason phrase may be empty and its SP may be missing (liberal reading). A code
    /// below 100 is refused (found by fuzzing: <c>HTTP/1.0 007</c> used to parse as status 7).
    /// </summary>
    public static bool TryParseStatusLine(
        ReadOnlySpan<byte> line, out ReadOnlySpan<byte> version, out int status, out ReadOnlySpan<byte> reason)
    {
        status = 0;
        reason = default;
        int space = line.IndexOf((byte)' ');
        version = space > 0 ? line[..space] : line;
        if (space <= 0 || line.Length < space + 4)
        {
            return false;
        }

        var code = line.Slice(space + 1, 3);
        foreach (byte b in code)
        {
            if (!char.IsAsciiDigit((char)b))
            {
                return false;
            }

            status = (status * 10) + (b - '0');
        }

        // RFC 9110 §15: the first digit is the class of the response, 1 to 5; "007" is three digits but no status.
        if (status < 100)
        {
            return false;
        }

        var tail = line[(space + 4)..];
        if (!tail.IsEmpty && tail[0] != (byte)' ')
        {
            return false;
        }

        reason = tail.IsEmpty ? tail : TrimOws(tail[1..]);
        return true;
    }

    /// <summary>
    /// Parses a Content-Length value (1*DIGIT, RFC 9110 §8.6) into an unsigned 64-bit number; false on
    /// anything else, including overflow.
    /// </summary>
    public static bool TryParseContentLength(ReadOnlySpan<byte> value, out ulong length)
    {
        length = 0;
        if (value.IsEmpty)
        {
            return false;
        }

        foreach (byte b in value)
        {
            if (!char.IsAsciiDigit((char)b))
            {
                return false;
            }

            ulong digit = (ulong)(b - '0');
            if (length > (ulong.MaxValue - digit) / 10)
            {
                return false;
            }

            length = (length * 10) + digit;
        }

        return true;
    }
}
