using System.Net;
using System.Net.Sockets;
using Sstp.Protocol.Radius;
using Sstp.Server.Aaa;

namespace Sstp.Server.Tests.Aaa;

/// <summary>A listener on 127.0.0.1 with a fake session table, a manual clock and a DAC socket on 127.0.0.1.</summary>
internal sealed class DasHarness : IAsyncDisposable
{
    public static readonly byte[] Secret = "das-test-secret"u8.ToArray();

    private readonly CancellationTokenSource _stop = new();
    private readonly Task _run;

    public DasHarness(RadiusNasAttributes? nas = null, IReadOnlyList<DasClient>? clients = null)
    {
        Listener = new DynamicAuthorizationListener(
            new IPEndPoint(IPAddress.Loopback, 0), clients ?? [new DasClient(IPAddress.Loopback, Secret)], Sessions, Logger, nas, Time);
        _run = Listener.RunAsync(_stop.Token);
        Client = Bind(IPAddress.Loopback);
    }

    public DasFakeSessions Sessions { get; } = new();

    public DasCapturingLogger Logger { get; } = new();

    public DasManualTime Time { get; } = new();

    public DynamicAuthorizationListener Listener { get; }

    public Socket Client { get; }

    public Task Run => _run;

    public static Socket Bind(IPAddress address)
    {
        var socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(address, 0));
        return socket;
    }

    public void Send(byte[] packet, Socket? from = null) => (from ?? Client).SendTo(packet, Listener.LocalEndPoint);

    /// <summary>The next datagram on <paramref name="on"/>; fails after 5 s (a lost answer, never a normal path).</summary>
    public async Task<byte[]> ReceiveAsync(Socket? on = null)
    {
        var buffer = new byte[4096];
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        var result = await (on ?? Client).ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), timeout.Token);
        return buffer[..result.ReceivedBytes];
    }

    /// <summary>Sends <paramref name="request"/> and returns the answer, its signature already checked.</summary>
    public async Task<byte[]> ExchangeAsync(byte[] request)
    {
        Send(request);
        var answer = await ReceiveAsync();
        DasTestPacket.AssertSigned(answer, request, Secret);
        return answer;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _run;
        await Listener.DisposeAsync();
        Client.Dispose();
        _stop.Dispose();
    }
}
