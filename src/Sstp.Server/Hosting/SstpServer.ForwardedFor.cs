using System.Net;
using System.Net.Sockets;
using Sstp.Protocol.Http;
using Sstp.Server.Configuration;
using Sstp.Server.Diagnostics;

namespace Sstp.Server.Hosting;

/// <summary>
/// <c>X-Forwarded-For</c> on <c>offload</c> listeners without <c>proxy</c>: when the TCP peer is a trusted proxy,
/// the request head is read here, before admission, and the client it names becomes the session's peer. The head
/// goes on to the session in front of the TCP stream, so the session parses it as if it had read it itself.
/// </summary>
public sealed partial class SstpServer
{
    /// <summary>Request heads being read from trusted proxies now; bounded like the handshakes they precede.</summary>
    private int _forwardedReads;

    /// <summary>
    /// True when this connection's client comes from <c>X-Forwarded-For</c>: an offload listener that does not read a
    /// PROXY header, and a TCP peer in <c>server.trusted-proxies</c>. From anyone else the header is ignored.
    /// </summary>
    private bool ReadsForwardedFor(ListenerMarks marks, IPEndPoint? peer) =>
        marks.HasFlag(ListenerMarks.Offload) && !marks.HasFlag(ListenerMarks.Proxy) && peer is not null
        && LoadBalancerSupport.IsTrustedProxy(_options.TrustedProxies, peer.Address);

    /// <summary>
    /// Reads the request head from a trusted proxy, within <c>limits.http-request-timeout</c> and the parser's head
    /// size. Returns the client (the proxy itself when the request has no <c>X-Forwarded-For</c> or is no HTTP) and
    /// every byte read, or null when the connection was refused or closed and must be disposed.
    /// </summary>
    private async Task<(IPEndPoint Client, ReadOnlyMemory<byte> Head)?> ReadForwardedForAsync(Socket socket, IPEndPoint proxy, CancellationToken stopping)
    {
        // These reads come before admission and the handshake slot, so they get their own bound of the same size.
        int limit = _options.Limits.MaxConcurrentHandshakes;
        if (Interlocked.Increment(ref _forwardedReads) > limit)
        {
            Interlocked.Decrement(ref _forwardedReads);
            LogRefusal(proxy, "handshake_limit", $"{limit} request heads from trusted proxies are already being read");
            return null;
        }

        try
        {
            return await ReadForwardedHeadAsync(socket, proxy, stopping).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _forwardedReads);
        }
    }

    private async Task<(IPEndPoint Client, ReadOnlyMemory<byte> Head)?> ReadForwardedHeadAsync(Socket socket, IPEndPoint proxy, CancellationToken stopping)
    {
        // A head longer than the parser's limit is refused by the parser, so this buffer is always enough.
        byte[] buffer = new byte[HttpRequestParser.MaxHeaderBytes + 1024];
        int filled = 0;
        var status = ForwardedForStatus.Incomplete;
        IPEndPoint? client = null;
        string? entry = null;
        var timeout = _options.Limits.HttpRequestTimeout;
        using (var deadline = new CancellationTokenSource(timeout, _time))
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, deadline.Token))
        {
            try
            {
                while (status == ForwardedForStatus.Incomplete && filled < buffer.Length)
                {
                    int n = await socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, linked.Token).ConfigureAwait(false);
                    if (n == 0)
                    {
                        return null;
                    }

                    filled += n;
                    status = ForwardedFor.FromHead(buffer.AsSpan(0, filled), out client, out entry);
                }
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !stopping.IsCancellationRequested)
            {
                LogRefusal(proxy, "http_timeout", $"no complete HTTP request from the trusted proxy within {timeout.TotalSeconds:0} s");
                return null;
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
            {
                return null;
            }
        }

        if (status == ForwardedForStatus.Malformed)
        {
            LogRefusal(proxy, "forwarded_for", $"the last X-Forwarded-For entry '{Printable(entry)}' is not an IP address");
            return null;
        }

        if (status == ForwardedForStatus.Found && client is not null)
        {
            ServerLog.ForwardedFor(_log, client, proxy);
            return (client, buffer.AsMemory(0, filled));
        }

        // No header, or no HTTP at all: the proxy's address stands and the session judges the request as usual.
        return (proxy, buffer.AsMemory(0, filled));
    }

    /// <summary>At most 64 printable ASCII characters of a peer's text, for a log line.</summary>
    private static string Printable(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var chars = text.Take(64).Select(c => c is >= ' ' and <= '~' ? c : '?');
        return string.Concat(chars);
    }
}
