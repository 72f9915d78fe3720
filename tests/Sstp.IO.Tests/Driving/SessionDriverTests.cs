using System.Collections.Concurrent;
using System.Net;
using Sstp.IO.Driving;
using Sstp.IO.Tests.Tls;
using Sstp.IO.Tls;
using Sstp.Protocol.Ppp;
using Sstp.Protocol.Ppp.Auth;
using Sstp.Protocol.Session;
using Sstp.Protocol.Sstp;
using Sstp.TestKit;

namespace Sstp.IO.Tests.Driving;

/// <summary>A client and a server session, each run by a real <see cref="SessionDriver"/>, over real TLS in memory.</summary>
public class SessionDriverTests
{
    private sealed class RecordingHost(bool server, string password) : ISessionHost
    {
        public ConcurrentQueue<SessionEvent> Events { get; } = new();

        public ConcurrentQueue<byte[]> Packets { get; } = new();

        public TaskCompletionSource<TunnelInfo> Up { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource<byte[]> FirstPacket { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void OnEvent(SessionDriver driver, SessionEvent sessionEvent)
        {
            Events.Enqueue(sessionEvent);
            switch (sessionEvent)
            {
                case SessionEvent.AuthenticationRequested { Request: MsChapV2Request request } when server:
                    // Answer later, from another thread, as a RADIUS round trip would.
                    _ = Task.Run(() => driver.Post(s => ((ServerSession)s).CompleteAuthentication(
                        MsChapV2Verifier.Verify(password.AsSpan(), request), driver.Now)));
                    break;
                case SessionEvent.AddressesRequested when server:
                    ((ServerSession)driver.Session).AssignAddresses(
                        new SessionAddresses { LocalIPv4 = IPAddress.Parse("10.88.0.1"), PeerIPv4 = IPAddress.Parse("10.88.0.9") },
                        driver.Now);
                    break;
                case SessionEvent.TunnelUp up:
                    Up.TrySetResult(up.Info);
                    break;
            }
        }

        public void OnPacket(SessionDriver driver, Span<byte> packet, PppProtocol protocol)
        {
            Packets.Enqueue(packet.ToArray());
            FirstPacket.TrySetResult(packet.ToArray());
        }
    }

    private static async Task<(SessionDriver Server, SessionDriver Client, RecordingHost ServerHost, RecordingHost ClientHost, Task<DisconnectReason> ServerRun, Task<DisconnectReason> ClientRun, CancellationTokenSource ServerStop, CancellationTokenSource ClientStop, Stream ClientStream)> StartAsync(string clientPassword, Action<SessionDriver>? serverSetupObserver = null)
    {
        var (serverSide, clientSide) = DuplexPipeStream.CreatePair();
        var certificate = TestCertificates.Localhost;
        var acceptor = new TlsAcceptor(certificate);
        using var connector = new TlsConnector(new TlsConnectorOptions
        {
            TargetHost = "localhost",
            Validation = ServerCertificateValidation.PinnedSha256,
            PinnedSha256 = certificate.LeafSha256.ToArray(),
        });
        var serverTls = acceptor.AcceptAsync(serverSide, CancellationToken.None);
        var clientTls = await connector.ConnectAsync(clientSide, CancellationToken.None);
        var serverConnection = await serverTls;

        var serverSettings = new ServerSessionSettings
        {
            Sstp = new SstpServerSettings { CertHashesSha1 = [certificate.LeafSha1.ToArray()], CertHashesSha256 = [certificate.LeafSha256.ToArray()] },
            EnableIpv6 = false,
        };
        var clientSettings = new ClientSessionSettings
        {
            Host = "localhost",
            Credentials = new AuthPeerSettings("alice", clientPassword),
            Sstp = new SstpClientSettings { ServerCertHashSha1 = clientTls.ServerLeafSha1, ServerCertHashSha256 = clientTls.ServerLeafSha256 },
            EnableIpv6 = false,
        };
        var time = TimeProvider.System;
        var serverHost = new RecordingHost(server: true, "correct horse");
        var clientHost = new RecordingHost(server: false, clientPassword);
        var server = new SessionDriver(new ServerSession(serverSettings, new SeededRandom(1), TimeSpan.Zero, DateTimeOffset.UnixEpoch), serverConnection.Stream, serverHost, time) { SetupObserver = serverSetupObserver };
        var client = new SessionDriver(new ClientSession(clientSettings, new SeededRandom(2), TimeSpan.Zero), clientTls.Stream, clientHost, time);
        var serverStop = new CancellationTokenSource();
        var clientStop = new CancellationTokenSource();
        return (server, client, serverHost, clientHost, server.RunAsync(serverStop.Token), client.RunAsync(clientStop.Token), serverStop, clientStop, clientSide);
    }

    [Fact]
    public async Task OverTls_TunnelComesUp_PacketsFlow_AndGracefulCloseEndsBoth()
    {
        var timeout = TestContext.Current.CancellationToken;
        var t = await StartAsync("correct horse");

        var serverInfo = await t.ServerHost.Up.Task.WaitAsync(TimeSpan.FromSeconds(20), timeout);
        var clientInfo = await t.ClientHost.Up.Task.WaitAsync(TimeSpan.FromSeconds(20), timeout);
        Assert.Equal(IPAddress.Parse("10.88.0.9"), clientInfo.LocalIPv4);
        Assert.Equal(CryptoBindingResult.Ok, serverInfo.BindingResult);

        var buffer = new byte[DataPath.Headroom + 100];
        buffer[DataPath.Headroom] = 0x45;
        var rented = System.Buffers.ArrayPool<byte>.Shared.Rent(buffer.Length);
        buffer.CopyTo(rented, 0);
        Assert.True(t.Client.TrySendData(rented, 100));
        var packet = await t.ServerHost.FirstPacket.Task.WaitAsync(TimeSpan.FromSeconds(10), timeout);
        Assert.Equal(100, packet.Length);
        Assert.Equal(100, t.Server.Traffic.BytesIn);

        await t.ClientStop.CancelAsync();
        var clientReason = await t.ClientRun.WaitAsync(TimeSpan.FromSeconds(20), timeout);
        var serverReason = await t.ServerRun.WaitAsync(TimeSpan.FromSeconds(20), timeout);
        Assert.Equal(DisconnectReason.LocalClose, clientReason);
        Assert.True(serverReason.IsNormal(), serverReason.ToString());
    }

    [Fact]
    public async Task SetupObserver_SeesTheHttpRequestAndSstpNegotiation_AndStopsOnceCleared()
    {
        var timeout = TestContext.Current.CancellationToken;
        var states = new ConcurrentQueue<(bool HaveRequest, SstpState State)>();
        int calls = 0;
        void Observe(SessionDriver driver)
        {
            Interlocked.Increment(ref calls);
            var session = (ServerSession)driver.Session;
            states.Enqueue((session.Request is not null, session.Sstp.State));
            if (session.Sstp.State == SstpState.ServerCallConnected)
            {
                driver.SetupObserver = null;
            }
        }

        var t = await StartAsync("correct horse", Observe);
        await t.ServerHost.Up.Task.WaitAsync(TimeSpan.FromSeconds(20), timeout);
        await t.ClientHost.Up.Task.WaitAsync(TimeSpan.FromSeconds(20), timeout);
        // The observer runs at the end of the round that raised TunnelUp: wait for its last call.
        using (var wait = CancellationTokenSource.CreateLinkedTokenSource(timeout))
        {
            wait.CancelAfter(TimeSpan.FromSeconds(10));
            while (!states.Any(s => s.State == SstpState.ServerCallConnected))
            {
                await Task.Delay(10, wait.Token);
            }
        }

        int atUp = Volatile.Read(ref calls);
        var rented = System.Buffers.ArrayPool<byte>.Shared.Rent(DataPath.Headroom + 100);
        rented[DataPath.Headroom] = 0x45;
        Assert.True(t.Client.TrySendData(rented, 100));
        await t.ServerHost.FirstPacket.Task.WaitAsync(TimeSpan.FromSeconds(10), timeout);

        Assert.Contains(states, s => s.HaveRequest && s.State == SstpState.ServerCallConnectedPending);
        Assert.Contains(states, s => s.State == SstpState.ServerCallConnected);
        Assert.Equal(atUp, Volatile.Read(ref calls));
        await t.ClientStop.CancelAsync();
        await t.ServerRun.WaitAsync(TimeSpan.FromSeconds(20), timeout);
    }

    [Fact]
    public async Task OverTls_WrongPassword_BothEndWithAuthenticationFailed()
    {
        var timeout = TestContext.Current.CancellationToken;
        var t = await StartAsync("wrong");

        var clientReason = await t.ClientRun.WaitAsync(TimeSpan.FromSeconds(30), timeout);
        var serverReason = await t.ServerRun.WaitAsync(TimeSpan.FromSeconds(30), timeout);
        Assert.Equal(DisconnectReason.AuthenticationFailed, clientReason);
        Assert.Equal(DisconnectReason.AuthenticationFailed, serverReason);
        var closed = t.ClientHost.Events.OfType<SessionEvent.Closed>().Single();
        Assert.Contains("691", closed.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TransportDrops_ServerEndsWithTransportLost()
    {
        var timeout = TestContext.Current.CancellationToken;
        var t = await StartAsync("correct horse");
        await t.ServerHost.Up.Task.WaitAsync(TimeSpan.FromSeconds(20), timeout);

        // Kill the client's transport without any goodbye (no LCP Terminate, no Call Disconnect).
        await t.ClientStream.DisposeAsync();

        var serverReason = await t.ServerRun.WaitAsync(TimeSpan.FromSeconds(20), timeout);
        Assert.Equal(DisconnectReason.TransportLost, serverReason);
    }
}
