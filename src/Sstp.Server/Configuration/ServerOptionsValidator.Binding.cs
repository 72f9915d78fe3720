using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Sstp.Protocol.Sstp;

namespace Sstp.Server.Configuration;

/// <summary>Text → typed values, one binder per key of <see cref="ConfigKeys"/>.</summary>
public static partial class ServerOptionsValidator
{
    private static ServerOptions BindList(ConfigKey key, ServerOptions o, List<string> items, Reporter report)
    {
        switch (key.Name)
        {
            case "server.listen":
                var endpoints = new List<IPEndPoint>();
                var marked = new Dictionary<IPEndPoint, ListenerMarks>();
                foreach (var item in items)
                {
                    if (ListenSpec.TryParse(item, out var ep, out var marks, out var error))
                    {
                        endpoints.Add(ep);
                        if (marks != ListenerMarks.None)
                        {
                            marked[ep] = marks;
                        }
                    }
                    else
                    {
                        report.Add(error);
                    }
                }

                return o with { Listen = endpoints, ListenerMarks = marked };

            case "server.trusted-proxies":
                var proxies = new List<IPNetwork>();
                foreach (var item in items)
                {
                    var family = item.Contains(':', StringComparison.Ordinal) ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork;
                    if (ConfigValueParser.TryParseNetwork(item, family, out var network, out var error))
                    {
                        proxies.Add(network);
                    }
                    else
                    {
                        report.Add(error);
                    }
                }

                return o with { TrustedProxies = proxies };

            case "server.auth":
                var methods = new List<AuthMethod>();
                foreach (var item in items)
                {
                    if (AuthMethodExtensions.TryParse(item, out var method))
                    {
                        methods.Add(method);
                    }
                    else
                    {
                        report.Add($"'{item}' is not an authentication method (use {string.Join(", ", AuthMethodExtensions.ConfigNames)})");
                    }
                }

                return o with { Auth = methods };

            case "server.sni-certs":
                var sni = new List<SniCertificate>();
                foreach (var item in items)
                {
                    if (!SniCertificate.TryParse(item, out var entry))
                    {
                        report.Add($"'{item}' is not CERT.pem[:KEY.pem] (a certificate file, then optionally ':' and its key file)");
                    }
                    else if (sni.Contains(entry))
                    {
                        report.Add($"'{item}' is listed twice");
                    }
                    else
                    {
                        sni.Add(entry);
                    }
                }

                return o with { Tls = o.Tls with { SniCertificates = sni } };

            case "pool.dns":
                var servers = new List<IPAddress>();
                foreach (var item in items)
                {
                    if (ConfigValueParser.TryParseAddress(item, out var address))
                    {
                        servers.Add(address);
                    }
                    else
                    {
                        report.Add($"'{item}' is not a valid IP address");
                    }
                }

                return o with { Pool = o.Pool with { Dns = servers } };

            case "radius.servers":
            case "radius.accounting":
                var radius = new List<IPEndPoint>();
                foreach (var item in items)
                {
                    if (ConfigValueParser.TryParseAddress(item, out var bare) && key.Name == "radius.servers")
                    {
                        radius.Add(new IPEndPoint(bare, RadiusOptions.DefaultPort));
                    }
                    else if (ConfigValueParser.TryParseEndpoint(item, out var ep, out var error))
                    {
                        radius.Add(ep);
                    }
                    else
                    {
                        report.Add(error);
                    }
                }

                return key.Name == "radius.servers"
                    ? o with { Radius = o.Radius with { Servers = radius } }
                    : o with { Radius = o.Radius with { Accounting = radius } };

            default:
                throw new InvalidOperationException($"No list binder for {key.Name}.");
        }
    }

    private static ServerOptions BindScalar(ConfigKey key, ServerOptions o, string value, Reporter report)
    {
        switch (key.Name)
        {
            case "server.cert":
                return o with { Tls = o.Tls with { CertificatePath = value } };
            case "server.key":
                return o with { Tls = o.Tls with { KeyPath = value } };
            case "server.state-dir":
                return o with { StateDirectory = value };
            case "server.users":
                return o with { UsersFile = value };
            case "server.offload-cert":
                return o with { OffloadCertificatePath = value };
            case "server.crypto-binding":
                return ParseCryptoBinding(value, out var policy)
                    ? o with { CryptoBinding = policy }
                    : Fail(o, report, $"'{value}' is not a crypto binding policy (use enforce, log-only or off)");
            case "server.hello-interval":
                return ConfigValueParser.TryParseDuration(value, out var hello)
                    ? o with { HelloInterval = hello }
                    : Fail(o, report, BadDuration(value));
            case "server.log-level":
                return ParseLogLevel(value, out var level)
                    ? o with { LogLevel = level }
                    : Fail(o, report, $"'{value}' is not a log level (use trace, debug, information, warning, error, critical or none)");
            case "server.log-format":
                return ParseLogFormat(value, out var format)
                    ? o with { LogFormat = format }
                    : Fail(o, report, $"'{value}' is not a log format (use text or json)");
            case "server.user":
                return UserNameProblem(value) is { } userProblem ? Fail(o, report, userProblem) : o with { User = value };
            case "pool.ipv4":
                if (ConfigValueParser.TryParseNetwork(value, AddressFamily.InterNetwork, out var net4, out var error4))
                {
                    return o with { Pool = o.Pool with { Ipv4 = net4 } };
                }

                return Fail(o, report, error4);
            case "pool.ipv6":
                if (IsOff(value))
                {
                    return o with { Pool = o.Pool with { Ipv6 = null } };
                }

                if (ConfigValueParser.TryParseNetwork(value, AddressFamily.InterNetworkV6, out var net6, out var error6))
                {
                    return o with { Pool = o.Pool with { Ipv6 = net6 } };
                }

                return Fail(o, report, error6);
            case "tunnel.name":
                return o with { Tunnel = o.Tunnel with { Name = value } };
            case "tunnel.mtu":
                return TryInt(value, report, out int mtu) ? o with { Tunnel = o.Tunnel with { Mtu = mtu } } : o;
            case "tunnel.nat":
                return ConfigValueParser.TryParseBool(value, out bool nat)
                    ? o with { Tunnel = o.Tunnel with { Nat = nat } }
                    : Fail(o, report, $"'{value}' is not a boolean (use true or false)");
            case "tunnel.offload":
                return ConfigValueParser.TryParseBool(value, out bool offload)
                    ? o with { Tunnel = o.Tunnel with { Offload = offload } }
                    : Fail(o, report, $"'{value}' is neither on nor off");
            case "tunnel.write-merging":
                return ParseWriteMerging(value, out var merging)
                    ? o with { Tunnel = o.Tunnel with { WriteMerging = merging } }
                    : Fail(o, report, $"'{value}' is not a write merging mode (use auto, on or off)");
            case "limits.max-sessions":
                return TryInt(value, report, out int max) ? o with { Limits = o.Limits with { MaxSessions = max } } : o;
            case "limits.max-sessions-per-user":
                return TryInt(value, report, out int perUser)
                    ? o with { Limits = o.Limits with { MaxSessionsPerUser = perUser } }
                    : o;
            case "limits.pre-auth-timeout":
                return ConfigValueParser.TryParseDuration(value, out var preAuth)
                    ? o with { Limits = o.Limits with { PreAuthTimeout = preAuth } }
                    : Fail(o, report, BadDuration(value));
            case "limits.max-handshakes":
                return TryInt(value, report, out int handshakes)
                    ? o with { Limits = o.Limits with { MaxConcurrentHandshakes = handshakes } }
                    : o;
            case "limits.rate":
                // The lowest-precedence source: 0 (or off/none) means the same as not set, no limit.
                if (IsOff(value))
                {
                    return o with { Limits = o.Limits with { Rate = default } };
                }

                return Sstp.Protocol.Policing.RateLimit.TryParse(value, out var rate, out string rateError)
                    ? o with { Limits = o.Limits with { Rate = new(rate.DownBitsPerSecond is 0 ? null : rate.DownBitsPerSecond, rate.UpBitsPerSecond is 0 ? null : rate.UpBitsPerSecond) } }
                    : Fail(o, report, rateError);
            case "limits.tls-handshake-timeout":
                return ConfigValueParser.TryParseDuration(value, out var tlsTimeout)
                    ? o with { Limits = o.Limits with { TlsHandshakeTimeout = tlsTimeout } }
                    : Fail(o, report, BadDuration(value));
            case "limits.http-request-timeout":
                return ConfigValueParser.TryParseDuration(value, out var httpTimeout)
                    ? o with { Limits = o.Limits with { HttpRequestTimeout = httpTimeout } }
                    : Fail(o, report, BadDuration(value));
            case "limits.setup-timeout":
                return ConfigValueParser.TryParseDuration(value, out var setupTimeout)
                    ? o with { Limits = o.Limits with { SetupTimeout = setupTimeout } }
                    : Fail(o, report, BadDuration(value));
            case "limits.source-rate":
                return Protection.CountPerPeriod.TryParse(value, out var sourceRate, out string sourceRateError)
                    ? o with { Limits = o.Limits with { SourceRate = sourceRate } }
                    : Fail(o, report, sourceRateError);
            case "limits.max-pre-auth-per-source":
                return TryInt(value, report, out int preAuthPerSource)
                    ? o with { Limits = o.Limits with { MaxPreAuthPerSource = preAuthPerSource } }
                    : o;
            case "limits.auth-failures":
                return Protection.CountPerPeriod.TryParse(value, out var failures, out string failuresError)
                    ? o with { Limits = o.Limits with { AuthFailures = failures } }
                    : Fail(o, report, failuresError);
            case "limits.ban-time":
                return ConfigValueParser.TryParseDuration(value, out var banTime)
                    ? o with { Limits = o.Limits with { BanTime = banTime } }
                    : Fail(o, report, BadDuration(value));
            case "limits.max-buffered":
                return ByteSize.TryParse(value, out long buffered)
                    ? o with { Limits = o.Limits with { MaxBuffered = buffered } }
                    : Fail(o, report, $"'{value}' is not a size (a whole number of bytes, or with k, M or G: 256M)");
            case "radius.secret-file":
                return o with { Radius = o.Radius with { SecretFile = value } };
            case "radius.das":
                return ConfigValueParser.TryParseEndpoint(value, out var das, out var dasError)
                    ? o with { Radius = o.Radius with { Das = das } }
                    : Fail(o, report, dasError);
            case "server.web-backend":
                if (IsOff(value))
                {
                    return o with { WebBackend = null };
                }

                return ConfigValueParser.TryParseEndpoint(value, out var web, out var webError)
                    ? o with { WebBackend = web }
                    : Fail(o, report, webError);
            case "metrics.listen":
                return ConfigValueParser.TryParseEndpoint(value, out var metrics, out var metricsError)
                    ? o with { MetricsListen = metrics }
                    : Fail(o, report, metricsError);
            case "control.socket":
                return BindControlSocket(o, value, report);
            case "radius.require-message-authenticator":
                return ConfigValueParser.TryParseBool(value, out bool requireMa)
                    ? o with { Radius = o.Radius with { RequireMessageAuthenticator = requireMa } }
                    : Fail(o, report, $"'{value}' is not a boolean (use true or false)");
            case "radius.min-interim-interval":
                return ConfigValueParser.TryParseDuration(value, out var interim)
                    ? o with { Radius = o.Radius with { MinInterimInterval = interim } }
                    : Fail(o, report, BadDuration(value));
            case "radius.nas-identifier":
                return value.Length is > 0 and <= 253
                    ? o with { Radius = o.Radius with { NasIdentifier = value } }
                    : Fail(o, report, "must be 1-253 characters");
            default:
                throw new InvalidOperationException($"No binder for {key.Name}.");
        }
    }

    /// <summary>Parses <c>enforce</c>, <c>log-only</c> or <c>off</c>.</summary>
    public static bool ParseCryptoBinding(string value, out CryptoBindingPolicy policy)
    {
        switch (value.ToLowerInvariant())
        {
            case "enforce":
                policy = CryptoBindingPolicy.Enforce;
                return true;
            case "log-only":
                policy = CryptoBindingPolicy.LogOnly;
                return true;
            case "off":
                policy = CryptoBindingPolicy.Off;
                return true;
            default:
                policy = default;
                return false;
        }
    }

    /// <summary>Parses <c>auto</c>, <c>on</c> or <c>off</c> (<c>true</c>/<c>false</c> also accepted).</summary>
    public static bool ParseWriteMerging(string value, out WriteMerging mode)
    {
        ArgumentNullException.ThrowIfNull(value);
        (bool ok, mode) = value.ToLowerInvariant() switch
        {
            "auto" => (true, WriteMerging.Auto),
            "on" or "true" => (true, WriteMerging.On),
            "off" or "false" => (true, WriteMerging.Off),
            _ => (false, WriteMerging.Auto),
        };
        return ok;
    }

    /// <summary>The configuration spelling of a crypto binding policy.</summary>
    public static string FormatCryptoBinding(CryptoBindingPolicy policy) => policy switch
    {
        CryptoBindingPolicy.Enforce => "enforce",
        CryptoBindingPolicy.LogOnly => "log-only",
        CryptoBindingPolicy.Off => "off",
        _ => throw new ArgumentOutOfRangeException(nameof(policy), policy, "Unknown policy."),
    };

    /// <summary>Parses a log format name: <c>text</c> or <c>json</c> (any case).</summary>
    public static bool ParseLogFormat(string value, out LogFormat format)
    {
        (bool ok, format) = value.Trim().ToLowerInvariant() switch
        {
            "text" => (true, LogFormat.Text),
            "json" => (true, LogFormat.Json),
            _ => (false, LogFormat.Text),
        };
        return ok;
    }

    /// <summary>Parses a log level name (<c>trace</c> … <c>none</c>; <c>info</c> and <c>warn</c> also accepted).</summary>
    public static bool ParseLogLevel(string value, out LogLevel level)
    {
        (bool ok, level) = value.ToLowerInvariant() switch
        {
            "trace" => (true, LogLevel.Trace),
            "debug" => (true, LogLevel.Debug),
            "information" or "info" => (true, LogLevel.Information),
            "warning" or "warn" => (true, LogLevel.Warning),
            "error" => (true, LogLevel.Error),
            "critical" => (true, LogLevel.Critical),
            "none" => (true, LogLevel.None),
            _ => (false, LogLevel.None),
        };
        return ok;
    }

    /// <summary>Why <paramref name="value"/> cannot name the user to switch to, or null when it can.</summary>
    private static string? UserNameProblem(string value)
    {
        if (value.Length is 0 or > 32 || value[0] == '-'
            || !value.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
        {
            return $"'{value}' is not a user name (1-32 letters, digits, '.', '_' or '-', not starting with '-')";
        }

        return value == "root" ? "'root' is not an unprivileged user (leave server.user unset to stay as started)" : null;
    }

    private static bool IsOff(string value) =>
        value.Equals("off", StringComparison.OrdinalIgnoreCase) || value.Equals("none", StringComparison.OrdinalIgnoreCase);

    private static bool TryInt(string value, Reporter report, out int result)
    {
        if (ConfigValueParser.TryParseDecimal(value, out long parsed) && parsed <= int.MaxValue)
        {
            result = (int)parsed;
            return true;
        }

        report.Add($"'{value}' is not a whole number");
        result = 0;
        return false;
    }

    private static string BadDuration(string value) =>
        $"'{value}' is not a duration (a whole number of seconds, or with a unit: 500ms, 30s, 5m, 1h)";

    private static ServerOptions Fail(ServerOptions o, Reporter report, string message)
    {
        report.Add(message);
        return o;
    }

    /// <summary><c>control.socket</c>: <c>off</c>, or an absolute path short enough for a Unix socket address.</summary>
    private static ServerOptions BindControlSocket(ServerOptions o, string value, Reporter report)
    {
        if (IsOff(value))
        {
            return o with { ControlSocket = null };
        }

        if (!value.StartsWith('/') || value.EndsWith('/'))
        {
            return Fail(o, report, $"'{value}' is not an absolute path to a socket file (or off)");
        }

        // sun_path holds 108 bytes with the terminating NUL.
        return System.Text.Encoding.UTF8.GetByteCount(value) > 107
            ? Fail(o, report, "the path is longer than 107 bytes, the limit of a Unix socket address")
            : o with { ControlSocket = value };
    }
}
