namespace Sstp.Protocol.Http;

/// <summary>
/// Why the server refused an SSTP HTTP request (SSTP.md §3.3). One value per distinct cause, so logs and
/// metrics can tell a port scanner from a misconfigured client. Map to a reply with
/// <see cref="HttpRefusalExtensions.ToHttpStatus"/> and <see cref="HttpResponseWriter.WriteError"/>.
/// </summary>
public enum HttpRefusal
{
    /// <summary>The request was accepted.</summary>
    None = 0,

    /// <summary>
    /// Not an HTTP request: a bad request line, a header line without a colon or with a bad name, an
    /// obs-fold continuation line, a bare CR or LF, a control byte or a non-ASCII byte.
    /// </summary>
    Malformed,

    /// <summary>The header block exceeded <see cref="HttpRequestParser.MaxHeaderBytes"/>.</summary>
    HeaderTooLarge,

    /// <summary>The header block exceeded <see cref="HttpRequestParser.MaxHeaderLines"/> lines.</summary>
    TooManyHeaderLines,

    /// <summary>An HTTP version other than HTTP/1.1 or HTTP/1.0.</summary>
    UnsupportedVersion,

    /// <summary>
    /// A standard HTTP method (GET, HEAD, POST, …): an ordinary web client. A host may serve a website here
    /// instead of refusing.
    /// </summary>
    NotSstpMethod,

    /// <summary>A method that is neither SSTP_DUPLEX_POST nor a standard HTTP method.</summary>
    UnknownMethod,

    /// <summary>SSTP_DUPLEX_POST to a path other than the SSTP URI.</summary>
    WrongPath,

    /// <summary>A Content-Length other than 18446744073709551615 ([MS-SSTP §3.2.4.1]).</summary>
    BadContentLength,

    /// <summary>Host, Content-Length, SSTPCORRELATIONID or SSTPVERSION appeared more than once.</summary>
    DuplicateHeader,

    /// <summary>The first byte was 0x16 (a TLS handshake record): TLS spoken to a plain-HTTP listener.</summary>
    LooksLikeTls,
}
