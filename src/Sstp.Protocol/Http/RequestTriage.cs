namespace Sstp.Protocol.Http;

/// <summary>What the first bytes of a connection are, for a server that shares its port with a website.</summary>
public enum RequestKind
{
    /// <summary>The request head is not complete yet and nothing so far rules SSTP out: read more.</summary>
    Incomplete,

    /// <summary>A valid SSTP request (SSTP_DUPLEX_POST to the SSTP URI, as <see cref="HttpRequestParser"/> accepts).</summary>
    Sstp,

    /// <summary>Anything else: an ordinary web request, a malformed one, or not HTTP at all.</summary>
    Other,
}

/// <summary>
/// Sorts a connection's first bytes into SSTP or not, with exactly the rules the SSTP session applies
/// (<see cref="HttpRequestParser.TryParse"/>), so a request the session would accept is never sent to the
/// website and a request the session would refuse always is.
/// </summary>
public static class RequestTriage
{
    /// <summary>Classifies the bytes read so far. Never throws.</summary>
    /// <param name="received">Everything the client sent so far, from its first byte.</param>
    /// <returns>The kind; <see cref="RequestKind.Incomplete"/> while more bytes are needed.</returns>
    public static RequestKind Classify(ReadOnlySpan<byte> received) =>
        HttpRequestParser.TryParse(received, out _, out _, out _) switch
        {
            System.Buffers.OperationStatus.Done => RequestKind.Sstp,
            System.Buffers.OperationStatus.NeedMoreData => RequestKind.Incomplete,
            _ => RequestKind.Other,
        };
}
