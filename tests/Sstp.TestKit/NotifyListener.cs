using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;

namespace Sstp.TestKit;

/// <summary>
/// Plays systemd's side of sd_notify: a datagram Unix socket bound in a fresh temporary directory, whose path a
/// test gives the server as <c>NOTIFY_SOCKET</c>. Every datagram received is kept as one message.
/// </summary>
public sealed class NotifyListener : IDisposable
{
    private readonly Socket _socket;
    private readonly ConcurrentQueue<string> _messages = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _receiving;
    private readonly string _directory;

    /// <summary>Binds the socket. With <paramref name="worldWritable"/>, any user may send (a server that dropped privileges).</summary>
    public NotifyListener(bool worldWritable = false)
    {
        _directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "sstp-notify-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_directory);
        Path = System.IO.Path.Combine(_directory, "notify");
        _socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        _socket.Bind(new UnixDomainSocketEndPoint(Path));
        if (worldWritable && !OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(_directory, (UnixFileMode)0b111_101_101);
            File.SetUnixFileMode(Path, (UnixFileMode)0b110_110_110);
        }

        _receiving = ReceiveAsync();
    }

    /// <summary>The socket's path (the value of NOTIFY_SOCKET).</summary>
    public string Path { get; }

    /// <summary>Every message received so far, in order.</summary>
    public IReadOnlyList<string> Messages => _messages.ToArray();

    /// <summary>Waits for a message containing <paramref name="text"/>; throws <see cref="TimeoutException"/> after <paramref name="timeout"/>.</summary>
    public async Task<string> WaitForAsync(string text, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (!deadline.IsCancellationRequested)
        {
            var hit = Messages.FirstOrDefault(m => m.Contains(text, StringComparison.Ordinal));
            if (hit is not null)
            {
                return hit;
            }

            try
            {
                await Task.Delay(50, deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        throw new TimeoutException($"no notification with '{text}' within {timeout}; got: {string.Join(" | ", Messages)}");
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _stop.Cancel();
        _socket.Dispose();
        try
        {
            _receiving.GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Closed while receiving.
        }

        _stop.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[4096];
        while (!_stop.IsCancellationRequested)
        {
            int n = await _socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token).ConfigureAwait(false);
            _messages.Enqueue(Encoding.UTF8.GetString(buffer, 0, n));
        }
    }
}
