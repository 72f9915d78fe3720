namespace Sstp.Protocol.Http;

/// <summary>Why a proxy's answer to CONNECT could not be read (SSTP.md §3.4).</summary>
public enum ProxyConnectError
{
    /// <summary>A well-formed response was read (whatever its status).</summary>
    None = 0,

    /// <summary>Not an HTTP response: bad status line, bad header line, bad Content-Length, control or non-ASCII bytes.</summary>
    Malformed,

    /// <summary>The status line's version is not HTTP/1.x.</summary>
    NotHttp1,

    /// <summary>The header block exceeded the size or line limit of <see cref="HttpRequestParser"/>.</summary>
    HeaderTooLarge,
}
