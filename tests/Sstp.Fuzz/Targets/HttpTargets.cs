using System.Buffers;
using Sstp.Protocol.Http;

namespace Sstp.Fuzz.Targets;

/// <summary>
/// The text decoders of the connection's first bytes: the SSTP HTTP request (server), the HTTP response
/// (client), an HTTP CONNECT proxy's answer (client) and the PROXY protocol v1/v2 header (server).
/// </summary>
public static class HttpTargets
{
    /// <summary>Every target of this file.</summary>
    public static IEnumerable<FuzzTarget> All =>
    [
        new("http-request", "HttpRequestParser.TryParse (the SSTP_DUPLEX_POST request)", HttpRequest, FuzzTarget.DecoderBound),
        new("http-response", "HttpResponseParser.TryParse (the server's 200 OK)", HttpResponse, FuzzTarget.DecoderBound),
        new("proxy-connect", "ProxyConnectResponseParser.TryParse (an HTTP proxy's CONNECT answer)", ProxyConnect, FuzzTarget.DecoderBound),
        new("proxy-header", "ProxyProtocolParser.TryParse (PROXY protocol v1 and v2)", ProxyHeader, FuzzTarget.DecoderBound),
    ];

    private static void HttpRequest(ReadOnlySpan<byte> input)
    {
        var status = HttpRequestParser.TryParse(input, out var request, out int consumed, out var refusal);
        Invariant.Consumed(status, consumed, input.Length, "http-request");
        Invariant.Require(consumed <= HttpRequestParser.MaxHeaderBytes, $"http-request: block of {consumed} bytes passed the limit");
        Invariant.Require((status == OperationStatus.InvalidData) == (refusal != HttpRefusal.None), $"http-request: {status} with refusal {refusal}");
        Invariant.Require(request is not null, "http-request: null request");
        if (consumed > 0)
        {
            var alone = HttpRequestParser.TryParse(input[..consumed], out var again, out int aloneConsumed, out var aloneRefusal);
            Invariant.SameOnUnitAlone(status, consumed, alone, aloneConsumed, "http-request");
            Invariant.Require(aloneRefusal == refusal && again == request, "http-request: different result on the block alone");
            var shorter = HttpRequestParser.TryParse(input[..(consumed - 1)], out _, out int shorterConsumed, out _);
            Invariant.Require(shorter == OperationStatus.NeedMoreData && shorterConsumed == 0,
                $"http-request: a strict prefix of the block gave {shorter}/{shorterConsumed}");
        }
    }

    private static void HttpResponse(ReadOnlySpan<byte> input)
    {
        var status = HttpResponseParser.TryParse(input, out var response, out int consumed, out var error);
        Invariant.Consumed(status, consumed, input.Length, "http-response");
        Invariant.Require(consumed <= HttpRequestParser.MaxHeaderBytes, $"http-response: block of {consumed} bytes passed the limit");
        Invariant.Require((status == OperationStatus.InvalidData) == (error != HttpResponseError.None), $"http-response: {status} with error {error}");
        if (status == OperationStatus.Done)
        {
            Invariant.Require(response.StatusCode is >= 100 and <= 999, $"http-response: status code {response.StatusCode}");
        }

        if (consumed > 0)
        {
            var alone = HttpResponseParser.TryParse(input[..consumed], out var again, out int aloneConsumed, out var aloneError);
            Invariant.SameOnUnitAlone(status, consumed, alone, aloneConsumed, "http-response");
            Invariant.Require(aloneError == error && again == response, "http-response: different result on the block alone");
            var shorter = HttpResponseParser.TryParse(input[..(consumed - 1)], out _, out int shorterConsumed, out _);
            Invariant.Require(shorter == OperationStatus.NeedMoreData && shorterConsumed == 0,
                $"http-response: a strict prefix of the block gave {shorter}/{shorterConsumed}");
        }
    }

    private static void ProxyConnect(ReadOnlySpan<byte> input)
    {
        var status = ProxyConnectResponseParser.TryParse(input, out var response, out int consumed, out var error);
        Invariant.Consumed(status, consumed, input.Length, "proxy-connect");
        Invariant.Require(consumed <= HttpRequestParser.MaxHeaderBytes, $"proxy-connect: block of {consumed} bytes passed the limit");
        Invariant.Require((status == OperationStatus.InvalidData) == (error != ProxyConnectError.None), $"proxy-connect: {status} with error {error}");
        if (status == OperationStatus.Done)
        {
            Invariant.Require(response.StatusCode is >= 100 and <= 999, $"proxy-connect: status code {response.StatusCode}");
            Invariant.Require(response.ContentLength is null or >= 0, $"proxy-connect: Content-Length {response.ContentLength}");
            var alone = ProxyConnectResponseParser.TryParse(input[..consumed], out var again, out int aloneConsumed, out _);
            Invariant.SameOnUnitAlone(status, consumed, alone, aloneConsumed, "proxy-connect");
            Invariant.Require(again == response, "proxy-connect: different response on the block alone");
            var shorter = ProxyConnectResponseParser.TryParse(input[..(consumed - 1)], out _, out int shorterConsumed, out _);
            Invariant.Require(shorter == OperationStatus.NeedMoreData && shorterConsumed == 0,
                $"proxy-connect: a strict prefix of the block gave {shorter}/{shorterConsumed}");
        }
    }

    private static void ProxyHeader(ReadOnlySpan<byte> input)
    {
        var status = ProxyProtocolParser.TryParse(input, out var header, out int consumed, out var error);
        Invariant.Consumed(status, consumed, input.Length, "proxy-header");
        Invariant.Require((status == OperationStatus.InvalidData) == (error != ProxyProtocolError.None), $"proxy-header: {status} with error {error}");
        if (status == OperationStatus.Done)
        {
            Invariant.Require(header.Version is 1 or 2, $"proxy-header: version {header.Version}");
            Invariant.Require(header.Version == 2 || consumed <= 107, $"proxy-header: v1 header of {consumed} bytes");
            Invariant.Require((header.Source is null) == (header.Destination is null), "proxy-header: only one endpoint");
            if (header.Source is { } source && header.Destination is { } destination)
            {
                Invariant.Require(source.AddressFamily == destination.AddressFamily, "proxy-header: endpoints of two families");
            }

            var alone = ProxyProtocolParser.TryParse(input[..consumed], out var again, out int aloneConsumed, out _);
            Invariant.SameOnUnitAlone(status, consumed, alone, aloneConsumed, "proxy-header");
            Invariant.Require(again == header, "proxy-header: different header on the bytes alone");
            var shorter = ProxyProtocolParser.TryParse(input[..(consumed - 1)], out _, out int shorterConsumed, out _);
            Invariant.Require(shorter == OperationStatus.NeedMoreData && shorterConsumed == 0,
                $"proxy-header: a strict prefix of the header gave {shorter}/{shorterConsumed}");
        }
    }
}
