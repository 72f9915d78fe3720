using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Sstp.E2E.Tests.Client;

/// <summary>
/// A server certificate the client must not accept (wrong pin, or not issued by the CA given with <c>--ca</c>) is
/// refused during the TLS handshake, before any HTTP request or credential leaves the client: exit code 4, a TLS
/// message, and the server's log shows only a failed TLS handshake from the client.
/// </summary>
public sealed class ClientCertificateTests
{
    private const string Password = "alice-secret";
    private static readonly Dictionary<string, string> Users = new() { ["alice"] = Password };

    [Fact(Timeout = 120_000)]
    public async Task WrongPin_Exit4BeforeAnyCredential_ServerLogsOnlyTlsFailure()
    {
        ClientE2E.RequireRoot();
        await using var net = await NamespacePair.CreateAsync();
        await using var server = await StartServerAsync(net);

        // The right hash with its last byte changed.
        string wrongPin = server.PinSha256[..^2] + (server.PinSha256[^2..] == "00" ? "01" : "00");
        await AssertRefusedBeforeCredentialsAsync(net, server, "--pin-sha256", wrongPin);
    }

    [Fact(Timeout = 120_000)]
    public async Task WrongCa_Exit4BeforeAnyCredential_ServerLogsOnlyTlsFailure()
    {
        ClientE2E.RequireRoot();
        await using var net = await NamespacePair.CreateAsync();
        await using var server = await StartServerAsync(net);

        // Another self-signed CA, which did not issue the server's certificate.
        string caFile = Path.Combine(Path.GetTempPath(), $"sstp-ce-ca-{Guid.NewGuid():N}.pem");
        using (var key = ECDsa.Create(ECCurve.NamedCurves.nistP256))
        {
            var request = new CertificateRequest("CN=not the server's CA", key, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            using var ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
            await File.WriteAllTextAsync(caFile, ca.ExportCertificatePem(), TestContext.Current.CancellationToken);
        }

        try
        {
            await AssertRefusedBeforeCredentialsAsync(net, server, "--ca", caFile);
        }
        finally
        {
            File.Delete(caFile);
        }
    }

    private static Task<NamespaceServer> StartServerAsync(NamespacePair net) =>
        NamespaceServer.StartAsync(net, Users, $"{NamespacePair.ServerIPv4}:443", "--pool4", "10.88.0.0/24", "--auth", "mschapv2", "--log-level", "Debug");

    private static async Task AssertRefusedBeforeCredentialsAsync(NamespacePair net, NamespaceServer server, params string[] validation)
    {
        int mark = server.Lines.Count;
        await using var client = ClientE2E.StartClient(net.ClientNs, NamespacePair.ServerIPv4, "alice", Password, validation);

        Assert.Equal(4, await client.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("TLS with 192.0.2.1 failed, nothing was sent", client.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("tunnel up", client.Output, StringComparison.Ordinal);
        Assert.False(await ClientE2E.LinkExistsAsync(net.ClientNs, "sstpc0"));

        // .NET on Linux checks the server certificate once OpenSSL has finished the handshake, so the server sees a
        // complete TLS handshake and then the connection closing before any HTTP request: "TLS handshake failed" if
        // the alert comes first, else a session that fails with TransportLost, no user, 0 bytes of SSTP.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        string peer = $"from {NamespacePair.ClientIPv4}:";
        while (!server.Lines.Skip(mark).Any(IsTlsEnd) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        // Give a late line the chance to show up, then: nothing past TLS happened with this client.
        await Task.Delay(1000, TestContext.Current.CancellationToken);
        var after = server.Lines.Skip(mark).ToList();
        Assert.True(after.Any(IsTlsEnd), "the server logged no end of this TLS connection:\n" + string.Join('\n', after));
        foreach (string forbidden in (string[])["HTTP request refused", "authentication", "user alice", " up:", "correlation"])
        {
            Assert.DoesNotContain(after, l => l.Contains(forbidden, StringComparison.OrdinalIgnoreCase));
        }

        Assert.All(after.Where(l => l.Contains(" closed: ", StringComparison.Ordinal)), l => Assert.Contains("in 0 B / 0 pkts", l, StringComparison.Ordinal));

        bool IsTlsEnd(string line) =>
            line.Contains($"TLS handshake with {NamespacePair.ClientIPv4}:", StringComparison.Ordinal)
            || (line.Contains("failed: TransportLost", StringComparison.Ordinal) && line.Contains($"user - {peer}", StringComparison.Ordinal));
    }
}
