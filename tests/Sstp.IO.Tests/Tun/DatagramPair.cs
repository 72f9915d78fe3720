using System.Net.Sockets;

namespace Sstp.IO.Tests.Tun;

/// <summary>
/// Two bound Unix datagram sockets in a temp directory: a stand-in for a TUN fd, since each read(2) on the
/// receiving socket returns exactly one datagram, as a TUN read returns one packet. Needs no privileges.
/// </summary>
internal sealed class DatagramPair : IDisposable
{
    private readonly string _directory;
    private readonly UnixDomainSocketEndPoint _receiverEndPoint;

    public DatagramPair()
    {
        _directory = Path.Combine(Path.GetTempPath(), "sstp-io-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(_directory);
        _receiverEndPoint = new UnixDomainSocketEndPoint(Path.Combine(_directory, "r"));
        Receiver = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        Receiver.Bind(_receiverEndPoint);
        Sender = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        Sender.Bind(new UnixDomainSocketEndPoint(Path.Combine(_directory, "s")));
    }

    public Socket Receiver { get; }

    public Socket Sender { get; }

    public void Send(ReadOnlySpan<byte> datagram) => Sender.SendTo(datagram, SocketFlags.None, _receiverEndPoint);

    public void Dispose()
    {
        Receiver.Dispose();
        Sender.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
