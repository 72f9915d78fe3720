using System.Net;
using System.Net.Sockets;
using Sstp.Protocol.Radius;

namespace Sstp.IO.Radius;

/// <summary>The receive loops: every datagram goes to the request registered under (source, Identifier).</summary>
public sealed partial class RadiusClient
{
    /// <summary>Largest UDP payload; anything over 4096 octets is then rejected by the parser, not truncated.</summary>
    private const int ReceiveBufferLength = 65535;

    private async Task ReceiveLoopAsync(Socket socket)
    {
        var buffer = new byte[ReceiveBufferLength];
        EndPoint any = socket.AddressFamily == AddressFamily.InterNetwork
            ? new IPEndPoint(IPAddress.Any, 0)
            : new IPEndPoint(IPAddress.IPv6Any, 0);
        var token = _stop.Token;
        while (!token.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, any, token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e)
            {
                // An ICMP error reported on the socket, for instance; the transactions' timers cover the loss.
                RadiusClientLog.ReceiveFailed(_log, e.SocketErrorCode.ToString());
                continue;
            }

            Dispatch(buffer.AsSpan(0, received.ReceivedBytes), (IPEndPoint)received.RemoteEndPoint);
        }
    }

    /// <summary>Offers a datagram to its request. Never throws on the datagram's content.</summary>
    private void Dispatch(ReadOnlySpan<byte> datagram, IPEndPoint source)
    {
        if (datagram.Length < RadiusPacket.HeaderLength || !_pending.TryGetValue((source, datagram[1]), out var pending))
        {
            Interlocked.Increment(ref _strayDatagrams);
            if (_byEndpoint.TryGetValue(source, out var known))
            {
                known.CountDroppedReply();
            }

            RadiusClientLog.StrayDatagram(_log, source, datagram.Length);
            return;
        }

        bool accepted;
        RadiusDropReason reason;
        RadiusVerifyError verifyError;
        lock (pending.Gate)
        {
            var now = Now;
            accepted = pending.Transaction.Receive(datagram, now);
            reason = pending.Transaction.LastDropReason;
            verifyError = pending.Transaction.LastVerifyError;
            if (accepted)
            {
                pending.AnsweredAt = now;
            }
        }

        if (accepted)
        {
            pending.Answered.TrySetResult();
            return;
        }

        pending.Server.CountDroppedReply();
        if (reason == RadiusDropReason.VerificationFailed)
        {
            RadiusClientLog.ReplyNotVerified(_log, source, verifyError.ToString());
        }
        else
        {
            RadiusClientLog.ReplyDropped(_log, source, reason.ToString());
        }
    }
}
