namespace Sstp.Server.Configuration;

/// <summary>
/// Every configuration key the server knows. <c>docs/CONFIGURATION.md</c>, <c>docs/sstp.conf.example</c>,
/// <see cref="ServerCommandOptions"/> and <see cref="ServerOptionsValidator"/> all follow this table (a test
/// compares them).
/// </summary>
public static class ConfigKeys
{
    /// <summary><c>server.listen</c> (<c>--listen</c>, repeatable).</summary>
    public static ConfigKey Listen { get; } = new("server.listen", "--listen",
        "Address and port to accept TLS on: A.B.C.D:PORT or [IPv6]:PORT, optionally followed by the marks offload and/or proxy. Default [::]:443 and 0.0.0.0:443.", IsList: true);

    /// <summary><c>server.cert</c> (<c>--cert</c>).</summary>
    public static ConfigKey Cert { get; } = new("server.cert", "--cert",
        "PEM certificate file. Default: a self-signed certificate in the state directory.");

    /// <summary><c>server.key</c> (<c>--key</c>).</summary>
    public static ConfigKey Key { get; } = new("server.key", "--key",
        "PEM private key file for the certificate.");

    /// <summary><c>server.sni-certs</c> (<c>--sni-cert</c>, repeatable).</summary>
    public static ConfigKey SniCerts { get; } = new("server.sni-certs", "--sni-cert",
        "More certificates, chosen by the name a client asks for (SNI): CERT.pem[:KEY.pem] or FILE.pfx. server.cert stays the default.", IsList: true);

    /// <summary><c>server.web-backend</c> (<c>--web-backend</c>).</summary>
    public static ConfigKey WebBackend { get; } = new("server.web-backend", "--web-backend",
        "Plain-HTTP website at ADDR:PORT that gets every request that is not SSTP, relayed through the same TLS, or off. Default off.");

    /// <summary><c>server.state-dir</c> (<c>--state-dir</c>).</summary>
    public static ConfigKey StateDir { get; } = new("server.state-dir", "--state-dir",
        "Directory for generated state (self-signed certificate). Default /var/lib/sstp.");

    /// <summary><c>server.users</c> (<c>--users</c>).</summary>
    public static ConfigKey Users { get; } = new("server.users", "--users",
        "Users file managed by `sstp user`. Default /etc/sstp/users.");

    /// <summary><c>server.auth</c> (<c>--auth</c>, a list).</summary>
    public static ConfigKey Auth { get; } = new("server.auth", "--auth",
        "Authentication methods offered, in order: pap, chap, mschapv2, eap-mschapv2. Default mschapv2,eap-mschapv2.", IsList: true);

    /// <summary><c>server.crypto-binding</c> (<c>--crypto-binding</c>).</summary>
    public static ConfigKey CryptoBinding { get; } = new("server.crypto-binding", "--crypto-binding",
        "Crypto binding check: enforce, log-only or off. Default enforce.");

    /// <summary><c>server.hello-interval</c> (<c>--hello-interval</c>).</summary>
    public static ConfigKey HelloInterval { get; } = new("server.hello-interval", "--hello-interval",
        "Idle time before an SSTP echo request. Default 60s.");

    /// <summary><c>server.log-level</c> (<c>--log-level</c>).</summary>
    public static ConfigKey LogLevel { get; } = new("server.log-level", "--log-level",
        "Least severe log level written: trace, debug, information, warning, error, critical, none. Default information.");

    /// <summary><c>server.log-format</c> (<c>--log-format</c>).</summary>
    public static ConfigKey LogFormat { get; } = new("server.log-format", "--log-format",
        "Log line format: text (one readable line) or json (one JSON object per line). Default text.");

    /// <summary><c>server.user</c> (<c>--user</c>).</summary>
    public static ConfigKey User { get; } = new("server.user", "--user",
        "Unprivileged user to switch to once the TUN device and the listeners are open, keeping only CAP_NET_ADMIN. Default none (stay as started).");

    /// <summary><c>server.trusted-proxies</c> (<c>--trusted-proxies</c>, a list).</summary>
    public static ConfigKey TrustedProxies { get; } = new("server.trusted-proxies", "--trusted-proxies",
        "CIDRs of the load balancers whose PROXY header (and X-Forwarded-For on an offload listener without proxy) is believed; a proxy listener refuses every other source. Default none.", IsList: true);

    /// <summary><c>server.offload-cert</c> (<c>--offload-cert</c>).</summary>
    public static ConfigKey OffloadCert { get; } = new("server.offload-cert", "--offload-cert",
        "PEM certificate the TLS-terminating proxy presents; crypto binding on offload listeners uses its hashes. Required with an offload listener.");

    /// <summary><c>pool.ipv4</c> (<c>--pool4</c>).</summary>
    public static ConfigKey Pool4 { get; } = new("pool.ipv4", "--pool4",
        "IPv4 network for client addresses; its first host is the server. Default 10.88.0.0/16.");

    /// <summary><c>pool.ipv6</c> (<c>--pool6</c>).</summary>
    public static ConfigKey Pool6 { get; } = new("pool.ipv6", "--pool6",
        "IPv6 prefix each client gets a /64 from, or off. Default fd00:88::/48.");

    /// <summary><c>pool.dns</c> (<c>--dns</c>, repeatable).</summary>
    public static ConfigKey Dns { get; } = new("pool.dns", "--dns",
        "DNS server announced to clients. Default none.", IsList: true);

    /// <summary><c>tunnel.name</c> (<c>--tun</c>).</summary>
    public static ConfigKey Tun { get; } = new("tunnel.name", "--tun",
        "TUN interface name. Default sstp0.");

    /// <summary><c>tunnel.mtu</c> (<c>--mtu</c>).</summary>
    public static ConfigKey Mtu { get; } = new("tunnel.mtu", "--mtu",
        "Tunnel MTU, also the MRU requested in LCP. Default 1400.");

    /// <summary><c>tunnel.nat</c> (<c>--nat</c>).</summary>
    public static ConfigKey Nat { get; } = new("tunnel.nat", "--nat",
        "Enable forwarding and masquerade of the clients' traffic through nft. Default off.");

    /// <summary><c>tunnel.write-merging</c> (<c>--write-merging</c>).</summary>
    public static ConfigKey WriteMerging { get; } = new("tunnel.write-merging", "--write-merging",
        "Merge a session's queued data packets into one TLS write: auto (all peers but sstpc), on or off. Default auto.");

    /// <summary><c>tunnel.offload</c> (<c>--tun-offload</c>).</summary>
    public static ConfigKey Offload { get; } = new("tunnel.offload", "--tun-offload",
        "Write back-to-back TCP segments of a flow to the TUN device as one GSO super-packet (IFF_VNET_HDR): on or off. Default on.");

    /// <summary><c>limits.max-sessions</c> (<c>--max-sessions</c>).</summary>
    public static ConfigKey MaxSessions { get; } = new("limits.max-sessions", "--max-sessions",
        "Sessions at once, all users together. Default 10000.");

    /// <summary><c>limits.max-sessions-per-user</c> (<c>--max-sessions-per-user</c>).</summary>
    public static ConfigKey MaxSessionsPerUser { get; } = new("limits.max-sessions-per-user", "--max-sessions-per-user",
        "Sessions at once per user; 0 = no limit. Default 0.");

    /// <summary><c>limits.pre-auth-timeout</c> (<c>--pre-auth-timeout</c>).</summary>
    public static ConfigKey PreAuthTimeout { get; } = new("limits.pre-auth-timeout", "--pre-auth-timeout",
        "Time allowed from accept to successful authentication. Default 30s.");

    /// <summary><c>limits.max-handshakes</c> (<c>--max-handshakes</c>).</summary>
    public static ConfigKey MaxHandshakes { get; } = new("limits.max-handshakes", "--max-handshakes",
        "Connections at once not yet authenticated. Default 256.");

    /// <summary><c>limits.rate</c> (<c>--rate</c>).</summary>
    public static ConfigKey Rate { get; } = new("limits.rate", "--rate",
        "Default per-user rate limit DOWN[/UP] in bit/s with k, M or G (e.g. 10M/2M); over it packets are dropped. Default none.");

    /// <summary><c>limits.tls-handshake-timeout</c> (<c>--tls-handshake-timeout</c>).</summary>
    public static ConfigKey TlsHandshakeTimeout { get; } = new("limits.tls-handshake-timeout", "--tls-handshake-timeout",
        "Time from accept to a finished TLS handshake. Default 10s.");

    /// <summary><c>limits.http-request-timeout</c> (<c>--http-request-timeout</c>).</summary>
    public static ConfigKey HttpRequestTimeout { get; } = new("limits.http-request-timeout", "--http-request-timeout",
        "Time from the TLS handshake to a complete HTTP request. Default 10s.");

    /// <summary><c>limits.setup-timeout</c> (<c>--setup-timeout</c>).</summary>
    public static ConfigKey SetupTimeout { get; } = new("limits.setup-timeout", "--setup-timeout",
        "Time from accept until the tunnel is up (SSTP and PPP negotiation). Default 60s.");

    /// <summary><c>limits.source-rate</c> (<c>--source-rate</c>).</summary>
    public static ConfigKey SourceRate { get; } = new("limits.source-rate", "--source-rate",
        "New connections per source address (IPv6 /64) as COUNT/PERIOD: a burst of COUNT, COUNT more per PERIOD; off = no limit. Default 30/10s.");

    /// <summary><c>limits.max-pre-auth-per-source</c> (<c>--max-pre-auth-per-source</c>).</summary>
    public static ConfigKey MaxPreAuthPerSource { get; } = new("limits.max-pre-auth-per-source", "--max-pre-auth-per-source",
        "Connections of one source address (IPv6 /64) at once not yet authenticated; 0 = no limit. Default 32.");

    /// <summary><c>limits.auth-failures</c> (<c>--auth-failures</c>).</summary>
    public static ConfigKey AuthFailures { get; } = new("limits.auth-failures", "--auth-failures",
        "Failed logins from one source as COUNT/PERIOD that ban it for limits.ban-time; off = never ban. Default 10/1m.");

    /// <summary><c>limits.ban-time</c> (<c>--ban-time</c>).</summary>
    public static ConfigKey BanTime { get; } = new("limits.ban-time", "--ban-time",
        "How long a source banned for failed logins is refused at accept; 0 = never ban. Default 5m.");

    /// <summary><c>limits.max-buffered</c> (<c>--max-buffered</c>).</summary>
    public static ConfigKey MaxBuffered { get; } = new("limits.max-buffered", "--max-buffered",
        "Bytes of data all sessions together may hold in send queues (k, M, G = KiB, MiB, GiB); over it packets are dropped. Default 256M.");

    /// <summary><c>radius.servers</c> (<c>--radius</c>, repeatable).</summary>
    public static ConfigKey RadiusServers { get; } = new("radius.servers", "--radius",
        "RADIUS servers in priority order: ADDR[:PORT] (port 1812; accounting on PORT+1). Default none: the users file.", IsList: true);

    /// <summary><c>radius.accounting</c> (<c>--radius-acct</c>, repeatable).</summary>
    public static ConfigKey RadiusAccounting { get; } = new("radius.accounting", "--radius-acct",
        "Accounting endpoints ADDR:PORT, one per RADIUS server, when not the server's port + 1.", IsList: true);

    /// <summary><c>radius.secret-file</c> (<c>--radius-secret-file</c>).</summary>
    public static ConfigKey RadiusSecretFile { get; } = new("radius.secret-file", "--radius-secret-file",
        "File with the RADIUS shared secret: one line SECRET for all servers, or lines ADDR SECRET. Required with radius.servers.");

    /// <summary><c>radius.das</c> (<c>--das</c>).</summary>
    public static ConfigKey RadiusDas { get; } = new("radius.das", "--das",
        "Listen for RFC 5176 Disconnect and CoA requests from the RADIUS servers on ADDR:PORT. Default off.");

    /// <summary><c>radius.nas-identifier</c> (<c>--nas-identifier</c>).</summary>
    public static ConfigKey RadiusNasIdentifier { get; } = new("radius.nas-identifier", "--nas-identifier",
        "NAS-Identifier sent to RADIUS. Default the host name.");

    /// <summary><c>radius.require-message-authenticator</c> (<c>--radius-require-message-authenticator</c>).</summary>
    public static ConfigKey RadiusRequireMessageAuthenticator { get; } = new("radius.require-message-authenticator", "--radius-require-message-authenticator",
        "Refuse RADIUS answers without a valid Message-Authenticator (BlastRADIUS protection). Default true.");

    /// <summary><c>radius.min-interim-interval</c> (<c>--radius-min-interim-interval</c>).</summary>
    public static ConfigKey RadiusMinInterimInterval { get; } = new("radius.min-interim-interval", "--radius-min-interim-interval",
        "Shortest Acct-Interim-Interval honoured; a shorter one from RADIUS is raised to it. Default 60s.");

    /// <summary><c>metrics.listen</c> (<c>--metrics</c>).</summary>
    public static ConfigKey MetricsListen { get; } = new("metrics.listen", "--metrics",
        "Serve Prometheus metrics at http://ADDR:PORT/metrics. Default off; bind it to loopback or a management network.");

    /// <summary><c>control.socket</c> (<c>--control-socket</c>).</summary>
    public static ConfigKey ControlSocket { get; } = new("control.socket", "--control-socket",
        "Unix socket for `sstp ctl` (root and the server's user only), or off. Default /run/sstp/sstp.sock.");

    /// <summary>Every key, in documentation order.</summary>
    public static IReadOnlyList<ConfigKey> All { get; } =
    [
        Listen, Cert, Key, SniCerts, WebBackend, StateDir, Users, Auth, CryptoBinding, HelloInterval, LogLevel, LogFormat, User,
        TrustedProxies, OffloadCert,
        Pool4, Pool6, Dns,
        Tun, Mtu, Nat, WriteMerging, Offload,
        MaxSessions, MaxSessionsPerUser, PreAuthTimeout, MaxHandshakes, Rate,
        TlsHandshakeTimeout, HttpRequestTimeout, SetupTimeout, SourceRate, MaxPreAuthPerSource, AuthFailures, BanTime, MaxBuffered,
        RadiusServers, RadiusAccounting, RadiusSecretFile, RadiusDas, RadiusNasIdentifier, RadiusRequireMessageAuthenticator,
        RadiusMinInterimInterval,
        MetricsListen,
        ControlSocket,
    ];

    /// <summary>Finds a key by its <c>section.name</c>, case-insensitively; null when unknown.</summary>
    public static ConfigKey? Find(string name)
    {
        foreach (var key in All)
        {
            if (string.Equals(key.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return key;
            }
        }

        return null;
    }
}
