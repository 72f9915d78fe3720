using Sstp.IO.Driving;
using Sstp.Protocol.Ppp;
using Sstp.Protocol.Session;

namespace Sstp.Client.Bench;

/// <summary>
/// The session host of a load-generator session: it records when the tunnel came up and how the session ended,
/// never creates a TUN device, and drops every IP packet the server sends (counted).
/// </summary>
internal sealed class BenchSessionHost : ISessionHost
{
    private readonly TaskCompletionSource<TunnelInfo?> _up = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _dropped;

    /// <summary>Completes with the tunnel's parameters at TunnelUp, or with null when the session closed before that.</summary>
    public Task<TunnelInfo?> Up => _up.Task;

    /// <summary>How the session ended, once it did.</summary>
    public SessionEvent.Closed? Closed { get; private set; }

    /// <summary>IP packets from the server that were dropped (there is no TUN device).</summary>
    public long DroppedPackets => Interlocked.Read(ref _dropped);

    public void OnEvent(SessionDriver driver, SessionEvent sessionEvent)
    {
        switch (sessionEvent)
        {
            case SessionEvent.TunnelUp up:
                _up.TrySetResult(up.Info);
                break;
            case SessionEvent.Closed closed:
                Closed = closed;
                _up.TrySetResult(null);
                break;
            default:
                break;
        }
    }

    public void OnPacket(SessionDriver driver, Span<byte> packet, PppProtocol protocol) => Interlocked.Increment(ref _dropped);
}
