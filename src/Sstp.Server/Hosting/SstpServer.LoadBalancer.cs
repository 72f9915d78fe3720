using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Sstp.Protocol.Http;
using Sstp.Protocol.Session;
using Sstp.Server.Configuration;
using Sstp.Server.Diagnostics;

namespace Sstp.Server.Hosting;

/// <summary>
/// Listeners behind a load balancer: the PROXY protocol header (<c>proxy</c> listeners) and TLS terminated by
/// the proxy (<c>offload</c> listeners, crypto binding against the proxy's certificate).
/// </summary>
public sealed partial class SstpServer
{
    private readonly Dictionary<Socket, ListenerMarks> _listenerMarks = [];

    /// <summary>Binds <paramref name="endpoint"/> and remembers its marks for the connections it accepts.</summary>
    private Socket BindMarked(IPEndPoint endpoint)
    {
        var socket = Bind(endpoint);
        _listenerMarks[socket] = _options.ListenerMarks.GetValueOrDefault(endpoint);
        return socket;
    }

    private ListenerMarks MarksOf(Socket listener) => _listenerMarks.GetValueOrDefault(listener);

    /// <summary>The session settings of an offload connection: crypto binding against the proxy's certificate.</summary>
    private ServerSessionSettings OffloadSettings()
    {
        var settings = _sessionSettings;
        var (sha1, sha256) = _offloadHashes ?? throw new InvalidOperationException("an offload listener without server.offload-cert");
        return settings with { Sstp = settings.Sstp with { CertHashesSha1 = [sha1], CertHashesSha256 = [sha256] } };
    }

    /// <summary>
    /// On a <c>proxy</c> listener: refuses untrusted sources, then reads the PROXY header (bounded in size and
    /// time) without consuming a byte after it. Returns the client's address (the socket's for a LOCAL header,
    /// the balancer's own health check), or null when the connection was refused and must be closed.
    /// </summary>
    private async Task<IPEndPoint?> ReadProxyHeaderAsync(Socket socket, IPEndPoint? proxy, CancellationToken stopping)
    {
        if (proxy is null || !LoadBalancerSupport.IsTrustedProxy(_options.TrustedProxies, proxy.Address))
        {
            LogRefusal(proxy, "untrusted_proxy", "not a trusted proxy (server.trusted-proxies) on a proxy listener");
            return null;
        }

        using var deadline = new CancellationTokenSource(_options.Limits.TlsHandshakeTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, stopping);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(LoadBalancerSupport.MaxProxyHeader);
        try
        {
            int have = 0;
            while (true)
            {
                var status = ProxyProtocolParser.TryParse(buffer.AsSpan(0, have), out var header, out _, out var error);
                if (status == OperationStatus.Done)
                {
                    var client = header.Command == ProxyCommand.Local || header.Source is null ? proxy : header.Source;
                    ServerLog.ProxyHeader(_log, client, proxy, header.Version);
                    return client;
                }

                if (status == OperationStatus.InvalidData)
                {
                    LogRefusal(proxy, "proxy_header", $"bad PROXY header ({error})");
                    return null;
                }

                int want = LoadBalancerSupport.ProxyHeaderBytesWanted(buffer.AsSpan(0, have));
                if (have + want > LoadBalancerSupport.MaxProxyHeader)
                {
                    LogRefusal(proxy, "proxy_header", $"PROXY header longer than {LoadBalancerSupport.MaxProxyHeader} bytes");
                    return null;
                }

                int n = await socket.ReceiveAsync(buffer.AsMemory(have, want), SocketFlags.None, linked.Token).ConfigureAwait(false);
                if (n == 0)
                {
                    LogRefusal(proxy, "proxy_header", "closed before the PROXY header ended");
                    return null;
                }

                have += n;
            }
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            LogRefusal(proxy, "proxy_timeout", $"no PROXY header within {_options.Limits.TlsHandshakeTimeout.TotalSeconds:0} s");
            return null;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            return null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>After a crypto binding failure: says when it means TLS ends somewhere else than here.</summary>
    private void LogBindingMismatch(ServerSessionState state, ServerSession session, SessionEvent.Closed closed)
    {
        if (closed.Reason == DisconnectReason.CryptoBindingFailed && session.Sstp.BindingResult == Protocol.Sstp.CryptoBindingResult.CertHashMismatch)
        {
            ServerLog.TlsTerminatedElsewhere(_log, state.Id, state.Peer, ListenSpec.Describe(state.Listener));
        }
    }
}
