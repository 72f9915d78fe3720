namespace Sstp.Protocol.Http;

/// <summary>
/// A proxy's answer to CONNECT (SSTP.md §3.4, INTEROP.md §9.3), produced by
/// <see cref="ProxyConnectResponseParser.TryParse"/>.
/// </summary>
/// <param name="StatusCode">The status code: 200 means the tunnel is open; 407 asks for credentials.</param>
/// <param name="ReasonPhrase">The reason phrase, possibly empty.</param>
/// <param name="OffersBasicAuth">Whether a Proxy-Authenticate header offered the Basic scheme (retry with credentials).</param>
/// <param name="ContentLength">The Content-Length of an error body, if given; the body follows the consumed header block.</param>
public readonly record struct ProxyConnectResponse(int StatusCode, string? ReasonPhrase, bool OffersBasicAuth, long? ContentLength)
{
    /// <summary>
    /// True for any 2xx: RFC 9110 §9.3.6 says a 2xx to CONNECT switches the connection to tunnel mode. (The
    /// proxies seen in practice, and the clients OSC and sstpc, use exactly 200.)
    /// </summary>
    public bool IsTunnelEstablished => StatusCode is >= 200 and < 300;

    /// <summary>True for 407 Proxy Authentication Required.</summary>
    public bool IsAuthenticationRequired => StatusCode == 407;
}
