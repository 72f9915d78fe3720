using System.Globalization;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Sstp.IO.Primitives;
using Sstp.Server.Diagnostics;

namespace Sstp.Server.Control;

/// <summary>
/// The management socket of <c>sstp server</c>: a Unix stream socket that takes one JSON request per connection
/// (<see cref="ControlCodec"/>), answers it through an <see cref="IControlTarget"/> and closes.
/// </summary>
/// <remarks>
/// Only root and the server's own user may use it: the socket file is mode 0600 from right after bind, its
/// directory is created 0750, and every connection's peer credentials (SO_PEERCRED) are checked, so a wrong mode
/// alone does not open it up. A request must arrive within <see cref="ReadTimeout"/> and fit in
/// <see cref="ControlCodec.MaxRequestBytes"/>; at most <see cref="MaxConnections"/> are served at once.
/// </remarks>
public sealed class ControlListener : IAsyncDisposable
{
    /// <summary>Connections served at once; more are closed at once.</summary>
    public const int MaxConnections = 8;

    /// <summary>The time a client has to send its request.</summary>
    public static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The time a client has to read the answer.</summary>
    public static readonly TimeSpan WriteTimeout = TimeSpan.FromSeconds(30);

    private readonly Socket _listener;
    private readonly IControlTarget _target;
    private readonly ILogger _log;
    private readonly Func<uint, bool> _allowed;
    private readonly SemaphoreSlim _slots = new(MaxConnections, MaxConnections);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    private ControlListener(Socket listener, string path, IControlTarget target, ILogger log, Func<uint, bool> allowed)
    {
        _listener = listener;
        Path = path;
        _target = target;
        _log = log;
        _allowed = allowed;
        _accepting = AcceptLoopAsync();
    }

    /// <summary>The socket's path.</summary>
    public string Path { get; }

    /// <summary>
    /// Binds <paramref name="path"/> and starts serving. A socket file left by a server that is gone is
    /// replaced; one that answers means another server runs, and that is an <see cref="IOException"/>.
    /// <paramref name="allowed"/> decides which peer user ids are served; by default root and our own user.
    /// </summary>
    /// <exception cref="IOException">Another server answers on the path, or it cannot be bound.</exception>
    public static ControlListener Start(string path, IControlTarget target, ILogger log, Func<uint, bool>? allowed = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(log);
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("the control socket needs Linux");
        }

        uint self = UnixCredentials.EffectiveUserId;
        allowed ??= uid => uid == 0 || uid == self;

        string? directory = System.IO.Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(directory) && !Directory.Exists(directory))
        {
            try
            {
                Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new IOException($"cannot create {directory} for the control socket: {e.Message} (set control.socket to another path, or off)", e);
            }
        }

        RemoveStale(path, log);
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Bind(new UnixDomainSocketEndPoint(path));
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            socket.Listen(16);
        }
        catch (Exception e) when (e is SocketException or IOException or UnauthorizedAccessException)
        {
            socket.Dispose();
            throw new IOException($"cannot open the control socket {path}: {e.Message}", e);
        }

        ServerLog.ControlListening(log, path);
        return new ControlListener(socket, path, target, log, allowed);
    }

    /// <summary>Stops serving, waits for the accept loop and removes the socket file.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Dispose();
        await _accepting.ConfigureAwait(false);
        try
        {
            File.Delete(Path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: a stale file is replaced at the next start.
        }

        _stop.Dispose();
    }

    /// <summary>Removes a socket file nobody answers on; throws when a server answers on it.</summary>
    private static void RemoveStale(string path, ILogger log)
    {
        var existing = new FileInfo(path);
        if (!existing.Exists)
        {
            if (Directory.Exists(path))
            {
                throw new IOException($"the control socket path {path} is a directory");
            }

            return;
        }

        using (var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            try
            {
                probe.Connect(new UnixDomainSocketEndPoint(path));
                throw new IOException($"another sstp server is running: its control socket {path} answers (stop it first, or give this one another --control-socket)");
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
            {
                // Nobody listens: left over by a server that did not stop cleanly.
            }
            catch (SocketException e)
            {
                throw new IOException($"cannot check the existing control socket {path}: {e.Message}", e);
            }
        }

        // connect() to a regular file is refused the same way: never delete a file with content.
        if (existing.Length > 0)
        {
            throw new IOException($"{path} exists and is not a socket; remove it or choose another control.socket");
        }

        File.Delete(path);
        ServerLog.ControlStaleRemoved(log, path);
    }

    private Task AcceptLoopAsync() => BoundedAcceptLoop.RunAsync(_listener, _slots, ServeAsync, _stop.Token);

    private async Task ServeAsync(Socket client)
    {
        try
        {
            await using var stream = new NetworkStream(client, ownsSocket: true);

            // The request is read even from a peer that will be refused: closing a Unix socket with unread input
            // resets the connection, and the peer would lose our answer.
            var buffer = new byte[ControlCodec.MaxRequestBytes + 1];
            int filled;
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token))
            {
                timeout.CancelAfter(ReadTimeout);
                filled = await ReadLineAsync(stream, buffer, timeout.Token).ConfigureAwait(false);
            }

            ControlResponse response;
            if (!UnixCredentials.TryGetPeer(client, out int pid, out uint uid, out _))
            {
                response = ControlResponse.Fail("permission denied: the peer's credentials cannot be read");
                ServerLog.ControlRefused(_log, -1, uint.MaxValue);
            }
            else if (!_allowed(uid))
            {
                response = ControlResponse.Fail(string.Create(CultureInfo.InvariantCulture, $"permission denied: user id {uid} is neither root nor the server's user"));
                ServerLog.ControlRefused(_log, pid, uid);
            }
            else
            {
                response = await AnswerAsync(buffer.AsMemory(0, filled), string.Create(CultureInfo.InvariantCulture, $"uid {uid} pid {pid}")).ConfigureAwait(false);
            }

            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token))
            {
                timeout.CancelAfter(WriteTimeout);
                await stream.WriteAsync(ControlCodec.EncodeResponse(response), timeout.Token).ConfigureAwait(false);
                client.Shutdown(SocketShutdown.Send);
            }

            await DiscardRestAsync(stream, buffer).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // A slow, silent or vanished client: nothing more to say to it.
        }
        finally
        {
            client.Dispose();
            _slots.Release();
        }
    }

    private async Task<ControlResponse> AnswerAsync(ReadOnlyMemory<byte> line, string caller)
    {
        if (!ControlCodec.TryDecodeRequest(line.Span, out var request, out string error))
        {
            ServerLog.ControlBadRequest(_log, caller, error);
            return ControlResponse.Fail(error);
        }

        ServerLog.ControlRequest(_log, request.Command, caller);
        return await ControlDispatcher.HandleAsync(request, _target, caller, _stop.Token).ConfigureAwait(false);
    }

    /// <summary>
    /// After the answer: reads what the client still sends (an oversize request) until it closes, at most
    /// 64 KiB and <see cref="ReadTimeout"/>, so closing does not reset the connection before it read the answer.
    /// </summary>
    private async Task DiscardRestAsync(NetworkStream stream, byte[] buffer)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        timeout.CancelAfter(ReadTimeout);
        int total = 0;
        int n;
        while (total < 64 * 1024 && (n = await stream.ReadAsync(buffer, timeout.Token).ConfigureAwait(false)) > 0)
        {
            total += n;
        }
    }

    /// <summary>Reads up to the first newline or the end of input; stops one byte past the limit (the codec refuses that).</summary>
    private static async Task<int> ReadLineAsync(NetworkStream stream, byte[] buffer, CancellationToken cancel)
    {
        int filled = 0;
        while (filled < buffer.Length)
        {
            int n = await stream.ReadAsync(buffer.AsMemory(filled), cancel).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }

            int searchFrom = filled;
            filled += n;
            int newline = buffer.AsSpan(searchFrom, filled - searchFrom).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                return searchFrom + newline + 1;
            }
        }

        return filled;
    }
}
