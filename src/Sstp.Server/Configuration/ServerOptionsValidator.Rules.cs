using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Sstp.Server.Configuration;

/// <summary>The checks on a typed snapshot: ranges, and keys that depend on each other.</summary>
public static partial class ServerOptionsValidator
{
    /// <summary>Shortest IPv4 pool prefix: a /8 (16,777,213 clients).</summary>
    public const int MinPool4PrefixLength = 8;

    /// <summary>Longest IPv4 pool prefix: a /30 (the gateway and one client).</summary>
    public const int MaxPool4PrefixLength = 30;

    /// <summary>Shortest IPv6 pool prefix: a /16.</summary>
    public const int MinPool6PrefixLength = 16;

    /// <summary>Longest IPv6 pool prefix: a /63 (the server's /64 and one client's).</summary>
    public const int MaxPool6PrefixLength = 63;

    /// <summary>Largest <c>limits.max-sessions</c> accepted.</summary>
    public const int MaxSessionsLimit = 1_000_000;

    /// <summary>Largest <c>limits.max-handshakes</c> accepted.</summary>
    public const int MaxHandshakesLimit = 100_000;

    private static readonly TimeSpan MinHello = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan MaxHello = TimeSpan.FromHours(1);
    private static readonly TimeSpan MinPreAuth = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxPreAuth = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan MinInterim = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxInterim = TimeSpan.FromHours(1);

    /// <summary>Checks a typed snapshot. Returns every problem, each naming its key; empty when valid.</summary>
    public static IReadOnlyList<ConfigError> Validate(ServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<ConfigError>();
        void Add(ConfigKey key, string message) => errors.Add(new ConfigError(key.Name, message));

        CheckListen(options.Listen, m => Add(ConfigKeys.Listen, m));
        CheckTls(options.Tls, Add);
        CheckLoadBalancer(options, Add);
        if (string.IsNullOrWhiteSpace(options.StateDirectory))
        {
            Add(ConfigKeys.StateDir, "must not be empty");
        }

        if (string.IsNullOrWhiteSpace(options.UsersFile))
        {
            Add(ConfigKeys.Users, "must not be empty");
        }

        CheckAuth(options.Auth, m => Add(ConfigKeys.Auth, m));
        CheckRadius(options.Radius, Add);
        if (!Enum.IsDefined(options.CryptoBinding))
        {
            Add(ConfigKeys.CryptoBinding, $"{options.CryptoBinding} is not a crypto binding policy");
        }

        if (!Enum.IsDefined(options.Tunnel.WriteMerging))
        {
            Add(ConfigKeys.WriteMerging, $"{options.Tunnel.WriteMerging} is not a write merging mode");
        }

        CheckRange(options.HelloInterval, MinHello, MaxHello, m => Add(ConfigKeys.HelloInterval, m));
        if (!Enum.IsDefined(options.LogLevel))
        {
            Add(ConfigKeys.LogLevel, $"{options.LogLevel} is not a log level");
        }

        if (!Enum.IsDefined(options.LogFormat))
        {
            Add(ConfigKeys.LogFormat, $"{options.LogFormat} is not a log format");
        }

        CheckNetwork(options.Pool.Ipv4, AddressFamily.InterNetwork, MinPool4PrefixLength, MaxPool4PrefixLength, m => Add(ConfigKeys.Pool4, m));
        if (options.Pool.Ipv6 is { } ipv6)
        {
            CheckNetwork(ipv6, AddressFamily.InterNetworkV6, MinPool6PrefixLength, MaxPool6PrefixLength, m => Add(ConfigKeys.Pool6, m));
        }

        CheckDns(options.Pool.Dns, m => Add(ConfigKeys.Dns, m));
        CheckTunName(options.Tunnel.Name, m => Add(ConfigKeys.Tun, m));
        int minMtu = options.Pool.Ipv6 is null ? TunnelOptions.MinMtu : TunnelOptions.MinIpv6Mtu;
        if (options.Tunnel.Mtu < minMtu || options.Tunnel.Mtu > TunnelOptions.MaxMtu)
        {
            string why = options.Pool.Ipv6 is null ? string.Empty : "; IPv6 needs at least 1280, or set pool.ipv6 = off";
            Add(ConfigKeys.Mtu, $"{Num(options.Tunnel.Mtu)} is out of range ({Num(minMtu)}-{Num(TunnelOptions.MaxMtu)}{why})");
        }

        CheckLimits(options.Limits, Add);
        return errors;
    }

    private static void CheckListen(IReadOnlyList<IPEndPoint> listen, Action<string> add)
    {
        if (listen.Count == 0)
        {
            add("at least one endpoint is needed");
        }

        var seen = new HashSet<IPEndPoint>();
        foreach (var ep in listen)
        {
            if (ep.Port is < 1 or > IPEndPoint.MaxPort)
            {
                add($"port {Num(ep.Port)} is out of range (1-65535)");
            }
            else if (!seen.Add(ep))
            {
                add($"'{ConfigValueParser.FormatEndpoint(ep)}' is listed twice");
            }
        }
    }

    private static void CheckLoadBalancer(ServerOptions options, Action<ConfigKey, string> add)
    {
        bool anyOffload = false, anyProxy = false;
        foreach (var (endpoint, marks) in options.ListenerMarks)
        {
            if (!options.Listen.Contains(endpoint))
            {
                add(ConfigKeys.Listen, $"marks given for '{ConfigValueParser.FormatEndpoint(endpoint)}', which is not listened on");
            }

            anyOffload |= marks.HasFlag(ListenerMarks.Offload);
            anyProxy |= marks.HasFlag(ListenerMarks.Proxy);
        }

        if (anyOffload && string.IsNullOrWhiteSpace(options.OffloadCertificatePath))
        {
            add(ConfigKeys.OffloadCert, "an offload listener needs the certificate the proxy presents (crypto binding is checked against it)");
        }
        else if (options.OffloadCertificatePath is { } path && string.IsNullOrWhiteSpace(path))
        {
            add(ConfigKeys.OffloadCert, "must not be empty");
        }

        if (anyProxy && options.TrustedProxies.Count == 0)
        {
            add(ConfigKeys.TrustedProxies, "a proxy listener needs at least one trusted proxy (nobody is trusted by default)");
        }
    }

    private static void CheckTls(TlsOptions tls, Action<ConfigKey, string> add)
    {
        if (tls.CertificatePath is { } cert && string.IsNullOrWhiteSpace(cert))
        {
            add(ConfigKeys.Cert, "must not be empty (leave it out for a self-signed certificate)");
        }

        if (tls.KeyPath is { } key && string.IsNullOrWhiteSpace(key))
        {
            add(ConfigKeys.Key, "must not be empty");
        }

        if (tls.SniCertificates.Count > 0 && tls.CertificatePath is null)
        {
            add(ConfigKeys.SniCerts, "needs server.cert (the default certificate for clients that send no known name)");
        }

        if (tls.CertificatePath is not null && tls.KeyPath is null)
        {
            add(ConfigKeys.Key, "is needed when server.cert is set");
        }
        else if (tls.CertificatePath is null && tls.KeyPath is not null)
        {
            add(ConfigKeys.Cert, "is needed when server.key is set");
        }
    }

    private static void CheckAuth(IReadOnlyList<AuthMethod> auth, Action<string> add)
    {
        if (auth.Count == 0)
        {
            add($"at least one method is needed ({string.Join(", ", AuthMethodExtensions.ConfigNames)})");
        }

        var seen = new HashSet<AuthMethod>();
        foreach (var method in auth)
        {
            if (!Enum.IsDefined(method))
            {
                add($"{method} is not an authentication method");
            }
            else if (!seen.Add(method))
            {
                add($"'{method.ToConfigName()}' is listed twice");
            }
        }
    }

    private static void CheckNetwork(IPNetwork network, AddressFamily family, int minLength, int maxLength, Action<string> add)
    {
        string kind = family == AddressFamily.InterNetwork ? "IPv4" : "IPv6";
        if (network.BaseAddress.AddressFamily != family)
        {
            add($"'{network}' is not an {kind} network");
        }
        else if (network.PrefixLength < minLength || network.PrefixLength > maxLength)
        {
            add($"'{network}': the prefix length must be {Num(minLength)}-{Num(maxLength)}");
        }
    }

    private static void CheckDns(IReadOnlyList<IPAddress> dns, Action<string> add)
    {
        foreach (var address in dns)
        {
            bool unusable = address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)
                || address.Equals(IPAddress.Broadcast) || IPAddress.IsLoopback(address)
                || address.IsIPv6Multicast || (address.AddressFamily == AddressFamily.InterNetwork && address.GetAddressBytes()[0] >= 224);
            if (unusable)
            {
                add($"'{address}' cannot be a DNS server for clients (unspecified, loopback, multicast or broadcast)");
            }
        }
    }

    /// <summary>Linux interface names: 1–15 bytes, not <c>.</c> or <c>..</c>, no <c>/</c>, <c>:</c> or whitespace.</summary>
    private static void CheckTunName(string name, Action<string> add)
    {
        bool ok = name.Length is > 0 and < 16 && name is not "." and not ".."
            && name.All(c => c is > ' ' and < (char)0x7F and not '/' and not ':');
        if (!ok)
        {
            add($"'{name}' is not a valid interface name (1-15 printable ASCII characters, no '/', ':' or spaces)");
        }
    }

    private static void CheckLimits(LimitsOptions limits, Action<ConfigKey, string> add)
    {
        if (limits.MaxSessions is < 1 or > MaxSessionsLimit)
        {
            add(ConfigKeys.MaxSessions, $"{Num(limits.MaxSessions)} is out of range (1-{Num(MaxSessionsLimit)})");
        }

        if (limits.MaxSessionsPerUser < 0)
        {
            add(ConfigKeys.MaxSessionsPerUser, $"{Num(limits.MaxSessionsPerUser)} is out of range (0 = no limit)");
        }
        else if (limits.MaxSessionsPerUser > limits.MaxSessions && limits.MaxSessions >= 1)
        {
            add(ConfigKeys.MaxSessionsPerUser, $"{Num(limits.MaxSessionsPerUser)} is more than limits.max-sessions ({Num(limits.MaxSessions)})");
        }

        CheckRange(limits.PreAuthTimeout, MinPreAuth, MaxPreAuth, m => add(ConfigKeys.PreAuthTimeout, m));
        if (limits.MaxConcurrentHandshakes is < 1 or > MaxHandshakesLimit)
        {
            add(ConfigKeys.MaxHandshakes, $"{Num(limits.MaxConcurrentHandshakes)} is out of range (1-{Num(MaxHandshakesLimit)})");
        }

        CheckProtection(limits, add);
    }

    private static void CheckRange(TimeSpan value, TimeSpan min, TimeSpan max, Action<string> add)
    {
        if (value < min || value > max)
        {
            add($"{ConfigValueParser.FormatDuration(value)} is out of range ({ConfigValueParser.FormatDuration(min)}-{ConfigValueParser.FormatDuration(max)})");
        }
    }

    private static string Num(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static void CheckRadius(RadiusOptions radius, Action<ConfigKey, string> add)
    {
        CheckRange(radius.MinInterimInterval, MinInterim, MaxInterim, m => add(ConfigKeys.RadiusMinInterimInterval, m));
        if (radius.Servers.Count == 0)
        {
            if (radius.Accounting.Count > 0)
            {
                add(ConfigKeys.RadiusAccounting, "needs radius.servers (--radius)");
            }

            if (radius.Das is not null)
            {
                add(ConfigKeys.RadiusDas, "needs radius.servers (--radius): only they may send Disconnect/CoA requests");
            }

            return;
        }

        if (string.IsNullOrWhiteSpace(radius.SecretFile))
        {
            add(ConfigKeys.RadiusSecretFile, "is required with radius.servers (the secret is never taken from the command line)");
        }

        if (radius.Accounting.Count > 0 && radius.Accounting.Count != radius.Servers.Count)
        {
            add(ConfigKeys.RadiusAccounting, $"gives {radius.Accounting.Count} endpoint(s) for {radius.Servers.Count} server(s); give one per server or none");
        }

        foreach (var server in radius.Servers)
        {
            if (server.Port is < 1 or > 65534)
            {
                add(ConfigKeys.RadiusServers, $"port {server.Port} leaves no room for accounting on port + 1");
            }
        }
    }
}
