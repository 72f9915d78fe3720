namespace Sstp.Client.Proxy;

/// <summary>
/// The HTTP proxy could not open a tunnel: unreachable, refused the CONNECT (<see cref="StatusCode"/> and
/// <see cref="ReasonPhrase"/> are set), asked for credentials, or answered something that is not HTTP/1.x.
/// </summary>
public sealed class ProxyException : IOException
{
    /// <summary>Creates an exception without details.</summary>
    public ProxyException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    public ProxyException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and its cause.</summary>
    public ProxyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception for a proxy answer with a status other than 2xx.</summary>
    /// <param name="message">What went wrong, for the user.</param>
    /// <param name="statusCode">The HTTP status the proxy answered.</param>
    /// <param name="reasonPhrase">The reason phrase, possibly empty.</param>
    public ProxyException(string message, int statusCode, string? reasonPhrase)
        : base(message)
    {
        StatusCode = statusCode;
        ReasonPhrase = reasonPhrase;
    }

    /// <summary>The proxy's HTTP status, or null when the failure was not an HTTP answer.</summary>
    public int? StatusCode { get; }

    /// <summary>The proxy's reason phrase, or null.</summary>
    public string? ReasonPhrase { get; }
}
