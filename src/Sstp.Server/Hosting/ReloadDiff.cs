using Sstp.Server.Configuration;

namespace Sstp.Server.Hosting;

/// <summary>
/// Compares the running configuration with a newly loaded one: which keys changed and apply to the running
/// server, which changed but need a restart, and the configuration to run with from now on (the new one, with
/// every restart-only value kept as it runs).
/// </summary>
public sealed class ReloadDiff
{
    private ReloadDiff(ServerOptions applied, IReadOnlyList<string> changed, IReadOnlyList<string> needsRestart)
    {
        Applied = applied;
        Changed = changed;
        NeedsRestart = needsRestart;
    }

    /// <summary>The configuration in force after the reload.</summary>
    public ServerOptions Applied { get; }

    /// <summary>Keys whose new value takes effect now (for new connections, logins and requests).</summary>
    public IReadOnlyList<string> Changed { get; }

    /// <summary>Keys whose new value is ignored until a restart.</summary>
    public IReadOnlyList<string> NeedsRestart { get; }

    /// <summary>Compares <paramref name="running"/> with <paramref name="loaded"/>.</summary>
    public static ReloadDiff Compare(ServerOptions running, ServerOptions loaded)
    {
        ArgumentNullException.ThrowIfNull(running);
        ArgumentNullException.ThrowIfNull(loaded);
        var changed = new List<string>();
        var restart = new List<string>();

        void Live(ConfigKey key, bool differs)
        {
            if (differs)
            {
                changed.Add(key.Name);
            }
        }

        void Restart(ConfigKey key, bool differs)
        {
            if (differs)
            {
                restart.Add(key.Name);
            }
        }

        // Bound once at start: sockets, the TUN device and its kernel state.
        Restart(ConfigKeys.Listen, !running.Listen.SequenceEqual(loaded.Listen) || !SameMarks(running.ListenerMarks, loaded.ListenerMarks));
        Restart(ConfigKeys.TrustedProxies, !running.TrustedProxies.SequenceEqual(loaded.TrustedProxies));
        Restart(ConfigKeys.OffloadCert, running.OffloadCertificatePath != loaded.OffloadCertificatePath);
        Restart(ConfigKeys.Tun, running.Tunnel.Name != loaded.Tunnel.Name);
        Restart(ConfigKeys.Mtu, running.Tunnel.Mtu != loaded.Tunnel.Mtu);
        Restart(ConfigKeys.Nat, running.Tunnel.Nat != loaded.Tunnel.Nat);
        Restart(ConfigKeys.Offload, running.Tunnel.Offload != loaded.Tunnel.Offload);
        Restart(ConfigKeys.MetricsListen, !Equals(running.MetricsListen, loaded.MetricsListen));

        // Turning IPv6 or RADIUS on or off changes what every session negotiates: a restart. A new prefix or new
        // servers apply live.
        bool ipv6Toggled = running.Pool.Ipv6.HasValue != loaded.Pool.Ipv6.HasValue;
        Restart(ConfigKeys.Pool6, ipv6Toggled);
        Live(ConfigKeys.Pool6, !ipv6Toggled && !Equals(running.Pool.Ipv6, loaded.Pool.Ipv6));
        bool radiusToggled = running.Radius.Enabled != loaded.Radius.Enabled;
        Restart(ConfigKeys.RadiusServers, radiusToggled);
        Restart(ConfigKeys.RadiusDas, !Equals(running.Radius.Das, loaded.Radius.Das));

        Live(ConfigKeys.Cert, running.Tls.CertificatePath != loaded.Tls.CertificatePath);
        Live(ConfigKeys.Key, running.Tls.KeyPath != loaded.Tls.KeyPath);
        Live(ConfigKeys.WebBackend, !Equals(running.WebBackend, loaded.WebBackend));
        Live(ConfigKeys.SniCerts, !running.Tls.SniCertificates.SequenceEqual(loaded.Tls.SniCertificates));
        Live(ConfigKeys.StateDir, running.StateDirectory != loaded.StateDirectory);
        Live(ConfigKeys.Users, running.UsersFile != loaded.UsersFile);
        Live(ConfigKeys.Auth, !running.Auth.SequenceEqual(loaded.Auth));
        Live(ConfigKeys.CryptoBinding, running.CryptoBinding != loaded.CryptoBinding);
        Live(ConfigKeys.HelloInterval, running.HelloInterval != loaded.HelloInterval);
        Live(ConfigKeys.LogLevel, running.LogLevel != loaded.LogLevel);
        Live(ConfigKeys.Pool4, running.Pool.Ipv4 != loaded.Pool.Ipv4);
        Live(ConfigKeys.Dns, !running.Pool.Dns.SequenceEqual(loaded.Pool.Dns));
        Live(ConfigKeys.WriteMerging, running.Tunnel.WriteMerging != loaded.Tunnel.WriteMerging);
        Live(ConfigKeys.MaxSessions, running.Limits.MaxSessions != loaded.Limits.MaxSessions);
        Live(ConfigKeys.MaxSessionsPerUser, running.Limits.MaxSessionsPerUser != loaded.Limits.MaxSessionsPerUser);
        Live(ConfigKeys.PreAuthTimeout, running.Limits.PreAuthTimeout != loaded.Limits.PreAuthTimeout);
        Live(ConfigKeys.MaxHandshakes, running.Limits.MaxConcurrentHandshakes != loaded.Limits.MaxConcurrentHandshakes);
        Live(ConfigKeys.Rate, running.Limits.Rate != loaded.Limits.Rate);
        if (!radiusToggled)
        {
            Live(ConfigKeys.RadiusServers, !running.Radius.Servers.SequenceEqual(loaded.Radius.Servers));
            Live(ConfigKeys.RadiusAccounting, !running.Radius.Accounting.SequenceEqual(loaded.Radius.Accounting));
            Live(ConfigKeys.RadiusSecretFile, running.Radius.SecretFile != loaded.Radius.SecretFile);
            Live(ConfigKeys.RadiusNasIdentifier, running.Radius.NasIdentifier != loaded.Radius.NasIdentifier);
            Live(ConfigKeys.RadiusRequireMessageAuthenticator, running.Radius.RequireMessageAuthenticator != loaded.Radius.RequireMessageAuthenticator);
            Live(ConfigKeys.RadiusMinInterimInterval, running.Radius.MinInterimInterval != loaded.Radius.MinInterimInterval);
        }

        var applied = loaded with
        {
            Listen = running.Listen,
            ListenerMarks = running.ListenerMarks,
            TrustedProxies = running.TrustedProxies,
            OffloadCertificatePath = running.OffloadCertificatePath,
            MetricsListen = running.MetricsListen,
            Tunnel = loaded.Tunnel with
            {
                Name = running.Tunnel.Name,
                Mtu = running.Tunnel.Mtu,
                Nat = running.Tunnel.Nat,
                Offload = running.Tunnel.Offload,
            },
            Pool = ipv6Toggled ? loaded.Pool with { Ipv6 = running.Pool.Ipv6 } : loaded.Pool,
            Radius = radiusToggled ? running.Radius : loaded.Radius with { Das = running.Radius.Das },
        };
        return new ReloadDiff(applied, changed, restart);
    }

    private static bool SameMarks(IReadOnlyDictionary<System.Net.IPEndPoint, ListenerMarks> a, IReadOnlyDictionary<System.Net.IPEndPoint, ListenerMarks> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var marks) && marks == kv.Value);
}
