// Opens the client's TCP path to the SSTP server through an HTTP proxy, SSTP.md §3.4 [MS-SSTP §4.5],
// INTEROP.md §9.3, RFC 9110 §9.3.6 (CONNECT):
//
//   client → proxy   CONNECT vpn.example.com:443 HTTP/1.1        (ProxyConnectWriter)
//                    Host: vpn.example.com:443
//                    SSTPVERSION: 1.0
//                    Proxy-Authorization: Basic dXNlcjpwYXNz    (only with user info in the proxy URL)
//                    (empty line)
//   proxy → client   HTTP/1.1 200 Connection established        (ProxyConnectResponseParser)
//                    (empty line)
//                    ...then raw bytes of the tunnel: TLS starts here
//
// Credentials go in the first request, as OSC does, rather than after a 407 as sstpc does: that saves a
// round trip and a second connection, and a proxy that wants them would send the 407 anyway. The target
// port is the caller's, never a hard-coded 443 (sstpc's limitation). Bytes the proxy sent after its header
// block in the same read belong to the tunnel and are replayed by the returned stream.

using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Sstp.Protocol.Http;

namespace Sstp.Client.Proxy;

/// <summary>Connects to a target through an HTTP proxy with CONNECT (Basic authentication optional).</summary>
public static partial class HttpConnectProxy
{
    /// <summary>Room for the largest header block the parser accepts plus the tunnel bytes that may follow it.</summary>
    private const int ResponseBufferSize = HttpRequestParser.MaxHeaderBytes + 4096;

    /// <summary>
    /// Opens a TCP connection to <paramref name="proxy"/>, asks it to CONNECT to
    /// <paramref name="targetHost"/>:<paramref name="targetPort"/>, and returns the tunnel as a stream on
    /// which the caller starts TLS. The stream owns the connection.
    /// </summary>
    /// <param name="proxy">The proxy, as accepted by <see cref="ParseProxyUri"/>: <c>http://[user:pass@]host:port</c>.
    /// User and password are URL-decoded and sent as Basic Proxy-Authorization.</param>
    /// <param name="targetHost">The SSTP server's host name or IP address (IPv6 without brackets).</param>
    /// <param name="targetPort">The SSTP server's port.</param>
    /// <param name="cancellationToken">Aborts the connect and the exchange (the connection is closed).</param>
    /// <returns>The tunnel stream.</returns>
    /// <exception cref="ProxyException">The proxy is unreachable, closed the connection, answered something
    /// that is not HTTP/1.x, asked for credentials, or refused the tunnel (with its status and reason).</exception>
    /// <exception cref="ArgumentException">The proxy URI, host or port is invalid.</exception>
    public static async Task<Stream> ConnectAsync(Uri proxy, string targetHost, int targetPort, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(proxy);
        ArgumentException.ThrowIfNullOrEmpty(targetHost);
        try
        {
            proxy = ParseProxyUri(proxy.OriginalString);
        }
        catch (FormatException e)
        {
            throw new ArgumentException(e.Message, nameof(proxy), e);
        }

        GetCredentials(proxy, out string? user, out string? password);
        byte[] request = new byte[ProxyConnectWriter.GetLength(targetHost, targetPort, user, password)];
        int requestLength = ProxyConnectWriter.Write(request, targetHost, targetPort, user, password);

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        NetworkStream? stream = null;
        try
        {
            try
            {
                await ConnectSocketAsync(socket, proxy, cancellationToken).ConfigureAwait(false);
                stream = new NetworkStream(socket, ownsSocket: true);
                await stream.WriteAsync(request.AsMemory(0, requestLength), cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException e)
            {
                throw new ProxyException($"Cannot connect to the proxy {proxy.Authority}: {e.Message}", e);
            }
            catch (IOException e)
            {
                throw new ProxyException($"Cannot send the CONNECT request to the proxy {proxy.Authority}: {e.Message}", e);
            }

            var (response, tunnelBytes) = await ReadResponseAsync(stream, cancellationToken).ConfigureAwait(false);
            ThrowUnlessEstablished(response, user is not null, targetHost, targetPort);
            return new ReplayStream(stream, tunnelBytes);
        }
        catch
        {
            if (stream is not null)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                socket.Dispose();
            }

            throw;
        }
    }

    /// <summary>
    /// Reads the proxy's answer from <paramref name="connection"/>: the parsed header block and a copy of
    /// any bytes that followed it in the same reads.
    /// </summary>
    /// <exception cref="ProxyException">The connection closed first or the answer is not a valid HTTP/1.x response.</exception>
    internal static async Task<(ProxyConnectResponse Response, ReadOnlyMemory<byte> TunnelBytes)> ReadResponseAsync(
        Stream connection, CancellationToken cancellationToken)
    {
        byte[] buffer = new byte[ResponseBufferSize];
        int filled = 0;
        while (true)
        {
            int read;
            try
            {
                read = await connection.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                throw new ProxyException($"The proxy connection failed while waiting for its answer: {e.Message}", e);
            }

            if (read == 0)
            {
                throw new ProxyException(filled == 0
                    ? "The proxy closed the connection without answering the CONNECT request."
                    : "The proxy closed the connection in the middle of its answer.");
            }

            filled += read;
            var status = ProxyConnectResponseParser.TryParse(buffer.AsSpan(0, filled), out var response, out int consumed, out var error);
            if (status == OperationStatus.Done)
            {
                return (response, buffer.AsMemory(consumed, filled - consumed).ToArray());
            }

            if (status == OperationStatus.InvalidData)
            {
                throw new ProxyException($"The proxy's answer is not a valid HTTP/1.x response ({error}).");
            }

            if (filled == buffer.Length)
            {
                throw new ProxyException($"The proxy's answer is not a valid HTTP/1.x response ({ProxyConnectError.HeaderTooLarge}).");
            }
        }
    }

    private static async Task ConnectSocketAsync(Socket socket, Uri proxy, CancellationToken cancellationToken)
    {
        string host = HostOf(proxy);
        if (IPAddress.TryParse(host, out var address))
        {
            await socket.ConnectAsync(new IPEndPoint(address, proxy.Port), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            // A name: every resolved address (IPv6 and IPv4, on the dual-mode socket) is tried in turn.
            await socket.ConnectAsync(host, proxy.Port, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The host to connect to: IdnHost drops the brackets of an IPv6 literal but keeps a zone percent-encoded
    /// (<c>fe80::1%25eth0</c>, RFC 6874), so IPv6 literals are unescaped to <c>fe80::1%eth0</c>.
    /// </summary>
    internal static string HostOf(Uri proxy) =>
        proxy.HostNameType == UriHostNameType.IPv6 ? Uri.UnescapeDataString(proxy.IdnHost) : proxy.IdnHost;

    private static void ThrowUnlessEstablished(ProxyConnectResponse response, bool sentCredentials, string host, int port)
    {
        if (response.IsTunnelEstablished)
        {
            return;
        }

        string status = $"{response.StatusCode} {response.ReasonPhrase}".TrimEnd();
        if (response.IsAuthenticationRequired)
        {
            string message = !response.OffersBasicAuth
                ? $"The proxy requires an authentication scheme other than Basic, which is not supported ({status})."
                : sentCredentials
                    ? $"The proxy rejected the user name or password ({status})."
                    : $"The proxy requires authentication ({status}): give the credentials in the proxy URL, http://user:password@host:port.";
            throw new ProxyException(message, response.StatusCode, response.ReasonPhrase);
        }

        // tinyproxy 1.11 answers wrong proxy credentials with 401 + WWW-Authenticate instead of 407.
        if (response.StatusCode == 401)
        {
            string message = sentCredentials
                ? $"The proxy rejected the user name or password ({status})."
                : $"The proxy requires authentication ({status}): give the credentials in the proxy URL, http://user:password@host:port.";
            throw new ProxyException(message, response.StatusCode, response.ReasonPhrase);
        }

        throw new ProxyException(
            $"The proxy refused the tunnel to {host}:{port} ({status}).", response.StatusCode, response.ReasonPhrase);
    }
}
