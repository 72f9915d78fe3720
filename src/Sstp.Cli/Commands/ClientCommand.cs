using System.CommandLine;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;
using Sstp.Cli.Logging;
using Sstp.Client;
using Sstp.IO.Tls;
using Sstp.Protocol.Ppp.Lcp;
using Sstp.Server.Configuration;

namespace Sstp.Cli.Commands;

/// <summary>
/// <c>sstp client URL|HOST[:PORT]</c>: one program instead of sstpc + pppd: TLS, SSTP, user-space PPP and a TUN
/// device, with routes and DNS undone on exit. Exit codes: 0 stopped by the user; 2 bad arguments; otherwise
/// the <see cref="ClientFailure.ExitCode"/> of the cause (3 network, 4 TLS, 5 authentication, 6 crypto binding,
/// 7 no address, 8 timeout, 9 local).
/// </summary>
public static class ClientCommand
{
    /// <summary>Builds the <c>client</c> command.</summary>
    public static Command Create()
    {
        var server = new Argument<string>("SERVER") { Description = "https://host[:port]/, host, host:port or [IPv6]:port (port 443 by default)." };
        var user = new Option<string>("--user") { Description = "The user name.", Required = true };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the password from the first line of standard input (else it is asked on the terminal)." };
        var auth = new Option<string>("--auth") { Description = "auto (MS-CHAPv2, CHAP-MD5, PAP as the server offers), or a list of pap, chap, mschapv2, eap-mschapv2.", DefaultValueFactory = _ => "auto" };
        var ca = new Option<string?>("--ca") { Description = "Trust only this PEM CA file for the server certificate.", HelpName = "FILE" };
        var pin = new Option<string?>("--pin-sha256") { Description = "Accept exactly the server certificate with this SHA-256 (hex), as `sstp server` prints it.", HelpName = "HEX" };
        var insecure = new Option<bool>("--insecure") { Description = "Accept any server certificate (a man in the middle can read everything)." };
        var sni = new Option<string?>("--sni") { Description = "The TLS server name to send and check (default: the host, when it is a name).", HelpName = "NAME" };
        var proxy = new Option<string?>("--proxy") { Description = "Connect through an HTTP proxy with CONNECT: http://[user:pass@]host:port", HelpName = "URL" };
        var routes = new Option<string[]>("--route") { Description = "Route this network through the tunnel (repeatable).", HelpName = "CIDR", AllowMultipleArgumentsPerToken = false };
        var defaultRoute = new Option<bool>("--default-route") { Description = "Send all traffic through the tunnel (a host route keeps the server reachable)." };
        var noDns = new Option<bool>("--no-dns") { Description = "Do not configure the DNS servers the server pushes (they are printed)." };
        var tun = new Option<string>("--tun") { Description = "The TUN device name.", DefaultValueFactory = _ => "sstpc0" };
        var mtu = new Option<int>("--mtu") { Description = "Our MRU (576-4087).", DefaultValueFactory = _ => 1400 };
        var noIpv6 = new Option<bool>("--no-ipv6") { Description = "Do not run IPv6 inside the tunnel." };
        var writeMerging = new Option<string>("--write-merging") { Description = "on: queued data packets share one TLS write (fast); off: one SSTP packet per TLS record.", DefaultValueFactory = _ => "on", HelpName = "on|off" };
        var tunOffload = new Option<string>("--tun-offload") { Description = "on: back-to-back TCP segments go to the TUN device as one GSO super-packet (IFF_VNET_HDR); off: one write per packet.", DefaultValueFactory = _ => "on", HelpName = "on|off" };
        var reconnect = new Option<bool>("--reconnect") { Description = "Reconnect after a drop (backoff 1 s to 60 s with jitter)." };
        var logLevel = new Option<LogLevel>("--log-level") { Description = "Trace, Debug, Information, Warning, Error.", DefaultValueFactory = _ => LogLevel.Information };
        var logFormat = new Option<string>("--log-format") { Description = "text: one readable line per event; json: one JSON object per line.", DefaultValueFactory = _ => "text", HelpName = "text|json" };

        var command = new Command("client", "Connect to an SSTP server and bring up a TUN device.")
        {
            server, user, passwordStdin, auth, ca, pin, insecure, sni, proxy, routes, defaultRoute, noDns, tun, mtu, noIpv6, writeMerging, tunOffload, reconnect, logLevel, logFormat,
        };
        command.SetAction(async (parse, cancel) =>
        {
            var error = Console.Error;
            if (!TryParseServer(parse.GetValue(server)!, out string host, out int port, out string? problem)
                || !ClientArguments.TryParseAuth(parse.GetValue(auth)!, out var authList, out problem)
                || !TryParseValidation(parse.GetValue(ca), parse.GetValue(pin), parse.GetValue(insecure), out var validation, out byte[]? pinBytes, out problem)
                || !TryParseRoutes(parse.GetValue(routes) ?? [], out var networks, out problem)
                || !TryParseProxy(parse.GetValue(proxy), out var proxyUri, out problem)
                || !ClientArguments.TryParseWriteMerging(parse.GetValue(writeMerging)!, out bool merge, out problem)
                || !ClientArguments.TryParseTunOffload(parse.GetValue(tunOffload)!, out bool offload, out problem)
                || !TryParseLogFormat(parse.GetValue(logFormat)!, out var format, out problem))
            {
                await error.WriteLineAsync($"sstp client: {problem}").ConfigureAwait(false);
                return 2;
            }

            int mtuValue = parse.GetValue(mtu);
            if (mtuValue is < 576 or > LcpSettings.MaxMru)
            {
                await error.WriteLineAsync($"sstp client: --mtu {mtuValue} is out of range (576-{LcpSettings.MaxMru})").ConfigureAwait(false);
                return 2;
            }

            if (validation == ServerCertificateValidation.Insecure)
            {
                await error.WriteLineAsync("sstp client: WARNING: --insecure accepts any certificate; anyone in the path can impersonate the server and read the tunnel").ConfigureAwait(false);
            }

            char[]? password = ReadPassword(parse.GetValue(passwordStdin), error);
            if (password is null)
            {
                return 2;
            }

            var options = new ClientOptions
            {
                Host = host,
                Port = port,
                User = parse.GetValue(user)!,
                Password = password,
                Auth = authList,
                Validation = validation,
                CaFile = parse.GetValue(ca),
                PinSha256 = pinBytes,
                ServerName = parse.GetValue(sni),
                Proxy = proxyUri,
                Routes = networks,
                DefaultRoute = parse.GetValue(defaultRoute),
                ConfigureDns = !parse.GetValue(noDns),
                TunName = parse.GetValue(tun),
                Mtu = mtuValue,
                Ipv6 = !parse.GetValue(noIpv6),
                Reconnect = parse.GetValue(reconnect),
                WriteMerging = merge,
                TunOffload = offload,
            };
            return await RunAsync(options, parse.GetValue(logLevel), format, cancel).ConfigureAwait(false);
        });
        return command;
    }

    private static bool TryParseLogFormat(string value, out LogFormat format, out string? problem)
    {
        bool ok = ServerOptionsValidator.ParseLogFormat(value, out format);
        problem = ok ? null : $"--log-format: '{value}' is not a log format (use text or json)";
        return ok;
    }

    private static async Task<int> RunAsync(ClientOptions options, LogLevel level, LogFormat format, CancellationToken cancel)
    {
        using var loggers = LoggerFactory.Create(b => b
            .SetMinimumLevel(level)
            .AddSstpConsole(format, "HH:mm:ss ", textUtc: false));
        using var stop = new StopSignals(cancel);
        var client = new SstpClient(options, loggers.CreateLogger("sstp.client"));
        client.Up += info => Console.Out.WriteLine(
            $"sstp client: tunnel up: {info.LocalIPv4} <-> {info.PeerIPv4} (MTU {info.Mtu}, auth {info.Method}, binding {info.BindingHash})");
        using var status = StartStatusLine(client, stop.Token);
        var failure = await client.RunAsync(stop.Token).ConfigureAwait(false);
        Array.Clear(options.Password);
        if (failure is null)
        {
            return 0;
        }

        await Console.Error.WriteLineAsync($"sstp client: {failure.Message}").ConfigureAwait(false);
        return failure.ExitCode;
    }

    /// <summary>On a terminal, one line rewritten every second: state, address, bytes each way, RTT to the server.</summary>
    private static Timer? StartStatusLine(SstpClient client, CancellationToken stop)
    {
        if (Console.IsOutputRedirected)
        {
            return null;
        }

        return new Timer(_ =>
        {
            if (stop.IsCancellationRequested)
            {
                return;
            }

            var info = client.Tunnel;
            var traffic = client.Traffic;
            string line = info is null
                ? "connecting…"
                : $"up {info.LocalIPv4} via {client.DeviceName}  in {traffic?.BytesIn ?? 0:N0} B  out {traffic?.BytesOut ?? 0:N0} B  RTT {(client.TransportRtt is { } rtt ? $"{rtt.TotalMilliseconds:0.0} ms" : "-")}";
            Console.Out.Write($"\r{line,-78}");
        }, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    private static char[]? ReadPassword(bool fromStdin, TextWriter error)
    {
        string? password;
        if (fromStdin)
        {
            password = Console.In.ReadLine();
        }
        else if (!Console.IsInputRedirected)
        {
            Console.Error.Write("Password: ");
            var chars = new List<char>();
            while (true)
            {
                var key = Console.ReadKey(intercept: true);
                if (key.Key == ConsoleKey.Enter)
                {
                    break;
                }

                if (key.Key == ConsoleKey.Backspace)
                {
                    if (chars.Count > 0)
                    {
                        chars.RemoveAt(chars.Count - 1);
                    }

                    continue;
                }

                chars.Add(key.KeyChar);
            }

            Console.Error.WriteLine();
            return chars.Count == 0 ? Refuse(error) : [.. chars];
        }
        else
        {
            error.WriteLine("sstp client: no terminal to ask for the password on; use --password-stdin");
            return null;
        }

        return string.IsNullOrEmpty(password) ? Refuse(error) : password.ToCharArray();
    }

    private static char[]? Refuse(TextWriter error)
    {
        error.WriteLine("sstp client: an empty password is refused");
        return null;
    }

    /// <summary>Parses <c>https://host[:port]/...</c>, <c>host</c>, <c>host:port</c>, <c>[v6]:port</c> or a bare IPv6 address.</summary>
    public static bool TryParseServer(string text, out string host, out int port, out string? problem)
    {
        host = string.Empty;
        port = 443;
        problem = null;
        if (text.Contains("://", StringComparison.Ordinal))
        {
            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps || string.IsNullOrEmpty(uri.Host))
            {
                problem = $"'{text}' is not an https:// URL";
                return false;
            }

            host = uri.IdnHost.Trim('[', ']');
            port = uri.IsDefaultPort ? 443 : uri.Port;
            return true;
        }

        if (IPAddress.TryParse(text, out var bare) && bare.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            host = bare.ToString();
            return true;
        }

        string portText = string.Empty;
        if (text.StartsWith('['))
        {
            int close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                problem = $"'{text}': missing ']'";
                return false;
            }

            host = text[1..close];
            portText = text[(close + 1)..].TrimStart(':');
        }
        else
        {
            int colon = text.LastIndexOf(':');
            host = colon < 0 ? text : text[..colon];
            portText = colon < 0 ? string.Empty : text[(colon + 1)..];
        }

        if (host.Length == 0)
        {
            problem = $"'{text}': no host";
            return false;
        }

        if (portText.Length > 0 && (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
        {
            problem = $"'{text}': port must be 1-65535";
            return false;
        }

        return true;
    }

    private static bool TryParseValidation(string? ca, string? pin, bool insecure, out ServerCertificateValidation validation, out byte[]? pinBytes, out string? problem)
    {
        problem = null;
        pinBytes = null;
        validation = ServerCertificateValidation.SystemTrust;
        int chosen = (ca is null ? 0 : 1) + (pin is null ? 0 : 1) + (insecure ? 1 : 0);
        if (chosen > 1)
        {
            problem = "choose one of --ca, --pin-sha256 and --insecure";
            return false;
        }

        if (ca is not null)
        {
            if (!File.Exists(ca))
            {
                problem = $"--ca: '{ca}' does not exist";
                return false;
            }

            validation = ServerCertificateValidation.CustomCa;
        }
        else if (pin is not null)
        {
            try
            {
                pinBytes = CertificateHashes.ParseHex(pin);
            }
            catch (FormatException)
            {
                pinBytes = null;
            }

            if (pinBytes is not { Length: 32 })
            {
                problem = "--pin-sha256 must be 64 hex digits (colons allowed)";
                return false;
            }

            validation = ServerCertificateValidation.PinnedSha256;
        }
        else if (insecure)
        {
            validation = ServerCertificateValidation.Insecure;
        }

        return true;
    }

    private static bool TryParseRoutes(string[] texts, out IReadOnlyList<IPNetwork> networks, out string? problem)
    {
        problem = null;
        var result = new List<IPNetwork>();
        foreach (string text in texts)
        {
            if (!IPNetwork.TryParse(text, out var network))
            {
                problem = $"--route: '{text}' is not a CIDR network (e.g. 10.1.0.0/16)";
                networks = [];
                return false;
            }

            result.Add(network);
        }

        networks = result;
        return true;
    }

    private static bool TryParseProxy(string? text, out Uri? proxy, out string? problem)
    {
        problem = null;
        proxy = null;
        if (text is null)
        {
            return true;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out proxy) || proxy.Scheme != Uri.UriSchemeHttp || string.IsNullOrEmpty(proxy.Host))
        {
            problem = $"--proxy: '{text}' is not an http://[user:pass@]host:port URL";
            proxy = null;
            return false;
        }

        return true;
    }
}
