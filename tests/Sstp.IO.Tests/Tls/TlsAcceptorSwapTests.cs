using System.Security.Authentication;
using Sstp.IO.Tls;

namespace Sstp.IO.Tests.Tls;

/// <summary>
/// Replacing the acceptor's certificate (a reload): handshakes after the swap present the new one, and the
/// fingerprints the server side reports (the crypto binding's input) are those of the certificate actually sent.
/// </summary>
public sealed class TlsAcceptorSwapTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact(Timeout = 20_000)]
    public async Task AfterTheSwap_NewHandshakesGetTheNewCertificate_AndReportItsHashes()
    {
        var first = TestCertificates.Localhost;
        var second = TestCertificates.Impostor;
        var acceptor = new TlsAcceptor(first);

        await using (var before = await HandshakeAsync(acceptor, first))
        {
            Assert.Equal(first.LeafSha256.ToArray(), before.ServerLeafSha256.ToArray());
        }

        acceptor.Certificate = second;
        Assert.Same(second, acceptor.Certificate);

        await using (var after = await HandshakeAsync(acceptor, second))
        {
            Assert.Equal(second.LeafSha256.ToArray(), after.ServerLeafSha256.ToArray());
            Assert.Equal(second.LeafSha1.ToArray(), after.ServerLeafSha1.ToArray());
        }

        // A client still pinned to the old certificate is refused now.
        await Assert.ThrowsAnyAsync<Exception>(() => HandshakeAsync(acceptor, first));
    }

    /// <summary>Runs one handshake with a client pinned to <paramref name="pinned"/>; returns the server's side.</summary>
    private static async Task<TlsConnection> HandshakeAsync(TlsAcceptor acceptor, CertificateSource pinned)
    {
        using var connector = new TlsConnector(new TlsConnectorOptions
        {
            TargetHost = "localhost",
            Validation = ServerCertificateValidation.PinnedSha256,
            PinnedSha256 = pinned.LeafSha256,
        });
        var (serverSide, clientSide) = DuplexPipeStream.CreatePair();
        var server = acceptor.AcceptAsync(serverSide, Ct);
        var client = connector.ConnectAsync(clientSide, Ct);
        try
        {
            await Task.WhenAll(server, client);
        }
        catch (Exception e) when (e is AuthenticationException or IOException)
        {
            // Let the other side finish before reporting (its pipe is gone too).
            await Task.WhenAny(Task.WhenAll(server, client), Task.Delay(TimeSpan.FromSeconds(5), Ct));
            throw;
        }

        await (await client).DisposeAsync();
        return await server;
    }
}
