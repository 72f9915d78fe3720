using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Sstp.IO.Tls;
using Sstp.Server.Configuration;
using Sstp.Server.Diagnostics;
using Sstp.Server.Hosting;
using Sstp.Server.Tests.Aaa;
using Sstp.Server.Users;

namespace Sstp.Server.Tests.Hosting;

/// <summary>
/// <see cref="SstpServer.ReloadAsync(ServerOptions, UserStore, CertificateSource?, CancellationToken)"/> on a server that is not serving (no TUN, no sockets): what it applies,
/// what it refuses, and that a refused reload leaves everything as it was.
/// </summary>
public sealed class ServerReloadTests : IAsyncDisposable
{
    private static readonly DateTimeOffset Start = new(2030, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(Start);
    private readonly ListLogger _log = new();
    private readonly CertificateSource _certificateA;
    private readonly SstpServer _server;

    public ServerReloadTests()
    {
        _certificateA = CertificateSource.CreateSelfSigned("a.test", TimeSpan.FromDays(40), _time);
        _server = new SstpServer(ServerOptions.Default, Users(("alice", null)), _certificateA, new OneLoggerFactory(_log), _time);
    }

    [Fact]
    public async Task NewUsers_AreReported_AndTheSameFileAgainIsNoChange()
    {
        var result = await _server.ReloadAsync(ServerOptions.Default, Users(("alice", null), ("bob", null)), null, CancellationToken.None);
        Assert.True(result.Succeeded, result.Error);
        Assert.Contains("users", result.Changed);

        var again = await _server.ReloadAsync(ServerOptions.Default, Users(("alice", null), ("bob", null)), null, CancellationToken.None);
        Assert.Empty(again.Changed);
        Assert.Contains(_log.Entries, e => e.EventId == 1200);
    }

    [Fact]
    public async Task BadUsers_AreRefused_AndNothingChanges()
    {
        var moved = ServerOptions.Default with { Pool = ServerOptions.Default.Pool with { Ipv4 = IPNetwork.Parse("10.99.0.0/24") } };

        // carol's static address lies outside the new pool: the whole reload is refused, pool included.
        var bad = await _server.ReloadAsync(moved, Users(("alice", null), ("carol", "10.88.0.9")), null, CancellationToken.None);

        Assert.False(bad.Succeeded);
        Assert.Contains("10.88.0.9", bad.Error, StringComparison.Ordinal);
        Assert.Contains(_log.Entries, e => e.EventId == 1202 && e.Level == LogLevel.Error && e.Message.Contains("10.88.0.9", StringComparison.Ordinal));

        // Against the state still running, the original configuration is no change at all.
        var same = await _server.ReloadAsync(ServerOptions.Default, Users(("alice", null)), null, CancellationToken.None);
        Assert.True(same.Succeeded, same.Error);
        Assert.Empty(same.Changed);
    }

    [Fact]
    public async Task NoUsersWithoutRadius_IsRefused()
    {
        var result = await _server.ReloadAsync(ServerOptions.Default, UserStore.Empty, null, CancellationToken.None);
        Assert.False(result.Succeeded);
        Assert.Contains("no users", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NewCertificate_IsUsed_AndItsStatusShown()
    {
        string before = _server.CertificateStatus.Sha256;
        var certificateB = CertificateSource.CreateSelfSigned("b.test", TimeSpan.FromDays(365), _time);

        var result = await _server.ReloadAsync(ServerOptions.Default, Users(("alice", null)), certificateB, CancellationToken.None);

        Assert.Contains("certificate", result.Changed);
        Assert.NotEqual(before, _server.CertificateStatus.Sha256);
        Assert.Equal(Convert.ToHexString(certificateB.LeafSha256.Span), _server.CertificateStatus.Sha256);
        Assert.Equal("CN=b.test", _server.CertificateStatus.Subject);
    }

    [Fact]
    public async Task SameDefaultWithANewSniCertificate_IsAChange()
    {
        // The default certificate is unchanged, but the set gained a certificate for another name: the whole
        // set is installed.
        var copy = CertificateSource.FromCertificate(
            System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12(
                _certificateA.Leaf.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pkcs12), null));
        var set = CertificateSource.WithAlternates(copy, [CertificateSource.CreateSelfSigned("b.test", TimeSpan.FromDays(365), _time)]);

        var result = await _server.ReloadAsync(ServerOptions.Default, Users(("alice", null)), set, CancellationToken.None);

        Assert.Contains("certificate", result.Changed);
    }

    [Fact]
    public async Task AnSniCertificateNearItsEnd_IsWarnedAbout()
    {
        var set = CertificateSource.WithAlternates(
            CertificateSource.CreateSelfSigned("main.test", TimeSpan.FromDays(365), _time),
            [CertificateSource.CreateSelfSigned("short.test", TimeSpan.FromDays(20), _time)]);

        await _server.ReloadAsync(ServerOptions.Default, Users(("alice", null)), set, CancellationToken.None);

        Assert.Contains(_log.Entries, e => e.EventId == 1204 && e.Message.Contains("CN=short.test", StringComparison.Ordinal));
        Assert.DoesNotContain(_log.Entries, e => e.EventId == 1204 && e.Message.Contains("CN=main.test", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SameCertificateAgain_IsKept()
    {
        var copy = CertificateSource.FromCertificate(
            System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12(
                _certificateA.Leaf.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pkcs12), null));

        var result = await _server.ReloadAsync(ServerOptions.Default, Users(("alice", null)), copy, CancellationToken.None);

        Assert.DoesNotContain("certificate", result.Changed);
        Assert.Contains(result.Kept, k => k.Contains("certificate", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ExpiryWarnings_FollowTheClock()
    {
        Assert.Equal(CertificateExpiry.Valid, _server.CertificateStatus.Expiry);         // 40 days left

        _time.Advance(TimeSpan.FromDays(15));
        await _server.ReloadAsync(ServerOptions.Default, Users(("alice", null)), null, CancellationToken.None);
        Assert.Equal(CertificateExpiry.Within30Days, _server.CertificateStatus.Expiry);
        Assert.Contains(_log.Entries, e => e.EventId == 1204 && e.Level == LogLevel.Warning && e.Message.Contains("expires in 25 days", StringComparison.Ordinal));

        _time.Advance(TimeSpan.FromDays(20));
        await _server.ReloadAsync(ServerOptions.Default, Users(("alice", null)), null, CancellationToken.None);
        Assert.Equal(CertificateExpiry.Within7Days, _server.CertificateStatus.Expiry);
        Assert.Contains(_log.Entries, e => e.EventId == 1205 && e.Level == LogLevel.Error && e.Message.Contains("expires in 5 days", StringComparison.Ordinal));

        _time.Advance(TimeSpan.FromDays(6));
        await _server.ReloadAsync(ServerOptions.Default, Users(("alice", null)), null, CancellationToken.None);
        Assert.Equal(CertificateExpiry.Expired, _server.CertificateStatus.Expiry);
        Assert.Contains(_log.Entries, e => e.EventId == 1206 && e.Level == LogLevel.Error);
    }

    [Fact]
    public async Task RestartOnlyKeys_AreLogged_AndTheRestIsApplied()
    {
        var loaded = ServerOptions.Default with
        {
            Tunnel = ServerOptions.Default.Tunnel with { Mtu = 1300 },
            Limits = ServerOptions.Default.Limits with { MaxSessions = 4 },
        };

        var result = await _server.ReloadAsync(loaded, Users(("alice", null)), null, CancellationToken.None);

        Assert.Equal(["tunnel.mtu"], result.NeedsRestart);
        Assert.Equal(["limits.max-sessions"], result.Changed);
        Assert.Contains(_log.Entries, e => e.EventId == 1201 && e.Message.Contains("tunnel.mtu", StringComparison.Ordinal));
        Assert.Contains("needs a restart: tunnel.mtu", result.ToString(), StringComparison.Ordinal);

        // The running MTU stays, so reloading the file again still reports it, and the applied limit is no change.
        var again = await _server.ReloadAsync(loaded, Users(("alice", null)), null, CancellationToken.None);
        Assert.Equal(["tunnel.mtu"], again.NeedsRestart);
        Assert.Empty(again.Changed);
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _certificateA.Dispose();
    }

    private static UserStore Users(params (string Name, string? StaticIPv4)[] users) =>
        new(users.Select(u => UserRecord.FromPassword(u.Name, "secret-" + u.Name, storeClear: false, u.StaticIPv4 is null ? null : IPAddress.Parse(u.StaticIPv4))));

    private sealed class OneLoggerFactory(ILogger logger) : ILoggerFactory
    {
        public void AddProvider(ILoggerProvider provider)
        {
        }

        public ILogger CreateLogger(string categoryName) => logger;

        public void Dispose()
        {
        }
    }
}
