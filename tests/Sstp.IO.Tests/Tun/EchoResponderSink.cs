using System.Net;
using Sstp.IO.Tun;

namespace Sstp.IO.Tests.Tun;

/// <summary>
/// Plays the host at the far end of the tunnel: every ICMP echo request to <c>peer</c> that the reader
/// delivers is counted and answered by writing the echo reply back into the TUN device.
/// </summary>
internal sealed class EchoResponderSink(ITunDevice device, IPAddress peer, int headroom) : ITunPacketSink
{
    private readonly TaskCompletionSource _requestSeen = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _requests;
    private int _otherPackets;

    public Task RequestSeen => _requestSeen.Task;

    public int Requests => Volatile.Read(ref _requests);

    public int OtherPackets => Volatile.Read(ref _otherPackets);

    public Exception? StopError { get; private set; }

    public byte[] AcquireBuffer() => new byte[headroom + 2048];

    public void OnPacket(byte[] buffer, int length)
    {
        var packet = buffer.AsSpan(headroom, length);
        if (!Icmp.IsEchoRequestTo(packet, peer))
        {
            Interlocked.Increment(ref _otherPackets); // e.g. IPv6 router solicitations from the new link
            return;
        }

        Interlocked.Increment(ref _requests);
        _requestSeen.TrySetResult();
        Icmp.MakeReplyInPlace(packet);
        device.Write(packet);
    }

    public void ReleaseBuffer(byte[] buffer)
    {
    }

    public void OnStopped(Exception? error) => StopError = error;
}
