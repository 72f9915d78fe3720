using System.Net;
using System.Security.Authentication;
using Sstp.IO.Tls;
using Sstp.IO.Web;
using Sstp.Protocol.Http;
using Sstp.Server.Diagnostics;

namespace Sstp.Server.Hosting;

/// <summary>
/// Sharing the TLS port with a website (<c>server.web-backend</c>): the request head is read here, before any
/// session exists, and sorted with the session's own acceptance rules. A valid SSTP request goes on to a
/// session that reads the head again from a <see cref="PrefixedStream"/>; anything else is relayed to the
/// backend, so the port answers as that website does.
/// </summary>
public sealed partial class SstpServer
{
    /// <summary>The most connections relayed to the website at once; more are closed.</summary>
    internal const int MaxWebRelays = 1024;

    private int _webRelays;

    /// <summary>
    /// Reads the request head and routes the connection. Returns the stream the SSTP session reads (the head in
    /// front of the client's stream: TLS, or plain TCP on an offload listener), or null when the connection is
    /// finished: relayed to the website, closed before a complete head, or over the relay limit. The caller still
    /// owns and disposes <paramref name="client"/>.
    /// </summary>
    private async Task<Stream?> RouteWebAsync(Stream client, IPEndPoint? peer, IPEndPoint backend, Action releaseHandshake, CancellationToken stopping)
    {
        // A head longer than the parser's limit is already "not SSTP", so this buffer is always enough.
        byte[] buffer = new byte[HttpRequestParser.MaxHeaderBytes + 1024];
        int filled = 0;
        var kind = RequestKind.Incomplete;
        var limit = _options.Limits.HttpRequestTimeout;
        using (var deadline = new CancellationTokenSource(limit, _time))
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, deadline.Token))
        {
            try
            {
                while (kind == RequestKind.Incomplete && filled < buffer.Length)
                {
                    int n = await client.ReadAsync(buffer.AsMemory(filled), linked.Token).ConfigureAwait(false);
                    if (n == 0)
                    {
                        return null;
                    }

                    filled += n;
                    kind = RequestTriage.Classify(buffer.AsSpan(0, filled));
                }
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !stopping.IsCancellationRequested)
            {
                ServerLog.DeadlineExpired(_log, peer, "HTTP request", limit.TotalSeconds);
                return null;
            }
            catch (Exception e) when (e is IOException or AuthenticationException or OperationCanceledException or ObjectDisposedException)
            {
                return null;
            }
        }

        if (kind == RequestKind.Sstp)
        {
            return new PrefixedStream(buffer.AsMemory(0, filled), client);
        }

        // Not SSTP: this is web traffic now, not a VPN client waiting for its handshake slot.
        releaseHandshake();
        if (Interlocked.Increment(ref _webRelays) > MaxWebRelays)
        {
            Interlocked.Decrement(ref _webRelays);
            Metrics.WebRelayed("limit");
            ServerLog.WebRelayLimit(_log, peer, MaxWebRelays);
            return null;
        }

        try
        {
            var result = await WebRelay.RelayAsync(
                client, buffer.AsMemory(0, filled), backend, new WebRelayLimits { TimeProvider = _time }, stopping).ConfigureAwait(false);
            string label = WebRelayLabel(result.End);
            Metrics.WebRelayed(label);
            if (result.End == WebRelayEnd.BackendUnreachable)
            {
                ServerLog.WebBackendUnreachable(_log, backend, peer);
            }
            else
            {
                ServerLog.WebRelayed(_log, peer, label, result.ToBackend, result.ToClient);
            }
        }
        finally
        {
            Interlocked.Decrement(ref _webRelays);
        }

        return null;
    }

    /// <summary>The metrics label of how a relay ended.</summary>
    internal static string WebRelayLabel(WebRelayEnd end) => end switch
    {
        WebRelayEnd.Closed => "closed",
        WebRelayEnd.TimeLimit => "time_limit",
        WebRelayEnd.ByteLimit => "byte_limit",
        WebRelayEnd.BackendUnreachable => "backend_unreachable",
        WebRelayEnd.Cancelled => "cancelled",
        _ => "failed",
    };
}
