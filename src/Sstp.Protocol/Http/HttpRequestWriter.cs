namespace Sstp.Protocol.Http;

/// <summary>
/// Client side: writes the canonical SSTP HTTP request of SSTP.md §3.1 [MS-SSTP §3.2.4.1, §4.1].
/// <code>
/// SSTP_DUPLEX_POST /sra_{BA195980-CD49-458b-9E23-C84EE0ADCD75}/ HTTP/1.1 CRLF
/// Content-Length: 18446744073709551615 CRLF
/// Host: &lt;host&gt; CRLF
/// SSTPCORRELATIONID: &lt;correlation id&gt; CRLF
/// CRLF
/// </code>
/// Host is the bare server name, as Windows, sstpc and OSC send it (no port); an IPv6 literal is bracketed.
/// </summary>
public static class HttpRequestWriter
{
    private static ReadOnlySpan<byte> Head =>
        "SSTP_DUPLEX_POST /sra_{BA195980-CD49-458b-9E23-C84EE0ADCD75}/ HTTP/1.1\r\nContent-Length: 18446744073709551615\r\nHost: "u8;

    private static ReadOnlySpan<byte> CorrelationHeader => "\r\nSSTPCORRELATIONID: "u8;

    /// <summary>The bytes <see cref="Write"/> needs for these arguments.</summary>
    public static int GetLength(string host, string correlationId)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(correlationId);
        return Head.Length + HttpText.ToAuthorityHost(host).Length + CorrelationHeader.Length
            + correlationId.Length + 4;
    }

    /// <summary>
    /// Writes the request. <paramref name="correlationId"/> should be a fresh <c>{GUID}</c> per attempt
    /// (SHOULD of [MS-SSTP §3.2.4.1]). Both strings must be visible ASCII (no spaces or control characters),
    /// else <see cref="ArgumentException"/>; a too-small destination also throws. Returns the bytes written.
    /// </summary>
    public static int Write(Span<byte> destination, string host, string correlationId)
    {
        string authorityHost = HttpText.CheckHost(host, nameof(host));
        if (!HttpText.IsVisibleAscii(correlationId))
        {
            HttpThrow.InvalidText(nameof(correlationId));
        }

        var writer = new HttpTextWriter(destination);
        writer.Append(Head);
        writer.Append(authorityHost);
        writer.Append(CorrelationHeader);
        writer.Append(correlationId);
        writer.Append("\r\n\r\n"u8);
        return writer.Written;
    }
}
