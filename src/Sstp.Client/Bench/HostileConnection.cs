// One raw connection of the hostile bench: a TCP socket bound to the chosen source address, optionally a TLS
// session on it (any certificate or the pinned one), and whatever bytes a probe writes. Reads collect what the
// server sends, so the outcome can say how the server ended the connection: an HTTP status, an SSTP Call Abort or
// Call Disconnect, or just a close (FIN) or a reset.

using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using Sstp.IO.Tls;
using Sstp.Protocol.Sstp;

namespace Sstp.Client.Bench;

/// <summary>A raw TCP (and optionally TLS) connection to the server under test.</summary>
internal sealed class HostileConnection : IAsyncDisposable
{
    private readonly Socket _socket;
    private Stream _stream;
    private readonly List<byte> _received = [];
    private TlsConnection? _tls;

    private HostileConnection(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: false);
    }

    /// <summary>True once the server closed (end of stream), reset, or refused the TLS handshake.</summary>
    public bool Ended => End is not null;

    /// <summary>How the transport ended: <c>closed</c> or <c>reset</c>; null while open.</summary>
    public string? End { get; private set; }

    /// <summary>Connects from <paramref name="source"/> (null: any).</summary>
    public static async Task<HostileConnection> ConnectAsync(IPEndPoint server, IPAddress? source, CancellationToken cancel)
    {
        var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            if (source is not null)
            {
                socket.Bind(new IPEndPoint(source, 0));
            }

            await socket.ConnectAsync(server, cancel).ConfigureAwait(false);
            return new HostileConnection(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Runs a TLS handshake; false (and <see cref="End"/> set) if the server ended the connection during it.</summary>
    public async Task<bool> StartTlsAsync(TlsConnector connector, CancellationToken cancel)
    {
        try
        {
            _tls = await connector.ConnectAsync(_stream, cancel).ConfigureAwait(false);
            _stream = _tls.Stream;
            return true;
        }
        catch (Exception e) when (e is AuthenticationException or IOException or SocketException)
        {
            End = IsReset(e) ? "reset" : "closed";
            return false;
        }
    }

    /// <summary>Writes bytes; a server that already hung up ends the connection instead of throwing.</summary>
    public async Task WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancel)
    {
        if (Ended)
        {
            return;
        }

        try
        {
            await _stream.WriteAsync(bytes, cancel).ConfigureAwait(false);
            await _stream.FlushAsync(cancel).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            End = IsReset(e) ? "reset" : "closed";
        }
    }

    /// <summary>
    /// Reads until <paramref name="until"/> holds for the bytes received so far, the server ends the connection, or
    /// <paramref name="cancel"/> fires (then returns with the connection still open).
    /// </summary>
    public async Task ReadAsync(Func<IReadOnlyList<byte>, bool> until, CancellationToken cancel)
    {
        var buffer = new byte[4096];
        try
        {
            while (!Ended && !until(_received))
            {
                int n = await _stream.ReadAsync(buffer, cancel).ConfigureAwait(false);
                if (n == 0)
                {
                    End = "closed";
                    break;
                }

                if (_received.Count < 64 * 1024)
                {
                    _received.AddRange(buffer.AsSpan(0, n));
                }
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            // Still open when the caller stopped waiting.
        }
        catch (Exception e) when (e is IOException or SocketException or AuthenticationException or ObjectDisposedException)
        {
            End = IsReset(e) ? "reset" : "closed";
        }
    }

    /// <summary>Reads until the server ends the connection or <paramref name="cancel"/> fires.</summary>
    public Task ReadUntilEndAsync(CancellationToken cancel) => ReadAsync(static _ => false, cancel);

    /// <summary>True when the bytes received so far hold an HTTP head (up to the blank line).</summary>
    public static bool HasHttpHead(IReadOnlyList<byte> received) => IndexOfHeadEnd(received) >= 0;

    /// <summary>True when an SSTP control message of <paramref name="type"/> follows the HTTP head.</summary>
    public bool HasControl(SstpMessageType type) => ControlTypes().Contains(type);

    /// <summary>
    /// The outcome: <c>http-NNN</c> for an HTTP status other than 200, <c>call-abort</c> / <c>call-disconnect</c> when the
    /// server sent one, else how the transport ended (<c>closed</c>, <c>reset</c>), else <c>open</c>.
    /// </summary>
    public string Outcome()
    {
        int status = HttpStatus();
        if (status > 0 && status != 200)
        {
            return $"http-{status}";
        }

        var types = ControlTypes();
        if (types.Contains(SstpMessageType.CallAbort))
        {
            return "call-abort";
        }

        if (types.Contains(SstpMessageType.CallDisconnect))
        {
            return "call-disconnect";
        }

        return End ?? "open";
    }

    /// <summary>Ends the connection with a TCP reset (SO_LINGER 0).</summary>
    public void Reset()
    {
        try
        {
            _socket.LingerState = new LingerOption(true, 0);
            _socket.Close();
        }
        catch (SocketException)
        {
            // Already gone.
        }

        End ??= "we-reset";
    }

    /// <summary>Closes the connection (a reset if the server left it open, so nothing lingers in TIME_WAIT here).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_tls is not null)
        {
            await _tls.DisposeAsync().ConfigureAwait(false);
        }

        if (!Ended)
        {
            Reset();
        }

        _socket.Dispose();
    }

    private int HttpStatus()
    {
        // "HTTP/1.1 NNN ": the status code is at bytes 9..11.
        if (_received.Count < 12 || _received[0] != 'H' || _received[1] != 'T' || _received[2] != 'T' || _received[3] != 'P')
        {
            return 0;
        }

        int code = 0;
        for (int i = 9; i < 12; i++)
        {
            if (_received[i] is < (byte)'0' or > (byte)'9')
            {
                return 0;
            }

            code = (code * 10) + (_received[i] - '0');
        }

        return code;
    }

    private List<SstpMessageType> ControlTypes()
    {
        var types = new List<SstpMessageType>();
        int at = IndexOfHeadEnd(_received);
        if (at < 0)
        {
            return types;
        }

        // SSTP packets: version 0x10, C bit, 12-bit length, then for control packets the 16-bit message type.
        while (at + 4 <= _received.Count && _received[at] == 0x10)
        {
            int length = ((_received[at + 2] & 0x0F) << 8) | _received[at + 3];
            if (length < 4)
            {
                break;
            }

            if ((_received[at + 1] & 1) == 1 && at + 6 <= _received.Count)
            {
                types.Add((SstpMessageType)((_received[at + 4] << 8) | _received[at + 5]));
            }

            at += length;
        }

        return types;
    }

    private static int IndexOfHeadEnd(IReadOnlyList<byte> received)
    {
        for (int i = 3; i < received.Count; i++)
        {
            if (received[i] == '\n' && received[i - 1] == '\r' && received[i - 2] == '\n' && received[i - 3] == '\r')
            {
                return i + 1;
            }
        }

        return -1;
    }

    private static bool IsReset(Exception e) =>
        (e as SocketException ?? e.InnerException as SocketException)?.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionAborted;
}
