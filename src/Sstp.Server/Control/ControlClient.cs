using System.Net.Sockets;

namespace Sstp.Server.Control;

/// <summary>The answer of the server: its text as received and the decoded response.</summary>
/// <param name="Raw">The JSON line the server sent (without the newline).</param>
/// <param name="Response">The decoded response.</param>
public sealed record ControlReply(string Raw, ControlResponse Response);

/// <summary>The client side of the management socket (what <c>sstp ctl</c> uses).</summary>
public static class ControlClient
{
    /// <summary>The default socket path (<c>control.socket</c>).</summary>
    public const string DefaultPath = "/run/sstp/sstp.sock";

    /// <summary>The largest answer read (the session table of a full server fits many times over).</summary>
    public const int MaxResponseBytes = 256 * 1024 * 1024;

    /// <summary>
    /// Sends <paramref name="request"/> to the server at <paramref name="path"/> and reads its answer.
    /// </summary>
    /// <exception cref="SocketException">Nobody answers at <paramref name="path"/> (or permission is denied).</exception>
    /// <exception cref="IOException">The connection broke or the answer is not a response.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancel"/> fired.</exception>
    public static async Task<ControlReply> SendAsync(string path, ControlRequest request, CancellationToken cancel)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(request);
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cancel).ConfigureAwait(false);
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        await stream.WriteAsync(ControlCodec.EncodeRequest(request), cancel).ConfigureAwait(false);
        using var answer = new MemoryStream();
        var buffer = new byte[64 * 1024];
        int n;
        while ((n = await stream.ReadAsync(buffer, cancel).ConfigureAwait(false)) > 0)
        {
            if (answer.Length + n > MaxResponseBytes)
            {
                throw new IOException("the server's answer is too long");
            }

            answer.Write(buffer, 0, n);
        }

        var bytes = answer.GetBuffer().AsSpan(0, (int)answer.Length).TrimEnd("\r\n"u8);
        if (bytes.IsEmpty)
        {
            throw new IOException("the server closed the connection without an answer");
        }

        if (!ControlCodec.TryDecodeResponse(bytes, out var response, out string error))
        {
            throw new IOException(error);
        }

        return new ControlReply(System.Text.Encoding.UTF8.GetString(bytes), response);
    }
}
