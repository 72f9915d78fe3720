using System.Collections.Concurrent;
using System.Net.Sockets;
using Sstp.IO.Driving;
using Sstp.IO.Primitives;
using Sstp.IO.Tls;
using Sstp.Protocol.Ppp;
using Sstp.Protocol.Ppp.Auth;
using Sstp.Protocol.Session;
using Sstp.Protocol.Sstp;

namespace Sstp.E2E.Tests.Hostile;

/// <summary>
/// A well-behaved client: our own <see cref="ClientSession"/> driven by a <see cref="SessionDriver"/> over TLS
/// into the guest's namespace, authenticating with MS-CHAPv2. It runs until the tunnel is up (then hangs up
/// gracefully) or until the session ends on its own.
/// </summary>
internal static class GoodClient
{
    /// <summary>How one run ended.</summary>
    /// <param name="Up">The tunnel as the client saw it when it came up, or null.</param>
    /// <param name="Reason">Why the client session ended.</param>
    /// <param name="Detail">The detail of the client's Closed event.</param>
    /// <param name="PeerInLog">Our end of the TCP connection, as the server logs it.</param>
    /// <param name="Received">Every plaintext byte the server sent (HTTP answer, then SSTP packets).</param>
    /// <param name="Corrupted">True when the CALL_CONNECTED went out with a corrupted Compound MAC.</param>
    public sealed record Outcome(TunnelInfo? Up, DisconnectReason Reason, string Detail, string PeerInLog, byte[] Received, bool Corrupted);

    /// <summary>Connects as <paramref name="user"/>; with <paramref name="corruptBinding"/> the crypto binding is made to fail.</summary>
    public static async Task<Outcome> RunAsync(int port, string user, string password, bool corruptBinding, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var socket = await NamespaceSocket.ConnectAsync(port, TimeSpan.FromSeconds(10));
        string peer = socket.LocalEndPoint!.ToString()!;
        var network = new NetworkStream(socket, ownsSocket: true);
        using var connector = new TlsConnector(new TlsConnectorOptions
        {
            TargetHost = Interop.ServerAddress,
            Validation = ServerCertificateValidation.Insecure,
            HandshakeTimeout = TimeSpan.FromSeconds(10),
        });
        TlsConnection tls;
        try
        {
            tls = await connector.ConnectAsync(network, cancellationToken);
        }
        catch
        {
            await network.DisposeAsync();
            throw;
        }

        await using var stream = new TamperingStream(tls.Stream, corruptBinding);
        var settings = new ClientSessionSettings
        {
            Host = Interop.ServerAddress,
            Credentials = new AuthPeerSettings(user, password),
            Sstp = new SstpClientSettings { ServerCertHashSha1 = tls.ServerLeafSha1, ServerCertHashSha256 = tls.ServerLeafSha256 },
            EnableIpv6 = false,
        };
        var host = new Host();
        var driver = new SessionDriver(new ClientSession(settings, CryptoRandom.Instance, TimeSpan.Zero), stream, host, TimeProvider.System);
        using var stop = new CancellationTokenSource();
        var run = driver.RunAsync(stop.Token);

        // Hang up as soon as the tunnel is up; a failing run ends by itself.
        var first = await Task.WhenAny(host.Up.Task, run).WaitAsync(timeout, cancellationToken);
        if (first == host.Up.Task)
        {
            await stop.CancelAsync();
        }

        var reason = await run.WaitAsync(timeout, cancellationToken);
        var closed = host.Events.OfType<SessionEvent.Closed>().SingleOrDefault();
        return new Outcome(
            host.Up.Task.IsCompletedSuccessfully ? host.Up.Task.Result : null,
            reason,
            closed?.Detail ?? string.Empty,
            peer,
            stream.ReadBytes,
            stream.Corrupted);
    }

    private sealed class Host : ISessionHost
    {
        public ConcurrentQueue<SessionEvent> Events { get; } = new();

        public TaskCompletionSource<TunnelInfo> Up { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void OnEvent(SessionDriver driver, SessionEvent sessionEvent)
        {
            Events.Enqueue(sessionEvent);
            if (sessionEvent is SessionEvent.TunnelUp up)
            {
                Up.TrySetResult(up.Info);
            }
        }

        public void OnPacket(SessionDriver driver, Span<byte> packet, PppProtocol protocol)
        {
            // The good client only proves the tunnel comes up; no IP traffic is expected.
        }
    }
}
