namespace Sstp.Protocol.Http;

/// <summary>
/// Walks the CRLF-terminated lines of a header block that <see cref="HttpHeaderBlock.Scan"/> accepted
/// (RFC 9112 §2.1). Returned lines exclude their CRLF; the final empty line ends the walk.
/// </summary>
internal ref struct HttpLineReader
{
    private ReadOnlySpan<byte> _rest;

    /// <summary>Starts at the beginning of a complete, validated header block.</summary>
    public HttpLineReader(ReadOnlySpan<byte> block) => _rest = block;

    /// <summary>Returns the next non-empty line, or false at the empty line that ends the block.</summary>
    public bool TryReadLine(out ReadOnlySpan<byte> line)
    {
        int end = _rest.IndexOf("\r\n"u8);
        if (end <= 0)
        {
            line = default;
            _rest = default;
            return false;
        }

        line = _rest[..end];
        _rest = _rest[(end + 2)..];
        return true;
    }
}
