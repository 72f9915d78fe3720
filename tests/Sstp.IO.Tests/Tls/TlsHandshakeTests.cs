using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using Microsoft.Extensions.Time.Testing;
using Sstp.IO.Tls;

namespace Sstp.IO.Tests.Tls;

/// <summary>
/// TlsAcceptor ↔ TlsConnector over in-memory pipes and loopback TCP. The fingerprints both ends report are
/// the inputs of the SSTP crypto binding (SSTP.md §8.2), so they must be equal and equal the server's own.
/// </summary>
public sealed class TlsHandshakeTests : IDisposable
{
    private readonly string _directory;

    public TlsHandshakeTests()
    {
        _directory = Path.Combine(Path.GetTempPath(), "sstp-io-tls-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(_directory);
    }

    public static TheoryData<SslProtocols> Versions => new() { SslProtocols.Tls12, SslProtocols.Tls13 };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory(Timeout = 20_000)]
    [MemberData(nameof(Versions))]
    public async Task InMemory_PinnedClient_NegotiatesVersionMovesDataAndAgreesOnHashes(SslProtocols version)
    {
        var source = TestCertificates.Localhost;
        var acceptor = new TlsAcceptor(source, new TlsAcceptorOptions { EnabledProtocols = version });
        using var connector = new TlsConnector(new TlsConnectorOptions
        {
            TargetHost = "localhost",
            Validation = ServerCertificateValidation.PinnedSha256,
            PinnedSha256 = source.LeafSha256,
        });
        var (serverSide, clientSide) = DuplexPipeStream.CreatePair();
        var (server, client) = await HandshakeAsync(acceptor, serverSide, connector, clientSide);
        await using (server)
        await using (client)
        {
            AssertAgreed(source, version, server, client);
            await AssertDataBothWaysAsync(server, client);
        }
    }

    [Theory(Timeout = 20_000)]
    [MemberData(nameof(Versions))]
    public async Task LoopbackTcp_CaFileClient_NegotiatesVersionMovesDataAndAgreesOnHashes(SslProtocols version)
    {
        var source = TestCertificates.Localhost;
        string caFile = TestCertificates.WritePem(_directory, "ca.pem", source.Leaf);
        var acceptor = new TlsAcceptor(source, new TlsAcceptorOptions { EnabledProtocols = version });
        using var connector = new TlsConnector(new TlsConnectorOptions
        {
            TargetHost = "localhost",
            Validation = ServerCertificateValidation.CustomCa,
            CaFile = caFile,
        });

        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            using var tcpClient = new TcpClient(AddressFamily.InterNetwork);
            var accept = listener.AcceptTcpClientAsync(Ct).AsTask();
            await tcpClient.ConnectAsync(IPAddress.Loopback, port, Ct);
            using var tcpServer = await accept;
            var (server, client) = await HandshakeAsync(acceptor, tcpServer.GetStream(), connector, tcpClient.GetStream());
            await using (server)
            await using (client)
            {
                AssertAgreed(source, version, server, client);
                await AssertDataBothWaysAsync(server, client);
            }
        }
        finally
        {
            listener.Stop();
        }
    }

    [Theory(Timeout = 20_000)]
    [MemberData(nameof(Versions))]
    public async Task Chain_ServerSendsIntermediate_ClientTrustingOnlyRootAccepts(SslProtocols version)
    {
        var (root, source) = TestCertificates.Chain;
        string caFile = TestCertificates.WritePem(_directory, "root.pem", root);
        var acceptor = new TlsAcceptor(source, new TlsAcceptorOptions { EnabledProtocols = version });
        using var connector = new TlsConnector(new TlsConnectorOptions
        {
            TargetHost = "localhost",
            Validation = ServerCertificateValidation.CustomCa,
            CaFile = caFile,
        });
        var (serverSide, clientSide) = DuplexPipeStream.CreatePair();
        var (server, client) = await HandshakeAsync(acceptor, serverSide, connector, clientSide);
        await using (server)
        await using (client)
        {
            AssertAgreed(source, version, server, client);
        }
    }

    [Fact(Timeout = 20_000)]
    public async Task PinMismatch_ClientRefuses()
    {
        using var connector = new TlsConnector(new TlsConnectorOptions
        {
            TargetHost = "localhost",
            Validation = ServerCertificateValidation.PinnedSha256,
            PinnedSha256 = TestCertificates.Impostor.LeafSha256,
        });
        await AssertRefusedAsync(TestCertificates.Localhost, connector);
    }

    [Fact(Timeout = 20_000)]
    public async Task WrongCaFile_ClientRefuses()
    {
        string caFile = TestCertificates.WritePem(_directory, "other-ca.pem", TestCertificates.Impostor.Leaf);
        using var connector = new TlsConnector(new TlsConnectorOptions
        {
            TargetHost = "localhost",
            Validation = ServerCertificateValidation.CustomCa,
            CaFile = caFile,
        });
        await AssertRefusedAsync(TestCertificates.Localhost, connector);
    }

    [Fact(Timeout = 20_000)]
    public async Task CaFile_HostNameMismatch_ClientRefuses()
    {
        string caFile = TestCertificates.WritePem(_directory, "ca.pem", TestCertificates.Localhost.Leaf);
        using var connector = new TlsConnector(new TlsConnectorOptions
        {
            TargetHost = "vpn.example.org",
            Validation = ServerCertificateValidation.CustomCa,
            CaFile = caFile,
        });
        await AssertRefusedAsync(TestCertificates.Localhost, connector);
    }

    [Fact(Timeout = 20_000)]
    public async Task SystemTrust_SelfSigned_ClientRefuses()
    {
        using var connector = new TlsConnector(new TlsConnectorOptions { TargetHost = "localhost" });
        await AssertRefusedAsync(TestCertificates.Localhost, connector);
    }

    [Fact(Timeout = 20_000)]
    public async Task Insecure_AcceptsUnrelatedNameAndUntrustedCertificate()
    {
        var source = TestCertificates.Localhost;
        using var connector = new TlsConnector(new TlsConnectorOptions
        {
            TargetHost = "vpn.example.org",
            Validation = ServerCertificateValidation.Insecure,
        });
        var (serverSide, clientSide) = DuplexPipeStream.CreatePair();
        var (server, client) = await HandshakeAsync(new TlsAcceptor(source), serverSide, connector, clientSide);
        await using (server)
        await using (client)
        {
            Assert.Equal(source.LeafSha256.ToArray(), client.ServerLeafSha256.ToArray());
        }
    }

    [Theory(Timeout = 20_000)]
    [InlineData("vpn.example.org", "vpn.example.org")]
    [InlineData("127.0.0.1", "")]
    [InlineData("::1", "")]
    public async Task Sni_SentForNamesNotForIpLiterals(string targetHost, string serverSees)
    {
        using var connector = new TlsConnector(new TlsConnectorOptions
        {
            TargetHost = targetHost,
            Validation = ServerCertificateValidation.Insecure,
        });
        var (serverSide, clientSide) = DuplexPipeStream.CreatePair();
        var (server, client) = await HandshakeAsync(new TlsAcceptor(TestCertificates.Localhost), serverSide, connector, clientSide);
        await using (server)
        await using (client)
        {
            Assert.Equal(serverSees, server.ServerName);
        }
    }

    [Fact(Timeout = 20_000)]
    public async Task Acceptor_SilentClient_TimesOutOnTheGivenClock()
    {
        var clock = new FakeTimeProvider();
        var acceptor = new TlsAcceptor(TestCertificates.Localhost, new TlsAcceptorOptions
        {
            HandshakeTimeout = TimeSpan.FromSeconds(10),
            TimeProvider = clock,
        });
        var (serverSide, clientSide) = DuplexPipeStream.CreatePair();
        using (clientSide)
        {
            var accept = acceptor.AcceptAsync(serverSide, Ct);
            clock.Advance(TimeSpan.FromSeconds(9));
            Assert.False(accept.IsCompleted);
            clock.Advance(TimeSpan.FromSeconds(2));
            await Assert.ThrowsAsync<TimeoutException>(() => accept);
        }
    }

    [Fact(Timeout = 20_000)]
    public async Task Connector_SilentServer_TimesOutOnTheGivenClock()
    {
        var clock = new FakeTimeProvider();
        using var connector = new TlsConnector(new TlsConnectorOptions
        {
            TargetHost = "localhost",
            Validation = ServerCertificateValidation.Insecure,
            HandshakeTimeout = TimeSpan.FromSeconds(5),
            TimeProvider = clock,
        });
        var (serverSide, clientSide) = DuplexPipeStream.CreatePair();
        using (serverSide)
        {
            var connect = connector.ConnectAsync(clientSide, Ct);
            clock.Advance(TimeSpan.FromSeconds(6));
            await Assert.ThrowsAsync<TimeoutException>(() => connect);
        }
    }

    [Fact(Timeout = 20_000)]
    public async Task Acceptor_CallerCancels_ThrowsOperationCanceledNotTimeout()
    {
        var acceptor = new TlsAcceptor(TestCertificates.Localhost);
        var (serverSide, clientSide) = DuplexPipeStream.CreatePair();
        using (clientSide)
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            var accept = acceptor.AcceptAsync(serverSide, cts.Token);
            await cts.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => accept);
        }
    }

    [Fact(Timeout = 20_000)]
    public async Task Acceptor_ClientHangsUp_ThrowsIoOrAuthenticationException()
    {
        var acceptor = new TlsAcceptor(TestCertificates.Localhost);
        var (serverSide, clientSide) = DuplexPipeStream.CreatePair();
        var accept = acceptor.AcceptAsync(serverSide, Ct);
        await clientSide.WriteAsync("\x16\x03\x01"u8.ToArray(), Ct);
        await clientSide.DisposeAsync();
        var e = await Assert.ThrowsAnyAsync<Exception>(() => accept);
        Assert.True(e is IOException or AuthenticationException, e.GetType().Name);
    }

    [Fact(Timeout = 10_000)]
    public void Connector_CustomCaWithoutFile_Throws() =>
        Assert.Throws<ArgumentException>(() => new TlsConnector(new TlsConnectorOptions
        {
            TargetHost = "localhost",
            Validation = ServerCertificateValidation.CustomCa,
        }));

    [Theory(Timeout = 10_000)]
    [InlineData(0)]
    [InlineData(20)]
    [InlineData(33)]
    public void Connector_PinNot32Bytes_Throws(int length) =>
        Assert.Throws<ArgumentException>(() => new TlsConnector(new TlsConnectorOptions
        {
            TargetHost = "localhost",
            Validation = ServerCertificateValidation.PinnedSha256,
            PinnedSha256 = new byte[length],
        }));

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static async Task<(TlsConnection Server, TlsConnection Client)> HandshakeAsync(
        TlsAcceptor acceptor, Stream serverSide, TlsConnector connector, Stream clientSide)
    {
        var server = acceptor.AcceptAsync(serverSide, Ct);
        var client = connector.ConnectAsync(clientSide, Ct);
        await Task.WhenAll(server, client);
        return (await server, await client);
    }

    private static void AssertAgreed(CertificateSource source, SslProtocols version, TlsConnection server, TlsConnection client)
    {
        Assert.Equal(version, server.Protocol);
        Assert.Equal(version, client.Protocol);
        Assert.Equal(server.CipherSuite, client.CipherSuite);

        // SSTP.md §8.2: the client's hash of the presented leaf equals the server's hash of its own leaf.
        Assert.Equal(20, client.ServerLeafSha1.Length);
        Assert.Equal(32, client.ServerLeafSha256.Length);
        Assert.Equal(server.ServerLeafSha1.ToArray(), client.ServerLeafSha1.ToArray());
        Assert.Equal(server.ServerLeafSha256.ToArray(), client.ServerLeafSha256.ToArray());
        Assert.Equal(source.LeafSha256.ToArray(), client.ServerLeafSha256.ToArray());
        Assert.Equal(source.LeafSha1.ToArray(), client.ServerLeafSha1.ToArray());
    }

    private static async Task AssertDataBothWaysAsync(TlsConnection server, TlsConnection client)
    {
        byte[] up = new byte[5000];
        byte[] down = new byte[300];
        Random.Shared.NextBytes(up);
        Random.Shared.NextBytes(down);

        await client.Stream.WriteAsync(up, Ct);
        byte[] received = new byte[up.Length];
        await server.Stream.ReadExactlyAsync(received, Ct);
        Assert.Equal(up, received);

        await server.Stream.WriteAsync(down, Ct);
        received = new byte[down.Length];
        await client.Stream.ReadExactlyAsync(received, Ct);
        Assert.Equal(down, received);
    }

    private static async Task AssertRefusedAsync(CertificateSource serverCertificate, TlsConnector connector)
    {
        var (serverSide, clientSide) = DuplexPipeStream.CreatePair();
        var server = new TlsAcceptor(serverCertificate).AcceptAsync(serverSide, Ct);
        var client = connector.ConnectAsync(clientSide, Ct);
        await Assert.ThrowsAsync<AuthenticationException>(() => client);

        // The client's failure ends the server's handshake too (alert or end of stream), never a hang.
        clientSide.Dispose();
        var serverError = await Record.ExceptionAsync(() => server);
        if (serverError is null)
        {
            // TLS 1.3: the server may finish before the client judges the certificate; its first read fails.
            await using var connection = await server;
            int read = -1;
            var e = await Record.ExceptionAsync(async () => read = await connection.Stream.ReadAsync(new byte[1], Ct));
            Assert.True(e is not null || read == 0, "the server read application data from a refused client");
        }
        else
        {
            Assert.True(serverError is IOException or AuthenticationException, serverError.GetType().Name);
        }
    }
}
