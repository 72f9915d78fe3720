using System.Net;
using System.Security.Cryptography;
using Sstp.IO.Radius;
using Sstp.IO.Tls;
using Sstp.IO.Tun;
using Sstp.Protocol.Session;
using Sstp.Server.Aaa;
using Sstp.Server.Configuration;
using Sstp.Server.Diagnostics;
using Sstp.Server.Pools;
using Sstp.Server.Users;

namespace Sstp.Server.Hosting;

/// <summary>
/// Live reload: new users, pools, limits, RADIUS servers, DNS and certificate for new connections and logins,
/// while every running session keeps what it has. A reload is checked whole before anything is applied, so a
/// bad one changes nothing.
/// </summary>
public sealed partial class SstpServer
{
    /// <summary>How long a replaced RADIUS client stays open for the requests already sent on it.</summary>
    private static readonly TimeSpan RadiusDrainTime = TimeSpan.FromSeconds(30);

    private readonly Lock _addressLock = new();
    private readonly SemaphoreSlim _reloadGate = new(1, 1);
    private readonly List<CertificateSource> _reloadedCertificates = [];
    private readonly HashSet<IPNetwork> _tunNetworks = [];
    private string? _radiusSecretText;

    /// <summary>
    /// Applies a new configuration, users and (optionally) certificate to the running server. Everything is
    /// checked first; on any problem nothing changes and the result says why. Sessions already up keep their
    /// addresses (even outside a new pool, until they end), limits, RADIUS state and TLS connection. One reload
    /// runs at a time.
    /// </summary>
    /// <param name="newOptions">The configuration loaded again (file plus the same command line).</param>
    /// <param name="newUsers">The users file loaded again (<see cref="UserStore.Empty"/> with RADIUS and no file).</param>
    /// <param name="newCertificate">
    /// The certificate loaded again, or null to keep the current one. The server owns it from here: it is used
    /// when its SHA-256 differs from the current one, else disposed.
    /// </param>
    /// <param name="cancellationToken">Cancels waiting for another reload to finish.</param>
    /// <returns>What changed, what was kept, and what needs a restart.</returns>
    public async Task<ReloadResult> ReloadAsync(ServerOptions newOptions, UserStore newUsers, CertificateSource? newCertificate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(newOptions);
        ArgumentNullException.ThrowIfNull(newUsers);
        await _reloadGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var result = await ReloadCoreAsync(newOptions, newUsers, newCertificate, cancellationToken).ConfigureAwait(false);
            if (!result.Succeeded)
            {
                newCertificate?.Dispose();
                ServerLog.ReloadFailed(_log, result.Error!);
            }

            return result;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or CryptographicException
            or LinkConfigurationException or FormatException or OperationCanceledException)
        {
            newCertificate?.Dispose();
            ServerLog.ReloadFailed(_log, e.Message);
            return ReloadResult.Failed(e.Message);
        }
        finally
        {
            _reloadGate.Release();
        }
    }

    private async Task<ReloadResult> ReloadCoreAsync(ServerOptions newOptions, UserStore newUsers, CertificateSource? newCertificate, CancellationToken cancellationToken)
    {
        var running = _options;
        var diff = ReloadDiff.Compare(running, newOptions);
        var applied = diff.Applied;
        var changed = new List<string>(diff.Changed);
        var kept = new List<string>();

        // 1. Check everything that can be wrong before touching anything.
        if (!applied.Radius.Enabled && newUsers.Count == 0)
        {
            return ReloadResult.Failed($"no users in {applied.UsersFile}");
        }

        var problems = Ipv4Pool.CheckReservations(applied.Pool.Ipv4, newUsers.StaticIPv4).ToList();
        if (applied.Pool.Ipv6 is { } v6)
        {
            problems.AddRange(Ipv6PrefixPool.CheckReservations(v6, newUsers.StaticIPv6));
        }

        if (problems.Count > 0)
        {
            return ReloadResult.Failed($"{applied.UsersFile}: {string.Join("; ", problems)}");
        }

        var pool4 = new Ipv4Pool(applied.Pool.Ipv4, newUsers.StaticIPv4);
        var pool6 = applied.Pool.Ipv6 is { } prefix ? new Ipv6PrefixPool(prefix, newUsers.StaticIPv6) : null;
        var (radius, radiusChanged) = PrepareRadius(running.Radius, applied.Radius, changed);

        // 2. Kernel state for a new pool (the addresses of the old one stay for the sessions still using them).
        try
        {
            await AddTunNetworksAsync(applied, pool4, pool6, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            if (radius is not null)
            {
                await radius.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }

        // 3. Apply: from here on nothing can fail.
        if (!ReferenceEquals(_users, newUsers) && !SameUsers(_users, newUsers))
        {
            changed.Add("users");
        }

        lock (_addressLock)
        {
            AdoptLeases(pool4, pool6, kept);
            _pool4 = pool4;
            _pool6 = pool6;
            _users = newUsers;
            _options = applied;
        }

        // Per-source limits, bans and the buffered-memory cap at once; the phase deadlines are read per connection.
        ApplyProtectionLimits(applied.Limits);
        _acceptor.HandshakeTimeout = applied.Limits.TlsHandshakeTimeout;

        if (applied.Limits.MaxConcurrentHandshakes != running.Limits.MaxConcurrentHandshakes)
        {
            // Handshakes running now give back to the semaphore they took; new ones count against the new limit.
            _handshakes = new SemaphoreSlim(applied.Limits.MaxConcurrentHandshakes, applied.Limits.MaxConcurrentHandshakes);
        }

        var current = _acceptor.Certificate;
        if (newCertificate is not null && !newCertificate.SameCertificatesAs(current))
        {
            _acceptor.Certificate = newCertificate;
            lock (_reloadedCertificates)
            {
                // Handshakes that began with the one it replaces may still be running: reloaded certificates are
                // disposed with the server (the first one belongs to whoever created the server).
                _reloadedCertificates.Add(newCertificate);
            }

            current = newCertificate;
            changed.Add("certificate");
        }
        else
        {
            newCertificate?.Dispose();
            kept.Add("the certificate (unchanged)");
        }

        _sessionSettings = BuildSessionSettings(applied, current.LeafSha1, current.LeafSha256);
        if (radiusChanged && radius is not null)
        {
            SwapRadius(radius);
        }

        if (applied.Radius.Das is not null && radiusChanged)
        {
            kept.Add("radius.das answers the RADIUS clients it started with");
        }

        _certificateStatus = CertificateCheck.Check(current, _time.GetUtcNow());
        ServerLog.Reloaded(_log, changed.Count == 0 ? "nothing" : string.Join(", ", changed), kept.Count == 0 ? "-" : string.Join("; ", kept));
        foreach (string key in diff.NeedsRestart)
        {
            ServerLog.ReloadNeedsRestart(_log, key);
        }

        LogCertificateStatus(withSummary: changed.Contains("certificate"));
        return new ReloadResult { Changed = changed, Kept = kept, NeedsRestart = diff.NeedsRestart };
    }

    /// <summary>
    /// A new RADIUS client when RADIUS is on and its servers, options or secrets changed; the secrets file is read
    /// again each time, so a new secret in the same file counts.
    /// </summary>
    private (RadiusClient? Client, bool Changed) PrepareRadius(RadiusOptions running, RadiusOptions applied, List<string> changed)
    {
        if (!applied.Enabled || _radius is null)
        {
            return (null, false);
        }

        string text = File.ReadAllText(applied.SecretFile!);
        var secrets = RadiusSecrets.Parse(text, applied.SecretFile!);
        bool secretChanged = text != _radiusSecretText;
        if (secretChanged && applied.SecretFile == running.SecretFile)
        {
            changed.Add(ConfigKeys.RadiusSecretFile.Name + " (contents)");
        }

        bool optionsChanged = !running.Servers.SequenceEqual(applied.Servers)
            || !running.Accounting.SequenceEqual(applied.Accounting)
            || running.RequireMessageAuthenticator != applied.RequireMessageAuthenticator;
        if (!secretChanged && !optionsChanged)
        {
            return (null, false);
        }

        _radiusSecretText = text;
        return (CreateRadiusClient(applied, secrets, out _), true);
    }

    /// <summary>Puts in the new RADIUS client; the old one stays open a while for the answers still due on it.</summary>
    private void SwapRadius(RadiusClient radius)
    {
        var oldClient = _radius;
        var oldAccounting = _accounting;
        _radius = radius;
        _radiusAuth = new Aaa.RadiusAuthenticator(radius);
        _accounting = new RadiusAccounting(radius, _log, _time);
        _ = Task.Run(async () =>
        {
            await Task.Delay(RadiusDrainTime, _time, CancellationToken.None).ConfigureAwait(false);
            if (oldAccounting is not null)
            {
                await oldAccounting.DisposeAsync().ConfigureAwait(false);
            }

            if (oldClient is not null)
            {
                await oldClient.DisposeAsync().ConfigureAwait(false);
            }
        });
    }

    /// <summary>Gives the TUN device the server address of a pool it does not have yet (and NAT for it).</summary>
    private async Task AddTunNetworksAsync(ServerOptions applied, Ipv4Pool pool4, Ipv6PrefixPool? pool6, CancellationToken cancellationToken)
    {
        if (_tun is null)
        {
            return;
        }

        if (_tunNetworks.Count == 0)
        {
            _tunNetworks.Add(_pool4.Network);
            if (_pool6 is not null)
            {
                _tunNetworks.Add(_pool6.Prefix);
            }
        }

        var link = new LinkConfigurator();
        bool added = false;
        if (!_tunNetworks.Contains(pool4.Network))
        {
            await link.AddAddressAsync(_tun.Name, pool4.Gateway, pool4.Network.PrefixLength, cancellationToken).ConfigureAwait(false);
            _tunNetworks.Add(pool4.Network);
            added = true;
        }

        if (pool6 is not null && !_tunNetworks.Contains(pool6.Prefix))
        {
            await link.AddAddressAsync(_tun.Name, ServerAddress(pool6.ServerPrefix), pool6.Prefix.PrefixLength, cancellationToken).ConfigureAwait(false);
            _tunNetworks.Add(pool6.Prefix);
            added = true;
        }

        if (added && _nat is not null)
        {
            // Adds the new ranges' rules to the same table; the old ones stay for the sessions still in them.
            await _nat.EnableAsync(applied.Pool.Ipv4, applied.Pool.Ipv6, cancellationToken).ConfigureAwait(false);
            ServerLog.Nat(_log, $"also masquerading {applied.Pool.Ipv4}");
        }
    }

    /// <summary>
    /// Moves the pool leases of live sessions into the new pools. A lease the new pool cannot take (outside its
    /// range, or now another user's static address) stays with its session and is simply not returned to any pool.
    /// Called under the address lock.
    /// </summary>
    private void AdoptLeases(Ipv4Pool pool4, Ipv6PrefixPool? pool6, List<string> kept)
    {
        int outside = 0;
        foreach (var driver in _sessions.Values)
        {
            if (driver.HostState is not ServerSessionState state)
            {
                continue;
            }

            string user = state.User ?? string.Empty;
            if (state.IPv4FromPool && state.IPv4 is { } v4 && !pool4.TryAdopt(user, v4))
            {
                state.IPv4FromPool = false;
                outside++;
                ServerLog.ReloadLeaseKept(_log, state.Id, v4.ToString());
            }

            if (state.IPv6FromPool && state.IPv6Prefix is { } v6 && (pool6 is null || !pool6.TryAdopt(user, v6)))
            {
                state.IPv6FromPool = false;
                outside++;
                ServerLog.ReloadLeaseKept(_log, state.Id, v6.ToString());
            }
        }

        if (outside > 0)
        {
            kept.Add($"{outside} lease(s) outside the new pools, until their sessions end");
        }
    }

    private static bool SameUsers(UserStore a, UserStore b) =>
        a.Count == b.Count && a.Users.Zip(b.Users).All(p =>
            string.Equals(p.First.Name, p.Second.Name, StringComparison.Ordinal)
            && p.First.NtHash.Span.SequenceEqual(p.Second.NtHash.Span)
            && p.First.ClearPassword == p.Second.ClearPassword
            && Equals(p.First.StaticIPv4, p.Second.StaticIPv4)
            && Equals(p.First.StaticIPv6, p.Second.StaticIPv6)
            && p.First.Rate == p.Second.Rate);

    private void DisposeReloadedCertificates()
    {
        lock (_reloadedCertificates)
        {
            foreach (var certificate in _reloadedCertificates)
            {
                certificate.Dispose();
            }

            _reloadedCertificates.Clear();
        }
    }
}
