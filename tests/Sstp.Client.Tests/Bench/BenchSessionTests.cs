using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Sstp.Client.Bench;
using Sstp.IO.Tls;

namespace Sstp.Client.Tests.Bench;

public class BenchSessionTests
{
    private static BenchOptions Options(int port) => new()
    {
        Host = "127.0.0.1",
        Port = port,
        User = "bench",
        Password = "secret".ToCharArray(),
        Validation = ServerCertificateValidation.Insecure,
        SetupTimeout = TimeSpan.FromSeconds(10),
    };

    private static TlsConnector Connector() => new(new TlsConnectorOptions { TargetHost = "127.0.0.1", Validation = ServerCertificateValidation.Insecure });

    [Fact]
    public async Task SetupAsync_NothingListening_FailsAsConnectionRefused()
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        using var tls = Connector();
        await using var session = new BenchSession(Options(port), tls, new IPEndPoint(IPAddress.Loopback, port));
        var result = await session.SetupAsync(TestContext.Current.CancellationToken);
        Assert.False(result.Succeeded);
        Assert.Equal("SocketException.ConnectionRefused", result.Failure);
    }

    [Fact]
    public async Task SetupAsync_ServerClosesBeforeTls_FailsWithTheExceptionKind()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var accept = Task.Run(async () =>
        {
            using var client = await listener.AcceptTcpClientAsync(TestContext.Current.CancellationToken);
        }, TestContext.Current.CancellationToken);
        using var tls = Connector();
        await using var session = new BenchSession(Options(port), tls, new IPEndPoint(IPAddress.Loopback, port));
        var result = await session.SetupAsync(TestContext.Current.CancellationToken);
        await accept;
        Assert.Contains(result.Failure, new[] { "AuthenticationException", "IOException" });
    }

    [Fact]
    public async Task SetupAsync_ServerClosesAfterTls_FailsWithTheSessionReason()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=bench-test", key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var serve = Task.Run(async () =>
        {
            using var client = await listener.AcceptTcpClientAsync(TestContext.Current.CancellationToken);
            await using var ssl = new SslStream(client.GetStream());
            await ssl.AuthenticateAsServerAsync(certificate);
            byte[] buffer = new byte[1024];
            _ = await ssl.ReadAsync(buffer, TestContext.Current.CancellationToken);
        }, TestContext.Current.CancellationToken);
        using var tls = Connector();
        await using var session = new BenchSession(Options(port), tls, new IPEndPoint(IPAddress.Loopback, port));
        var result = await session.SetupAsync(TestContext.Current.CancellationToken);
        await serve;
        Assert.Equal("TransportLost", result.Failure);
        Assert.True(session.Completion.IsCompleted);
    }
}
