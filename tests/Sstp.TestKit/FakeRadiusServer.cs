using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Sstp.Protocol.Radius;

namespace Sstp.TestKit;

/// <summary>How the fake server treats a request.</summary>
public enum FakeRadiusMode
{
    /// <summary>Answer, signed with the right secret.</summary>
    Answer,

    /// <summary>Say nothing.</summary>
    Silent,

    /// <summary>Answer, signed with another secret.</summary>
    WrongSecret,
}

/// <summary>
/// An in-process RADIUS server on 127.0.0.1 (UDP, ephemeral port) built with the core codec: it records every
/// request and answers (Access-Accept / Accounting-Response with Message-Authenticator), stays silent, or
/// answers with a wrong secret. <see cref="Reply"/> replaces the default answer.
/// </summary>
public sealed class FakeRadiusServer : IAsyncDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<byte[]> _received = new();
    private readonly SemaphoreSlim _arrived = new(0);
    private readonly Task _loop;
    private int _silentFor;
    private int _handled;
    private int _mode;

    public FakeRadiusServer(byte[] secret, FakeRadiusMode mode = FakeRadiusMode.Answer)
    {
        Secret = secret;
        Mode = mode;

        // Room for a burst of hundreds of requests (the kernel caps this at net.core.rmem_max).
        _socket.ReceiveBufferSize = 4 * 1024 * 1024;
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Endpoint = (IPEndPoint)_socket.LocalEndPoint!;
        _loop = Task.Run(LoopAsync);
    }

    public IPEndPoint Endpoint { get; }

    public byte[] Secret { get; }

    public FakeRadiusMode Mode
    {
        get => (FakeRadiusMode)Volatile.Read(ref _mode);
        set => Volatile.Write(ref _mode, (int)value);
    }

    /// <summary>Custom answer: (request, secret) → reply bytes, or null for silence.</summary>
    public Func<byte[], byte[], byte[]?>? Reply { get; set; }

    /// <summary>Requests received so far, in order.</summary>
    public IReadOnlyList<byte[]> Received => [.. _received];

    public int Count => _received.Count;

    /// <summary>Ignore the next <paramref name="count"/> requests, then answer per <see cref="Mode"/>.</summary>
    public void SilentFor(int count) => Volatile.Write(ref _silentFor, count);

    /// <summary>Waits (10 s at most, real time) until <paramref name="count"/> requests have arrived and been answered (or ignored).</summary>
    public async Task WaitForAsync(int count)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (Volatile.Read(ref _handled) < count)
        {
            await _arrived.WaitAsync(limit.Token);
        }
    }

    /// <summary>The default answer: Accept (with Message-Authenticator) or Accounting-Response.</summary>
    public static byte[] DefaultReply(byte[] request, byte[] secret)
    {
        var code = (RadiusCode)request[0] switch
        {
            RadiusCode.AccountingRequest => RadiusCode.AccountingResponse,
            RadiusCode.DisconnectRequest => RadiusCode.DisconnectAck,
            _ => RadiusCode.AccessAccept,
        };
        return Sign(code, request, secret, code == RadiusCode.AccessAccept);
    }

    /// <summary>A signed reply without attributes besides Message-Authenticator.</summary>
    public static byte[] Sign(RadiusCode code, byte[] request, byte[] secret, bool messageAuthenticator)
    {
        var buffer = new byte[RadiusPacket.MaxLength];
        var writer = new RadiusPacketWriter(buffer, code, request[1], new byte[16]);
        if (messageAuthenticator)
        {
            writer.AddMessageAuthenticator();
        }

        int length = writer.Finish();
        RadiusAuthenticator.SignResponse(buffer.AsSpan(0, length), request.AsSpan(4, 16), secret);
        return buffer[..length];
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
        _arrived.Dispose();
    }

    private async Task LoopAsync()
    {
        var buffer = new byte[65535];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult result;
            try
            {
                result = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            var request = buffer[..result.ReceivedBytes];
            byte[]? reply = null;
            if (Interlocked.Decrement(ref _silentFor) < 0)
            {
                Interlocked.Exchange(ref _silentFor, 0);
                reply = Mode switch
                {
                    FakeRadiusMode.Answer => (Reply ?? ((r, s) => DefaultReply(r, s)))(request, Secret),
                    FakeRadiusMode.WrongSecret => (Reply ?? ((r, s) => DefaultReply(r, s)))(request, "not-the-secret"u8.ToArray()),
                    _ => null,
                };
            }

            // Recorded before the answer goes out (a test that has the answer also sees the request), counted as
            // handled after it (a test that waited for the count knows the answer is on its way).
            _received.Enqueue(request);
            if (reply is not null)
            {
                await _socket.SendToAsync(reply, SocketFlags.None, result.RemoteEndPoint);
            }

            Interlocked.Increment(ref _handled);
            _arrived.Release();
        }
    }
}
