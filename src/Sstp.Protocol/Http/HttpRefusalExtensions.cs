namespace Sstp.Protocol.Http;

/// <summary>Maps an <see cref="HttpRefusal"/> to an HTTP status code and a short log reason.</summary>
public static class HttpRefusalExtensions
{
    /// <summary>
    /// The status code to answer with: 400 for malformed input, bad Content-Length, duplicate headers and
    /// TLS bytes; 431 for oversize header blocks; 505 for other versions; 404 for the wrong path and for
    /// ordinary web methods (so the service looks like an empty web server, SSTP.md §3.3); 501 for unknown
    /// methods. <see cref="HttpRefusal.None"/> maps to 200.
    /// </summary>
    public static int ToHttpStatus(this HttpRefusal refusal) => refusal switch
    {
        HttpRefusal.None => 200,
        HttpRefusal.HeaderTooLarge or HttpRefusal.TooManyHeaderLines => 431,
        HttpRefusal.UnsupportedVersion => 505,
        HttpRefusal.NotSstpMethod or HttpRefusal.WrongPath => 404,
        HttpRefusal.UnknownMethod => 501,
        _ => 400,
    };

    /// <summary>A short, fixed, log-safe description of the refusal.</summary>
    public static string Describe(this HttpRefusal refusal) => refusal switch
    {
        HttpRefusal.None => "accepted",
        HttpRefusal.Malformed => "malformed HTTP request",
        HttpRefusal.HeaderTooLarge => "HTTP header block too large",
        HttpRefusal.TooManyHeaderLines => "too many HTTP header lines",
        HttpRefusal.UnsupportedVersion => "unsupported HTTP version",
        HttpRefusal.NotSstpMethod => "ordinary HTTP method, not SSTP",
        HttpRefusal.UnknownMethod => "unknown HTTP method",
        HttpRefusal.WrongPath => "SSTP method on a wrong path",
        HttpRefusal.BadContentLength => "Content-Length is not 2^64-1",
        HttpRefusal.DuplicateHeader => "duplicate SSTP header",
        HttpRefusal.LooksLikeTls => "TLS handshake on a plain HTTP listener",
        _ => "unknown refusal",
    };
}
