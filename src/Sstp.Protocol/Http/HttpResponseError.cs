namespace Sstp.Protocol.Http;

/// <summary>Why the client refused the server's answer to the SSTP HTTP request (SSTP.md §3.2).</summary>
public enum HttpResponseError
{
    /// <summary>The response was accepted.</summary>
    None = 0,

    /// <summary>Not an HTTP response: bad status line, bad header line, control or non-ASCII bytes.</summary>
    Malformed,

    /// <summary>The status line's version is not HTTP/1.x.</summary>
    NotHttp11,

    /// <summary>The status code is not 200; <see cref="HttpResponseInfo.StatusCode"/> carries it.</summary>
    Status,

    /// <summary>A Content-Length that is not exactly 2^64−1 (sstpc's rule), or more than one.</summary>
    BadContentLength,

    /// <summary>The header block exceeded the size or line limit of <see cref="HttpRequestParser"/>.</summary>
    HeaderTooLarge,
}
