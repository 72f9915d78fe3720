namespace Sstp.Protocol.Http;

/// <summary>
/// What the client learned from the server's HTTP response (SSTP.md §3.2). Produced by
/// <see cref="HttpResponseParser.TryParse"/>; <c>default</c> when no status line could be read.
/// </summary>
/// <param name="StatusCode">The three-digit status code (200 on success).</param>
/// <param name="ReasonPhrase">The reason phrase, possibly empty.</param>
/// <param name="HttpVersion">The version token of the status line, e.g. <c>HTTP/1.1</c>.</param>
/// <param name="Server">The Server header (e.g. <c>Microsoft-HTTPAPI/2.0</c>), or null.</param>
public readonly record struct HttpResponseInfo(int StatusCode, string? ReasonPhrase, string? HttpVersion, string? Server);
