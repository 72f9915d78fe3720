using System.CommandLine;

namespace Sstp.Server.Configuration;

/// <summary>
/// The command-line options of <c>sstp server</c>: <c>--config FILE</c> plus one option per configuration
/// key (<see cref="ConfigKey.CliOption"/>), e.g. <c>--listen ADDR:PORT</c> (repeatable), <c>--pool4 CIDR</c>,
/// <c>--auth LIST</c>, <c>--nat</c>. Values stay text: <see cref="ServerOptionsValidator"/> parses them, so
/// a bad value on the command line is reported with its key exactly like one in the file.
/// </summary>
/// <remarks>
/// Usage in the server command: <c>options.AddTo(command)</c>; then in its action
/// <c>ServerOptionsLoader.Load(options.GetConfigPath(r) ?? ServerOptionsLoader.DefaultConfigPath,
/// options.GetConfigPath(r) is not null, options.GetOverlay(r))</c>.
/// </remarks>
public sealed class ServerCommandOptions
{
    private readonly List<(ConfigKey Key, Option Option)> _keyed = [];

    /// <summary>Creates a fresh set of options (one set per command: an option belongs to one command).</summary>
    public ServerCommandOptions()
    {
        Config = new Option<string>("--config")
        {
            Description = $"Configuration file (INI). Default {ServerOptionsLoader.DefaultConfigPath} when it exists.",
            HelpName = "FILE",
        };
        foreach (var key in ConfigKeys.All)
        {
            _keyed.Add((key, CreateOption(key)));
        }
    }

    /// <summary><c>--config FILE</c>: the INI file.</summary>
    public Option<string> Config { get; }

    /// <summary>Every option: <see cref="Config"/> first, then one per key in <see cref="ConfigKeys.All"/> order.</summary>
    public IReadOnlyList<Option> All => [Config, .. _keyed.Select(k => k.Option)];

    /// <summary>The option that sets <paramref name="key"/>.</summary>
    public Option For(ConfigKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        foreach (var (k, option) in _keyed)
        {
            if (k.Name == key.Name)
            {
                return option;
            }
        }

        throw new ArgumentException($"Unknown key {key.Name}.", nameof(key));
    }

    /// <summary>Adds every option to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        foreach (var option in All)
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The value of <c>--config</c>, or null when it was not given.</summary>
    public string? GetConfigPath(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        return parseResult.GetResult(Config) is { Implicit: false } ? parseResult.GetValue(Config) : null;
    }

    /// <summary>
    /// The overlay for <see cref="ServerOptionsLoader"/>: key → values for every option present on the
    /// command line (absent options are left out so the file's values stand). <c>--nat</c> gives
    /// <c>true</c> or <c>false</c>.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> GetOverlay(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        var overlay = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, option) in _keyed)
        {
            // Options without a value on the command line either have no result or (flags) an implicit one.
            if (parseResult.GetResult(option) is not { Implicit: false })
            {
                continue;
            }

            switch (option)
            {
                case Option<string[]> list:
                    overlay[key.Name] = parseResult.GetValue(list) ?? [];
                    break;
                case Option<bool> flag:
                    overlay[key.Name] = [parseResult.GetValue(flag) ? "true" : "false"];
                    break;
                case Option<string> single:
                    overlay[key.Name] = [parseResult.GetValue(single) ?? string.Empty];
                    break;
                default:
                    throw new InvalidOperationException($"Unexpected option type for {key.Name}.");
            }
        }

        return overlay;
    }

    private static Option CreateOption(ConfigKey key)
    {
        string description = $"{key.Summary} [{key.Name}]";
        if (key == ConfigKeys.Nat)
        {
            return new Option<bool>(key.CliOption) { Description = description };
        }

        if (key.IsList)
        {
            return new Option<string[]>(key.CliOption)
            {
                Description = description + " Repeatable; each value may be a comma-separated list.",
                HelpName = HelpNameOf(key),
                Arity = ArgumentArity.OneOrMore,
            };
        }

        return new Option<string>(key.CliOption) { Description = description, HelpName = HelpNameOf(key) };
    }

    private static string HelpNameOf(ConfigKey key) => key.Name switch
    {
        "server.listen" => "ADDR:PORT",
        "server.cert" or "server.key" or "server.users" => "FILE",
        "server.sni-certs" => "CERT[:KEY]",
        "server.web-backend" => "ADDR:PORT|off",
        "server.state-dir" => "DIR",
        "server.user" => "NAME",
        "server.auth" => "LIST",
        "pool.ipv4" => "CIDR",
        "pool.ipv6" => "PREFIX",
        "pool.dns" => "ADDR",
        "tunnel.name" => "NAME",
        "server.hello-interval" or "limits.pre-auth-timeout" or "limits.tls-handshake-timeout" or "limits.http-request-timeout"
            or "limits.setup-timeout" or "limits.ban-time" => "DURATION",
        "limits.source-rate" or "limits.auth-failures" => "COUNT/PERIOD",
        "limits.max-buffered" => "SIZE",
        "server.crypto-binding" => "enforce|log-only|off",
        "tunnel.write-merging" => "auto|on|off",
        "tunnel.offload" => "on|off",
        "server.log-level" => "LEVEL",
        "limits.rate" => "DOWN[/UP]",
        "control.socket" => "PATH|off",
        _ => "N",
    };
}
