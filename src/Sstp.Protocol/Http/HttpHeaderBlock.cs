namespace Sstp.Protocol.Http;

/// <summary>
/// Finds the end of an HTTP/1.1 header block (start line, header lines, empty line) while enforcing the
/// byte and line limits, so a sender that never finishes (or sends too much) is refused early.
/// <code>
/// start-line CRLF
/// *( field-line CRLF )
/// CRLF                      &lt;- the block ends here (RFC 9112 §2.1)
/// </code>
/// Every byte is checked as it is scanned: CR must be followed by LF, LF must follow CR, and only
/// HTAB and visible ASCII (0x20..0x7E) may appear inside a line. Bytes of 0x80 and above are refused:
/// every header this project reads is ASCII, and obs-text has no use in SSTP.
/// </summary>
internal static class HttpHeaderBlock
{
    /// <summary>
    /// Scans <paramref name="input"/>. On <see cref="HeaderBlockStatus.Complete"/>, <paramref name="length"/>
    /// is the block length including the final empty line; otherwise 0.
    /// </summary>
    public static HeaderBlockStatus Scan(ReadOnlySpan<byte> input, int maxBytes, int maxLines, out int length)
    {
        length = 0;
        int lines = 0;
        int lineStart = 0;
        int limit = Math.Min(input.Length, maxBytes);
        for (int i = 0; i < limit; i++)
        {
            byte b = input[i];
            if (b == (byte)'\r')
            {
                if (i + 1 >= limit)
                {
                    // The LF is not here yet, or would fall beyond the size limit; decided below.
                    break;
                }

                if (input[i + 1] != (byte)'\n')
                {
                    return HeaderBlockStatus.BadByte;
                }

                if (i == lineStart)
                {
                    length = i + 2;
                    return HeaderBlockStatus.Complete;
                }

                lines++;
                if (lines > maxLines)
                {
                    return HeaderBlockStatus.TooManyLines;
                }

                i++;
                lineStart = i + 1;
            }
            else if (!IsLineByte(b))
            {
                return HeaderBlockStatus.BadByte;
            }
        }

        return input.Length >= maxBytes ? HeaderBlockStatus.TooLarge : HeaderBlockStatus.Incomplete;
    }

    /// <summary>HTAB or visible ASCII including SP.</summary>
    private static bool IsLineByte(byte b) => b == (byte)'\t' || (b >= 0x20 && b < 0x7F);
}

/// <summary>Result of <see cref="HttpHeaderBlock.Scan"/>.</summary>
internal enum HeaderBlockStatus
{
    /// <summary>The empty line was found within the limits.</summary>
    Complete,

    /// <summary>No empty line yet and no limit exceeded: wait for more bytes.</summary>
    Incomplete,

    /// <summary>The size limit was reached without an empty line.</summary>
    TooLarge,

    /// <summary>More complete lines than allowed before the empty line.</summary>
    TooManyLines,

    /// <summary>A control byte, a bare CR or LF, or a non-ASCII byte.</summary>
    BadByte,
}
