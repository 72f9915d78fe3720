namespace Sstp.Protocol.Http;

/// <summary>
/// The parts of an SSTP HTTP request the server uses (SSTP.md §3.1). Text is ASCII; header values are
/// trimmed; an absent header is null. Produced by <see cref="HttpRequestParser.TryParse"/>.
/// </summary>
public sealed record SstpHttpRequest
{
    /// <summary>The value handed out when nothing could be parsed: every field empty or null.</summary>
    public static SstpHttpRequest Empty { get; } = new();

    /// <summary>The request method as sent (case preserved), e.g. <c>SSTP_DUPLEX_POST</c>.</summary>
    public string Method { get; init; } = string.Empty;

    /// <summary>The request-target up to (not including) any '?', e.g. <c>/sra_{BA195980-…}/</c>.</summary>
    public string Path { get; init; } = string.Empty;

    /// <summary>The text after the first '?' of the request-target, or null; ignored for routing.</summary>
    public string? Query { get; init; }

    /// <summary>The HTTP version token, <c>HTTP/1.1</c> or <c>HTTP/1.0</c> when accepted.</summary>
    public string HttpVersion { get; init; } = string.Empty;

    /// <summary>The Host header (a name, possibly with a port; never required).</summary>
    public string? Host { get; init; }

    /// <summary>The SSTPCORRELATIONID header; for logging only and never validated (sstpc sends a non-GUID).</summary>
    public string? CorrelationId { get; init; }

    /// <summary>The SSTPVERSION header, if any.</summary>
    public string? SstpVersion { get; init; }

    /// <summary>The Cookie header (auth bypass; opaque to SSTP). Several Cookie lines are joined with "; ".</summary>
    public string? Cookie { get; init; }

    /// <summary>The X-Forwarded-For header (trust only behind a known proxy). Several lines are joined with ", ".</summary>
    public string? XForwardedFor { get; init; }
}
