using System.Net;
using System.Net.Sockets;
using System.Text;
using Sstp.IO.Tls;
using Sstp.Protocol.Http;

namespace Sstp.E2E.Tests.Hostile;

/// <summary>
/// A deliberately dumb client for hostile input: TCP into the guest's namespace, optionally TLS (any
/// certificate accepted), then whatever bytes the test writes; replies are collected until the server closes
/// or a timeout passes.
/// </summary>
internal sealed class RawClient : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly Stream _stream;
    private readonly List<byte> _received = [];
    private bool _closed;

    private RawClient(Socket socket, Stream stream)
    {
        _socket = socket;
        _stream = stream;
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
    }

    /// <summary>Our end of the TCP connection; the server logs it as the peer ("from 10.77.77.1:PORT").</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>The peer text the server's log lines carry for this connection.</summary>
    public string PeerInLog => LocalEndPoint.ToString();

    /// <summary>Everything received so far.</summary>
    public byte[] Received => [.. _received];

    /// <summary>True once the server closed the connection (end of stream or reset).</summary>
    public bool Closed => _closed;

    /// <summary>Connects to the server under test; with <paramref name="tls"/> runs a TLS handshake first.</summary>
    public static async Task<RawClient> ConnectAsync(int port, bool tls, CancellationToken cancellationToken)
    {
        var socket = await NamespaceSocket.ConnectAsync(port, TimeSpan.FromSeconds(10));
        var network = new NetworkStream(socket, ownsSocket: true);
        if (!tls)
        {
            return new RawClient(socket, network);
        }

        using var connector = new TlsConnector(new TlsConnectorOptions
        {
            TargetHost = Interop.ServerAddress,
            Validation = ServerCertificateValidation.Insecure,
            HandshakeTimeout = TimeSpan.FromSeconds(10),
        });
        try
        {
            var connection = await connector.ConnectAsync(network, cancellationToken);
            return new RawClient(socket, connection.Stream);
        }
        catch
        {
            await network.DisposeAsync();
            throw;
        }
    }

    /// <summary>The request a real client sends (SSTP_DUPLEX_POST to the SSTP path).</summary>
    public static byte[] SstpRequest()
    {
        const string correlation = "{5B8C1F3A-1D2E-4F60-8A9B-0C1D2E3F4A5B}";
        var request = new byte[HttpRequestWriter.GetLength(Interop.ServerAddress, correlation)];
        HttpRequestWriter.Write(request, Interop.ServerAddress, correlation);
        return request;
    }

    /// <summary>Writes raw bytes; a reset by a server that already gave up is not an error here.</summary>
    public async Task WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        try
        {
            await _stream.WriteAsync(bytes, cancellationToken);
            await _stream.FlushAsync(cancellationToken);
        }
        catch (IOException)
        {
            _closed = true;
        }
    }

    /// <summary>Half-closes our side (TCP FIN, no TLS close_notify): the server reads end of stream.</summary>
    public void ShutdownSend()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException)
        {
            _closed = true;
        }
    }

    /// <summary>Reads until the server closes the connection or <paramref name="timeout"/> passes; returns all received bytes.</summary>
    public async Task<byte[]> ReadUntilClosedAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cancel.CancelAfter(timeout);
        var buffer = new byte[16 * 1024];
        try
        {
            while (!_closed)
            {
                int n = await _stream.ReadAsync(buffer, cancel.Token);
                if (n == 0)
                {
                    _closed = true;
                    break;
                }

                _received.AddRange(buffer.AsSpan(0, n));
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Timed out with the connection still open: the caller decides whether that is right.
        }
        catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException)
        {
            // A reset (or a TLS alert) also means the server is gone.
            _closed = true;
        }

        return Received;
    }

    /// <summary>
    /// Reads until <paramref name="done"/> holds for everything received so far, the server closed, or the
    /// timeout passed; returns all received bytes (the caller asserts on them).
    /// </summary>
    public async Task<byte[]> ReadUntilAsync(Func<byte[], bool> done, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cancel.CancelAfter(timeout);
        var buffer = new byte[16 * 1024];
        try
        {
            while (!_closed && !done(Received))
            {
                int n = await _stream.ReadAsync(buffer, cancel.Token);
                if (n == 0)
                {
                    _closed = true;
                    break;
                }

                _received.AddRange(buffer.AsSpan(0, n));
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The caller asserts on what arrived.
        }
        catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException)
        {
            _closed = true;
        }

        return Received;
    }

    /// <summary>
    /// Sends the SSTP HTTP request and reads the server's answer up to its blank line; returns the header text
    /// and leaves any bytes after it in <see cref="Received"/> (cleared of the header).
    /// </summary>
    public async Task<string> StartSstpAsync(CancellationToken cancellationToken)
    {
        await WriteAsync(SstpRequest(), cancellationToken);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cancel.CancelAfter(TimeSpan.FromSeconds(10));
        var buffer = new byte[4096];
        int end;
        while ((end = IndexOfBlankLine(_received)) < 0)
        {
            int n = await _stream.ReadAsync(buffer, cancel.Token);
            if (n == 0)
            {
                throw new IOException("the server closed before answering the HTTP request");
            }

            _received.AddRange(buffer.AsSpan(0, n));
        }

        string header = Encoding.ASCII.GetString([.. _received.Take(end)]);
        _received.RemoveRange(0, end);
        return header;
    }

    /// <summary>The first line of an HTTP answer in <paramref name="bytes"/>, or an empty string.</summary>
    public static string StatusLine(byte[] bytes)
    {
        string text = Encoding.ASCII.GetString(bytes);
        int eol = text.IndexOf("\r\n", StringComparison.Ordinal);
        return eol < 0 ? text : text[..eol];
    }

    /// <summary>Closes our end (FIN after TLS close_notify when TLS is on).</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await _stream.DisposeAsync();
        }
        catch (IOException)
        {
            // Already reset by the server.
        }

        _socket.Dispose();
    }

    private static int IndexOfBlankLine(List<byte> bytes)
    {
        for (int i = 3; i < bytes.Count; i++)
        {
            if (bytes[i - 3] == '\r' && bytes[i - 2] == '\n' && bytes[i - 1] == '\r' && bytes[i] == '\n')
            {
                return i + 1;
            }
        }

        return -1;
    }
}
