using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Sstp.IO.Tls;
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
    /// <summary>The longest PROXY header read (a v2 header with room for the TLVs a balancer adds).</summary>
    internal const int MaxProxyHeader = 4096;

    private readonly Dictionary<Socket, ListenerMarks> _listenerMarks = [];

    /// <summary>Binds <paramref name="endpoint"/> and remembers its marks for the connections it accepts.</summary>
    private Socket BindMarked(IPEndPoint endpoint)
    {
        var socket = Bind(endpoint);
        _listenerMarks[socket] = _options.ListenerMarks.GetValueOrDefault(endpoint);
        return socket;
    }

    private ListenerMarks MarksOf(Socket listener) => _listenerMarks.GetValueOrDefault(listener);

    /// <summary>The SHA-1 and SHA-256 of the first certificate in the PEM file of <c>server.offload-cert</c>.</summary>
    /// <exception cref="IOException">The file cannot be read or holds no certificate (the message names the key).</exception>
    internal static (byte[] Sha1, byte[] Sha256) LoadOffloadHashes(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"{ConfigKeys.OffloadCert.Name}: cannot read '{path}': {e.Message}", e);
        }

        return OffloadHashesOf(text) ?? throw new IOException($"{ConfigKeys.OffloadCert.Name}: '{path}' holds no PEM certificate");
    }

    /// <summary>The hashes of the first CERTIFICATE block of <paramref name="pem"/>, or null when it has none.</summary>
    internal static (byte[] Sha1, byte[] Sha256)? OffloadHashesOf(string pem)
    {
        ReadOnlySpan<char> rest = pem;
        while (PemEncoding.TryFind(rest, out var fields))
        {
            if (rest[fields.Label].SequenceEqual("CERTIFICATE"))
            {
                try
                {
                    using var certificate = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(rest[fields.Base64Data].ToString()));
                    return (CertificateHashes.Sha1(certificate), CertificateHashes.Sha256(certificate));
                }
                catch (CryptographicException)
                {
                    return null;
                }
            }

            rest = rest[fields.Location.End..];
        }

        return null;
    }

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
        if (proxy is null || !IsTrustedProxy(_options.TrustedProxies, proxy.Address))
        {
            LogRefusal(proxy, "untrusted_proxy", "not a trusted proxy (server.trusted-proxies) on a proxy listener");
            return null;
        }

        using var deadline = new CancellationTokenSource(_options.Limits.TlsHandshakeTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, stopping);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(MaxProxyHeader);
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

                int want = ProxyHeaderBytesWanted(buffer.AsSpan(0, have));
                if (have + want > MaxProxyHeader)
                {
                    LogRefusal(proxy, "proxy_header", $"PROXY header longer than {MaxProxyHeader} bytes");
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

    /// <summary>
    /// How many bytes to read next so that no byte past the header is taken: a v2 header says its length once its
    /// 16 fixed bytes are in; before that, and for the text of v1, one byte at a time.
    /// </summary>
    internal static int ProxyHeaderBytesWanted(ReadOnlySpan<byte> have)
    {
        if (have.Length >= ProxyProtocolParser.V2HeaderLength && have[0] == 0x0D)
        {
            int total = ProxyProtocolParser.V2HeaderLength + ((have[14] << 8) | have[15]);
            return Math.Max(1, total - have.Length);
        }

        return have.Length == 0 || have[0] == 0x0D ? Math.Max(1, ProxyProtocolParser.V2HeaderLength - have.Length) : 1;
    }

    /// <summary>True when <paramref name="address"/> (IPv4-mapped IPv6 counts as IPv4) is in one of <paramref name="trusted"/>.</summary>
    internal static bool IsTrustedProxy(IReadOnlyList<IPNetwork> trusted, IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        foreach (var network in trusted)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }

        return false;
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
