using System.CommandLine;
using Sstp.Client.Bench;

namespace Sstp.Cli.Commands;

/// <summary>
/// <c>sstp bench hostile</c>: many misbehaving connections of mixed kinds (silent, garbage, slow, malformed, wrong
/// password, reset, stalled reader), optionally from many local addresses, reporting per kind how and how fast the
/// server ended them. For testing one's own server only. Exit codes: 0 done; 1 no connection could be made; 2 bad
/// arguments.
/// </summary>
internal static class BenchHostileCommand
{
    /// <summary>Builds the <c>hostile</c> subcommand.</summary>
    public static Command Create()
    {
        var server = new Option<string>("--server") { Description = "The server as host:port, [IPv6]:port or https://host[:port]/.", Required = true, HelpName = "HOST:PORT" };
        var connections = new Option<int>("--connections") { Description = "Connections to make in all.", DefaultValueFactory = _ => 1000, HelpName = "N" };
        var concurrency = new Option<int>("--concurrency") { Description = "Connections open at once (keep it below the server's limits.max-handshakes).", DefaultValueFactory = _ => 200, HelpName = "C" };
        var kinds = new Option<string>("--kinds") { Description = "all, or a list of: " + string.Join(", ", HostileKinds.All.Select(HostileKinds.Name)) + ".", DefaultValueFactory = _ => "all" };
        var source = new Option<string?>("--source") { Description = "Local addresses to connect from, used in turn (ADDR[,ADDR...]).", HelpName = "ADDRS" };
        var sourceRange = new Option<string?>("--source-range") { Description = "Connect from every host address of this network in turn (they must be configured locally).", HelpName = "CIDR" };
        var duration = new Option<string?>("--duration") { Description = "Stop the whole run after this long (e.g. 5m).", HelpName = "T" };
        var hold = new Option<string>("--hold-timeout") { Description = "How long one connection waits for the server to end it.", DefaultValueFactory = _ => "120s", HelpName = "T" };
        var user = new Option<string?>("--user") { Description = "A real user, for wrong-password (a wrong password) and stall-reader (logs in)." };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the user's password from the first line of standard input." };
        var pin = new Option<string?>("--pin-sha256") { Description = "Accept exactly the server certificate with this SHA-256 (hex).", HelpName = "HEX" };
        var insecure = new Option<bool>("--insecure") { Description = "Accept any server certificate (test servers only)." };
        var json = new Option<bool>("--json") { Description = "Print the result as one JSON object." };
        var command = new Command("hostile", "Hostile connections of mixed kinds against your own server; reports how and how fast it ended each kind.")
        {
            server, connections, concurrency, kinds, source, sourceRange, duration, hold, user, passwordStdin, pin, insecure, json,
        };
        command.SetAction(async (parse, cancel) =>
        {
            string? problem = null;
            TimeSpan? runFor = null;
            if (!ClientCommand.TryParseServer(parse.GetValue(server)!, out string host, out int port, out problem)
                || !TryCounts(parse.GetValue(connections), parse.GetValue(concurrency), out problem)
                || !HostileKinds.TryParse(parse.GetValue(kinds)!, out var kindList, out problem)
                || !HostileOptions.TryParseSources(parse.GetValue(source), parse.GetValue(sourceRange), out var sources, out problem)
                || !BenchArguments.TryParseValidation(parse.GetValue(pin), parse.GetValue(insecure), out var validation, out byte[]? pinBytes, out problem)
                || !BenchArguments.TryParseDuration(parse.GetValue(hold)!, out var holdTimeout, out problem)
                || (parse.GetValue(duration) is { } d && !BenchProgress.TryDuration(d, out runFor, out problem)))
            {
                await Console.Error.WriteLineAsync($"sstp bench hostile: {problem}").ConfigureAwait(false);
                return 2;
            }

            char[]? password = null;
            if (kindList.Any(HostileKinds.NeedsUser))
            {
                if (parse.GetValue(user) is null || !parse.GetValue(passwordStdin))
                {
                    await Console.Error.WriteLineAsync("sstp bench hostile: wrong-password and stall-reader need --user and --password-stdin (or leave them out of --kinds)").ConfigureAwait(false);
                    return 2;
                }

                string? line = await Console.In.ReadLineAsync(cancel).ConfigureAwait(false);
                if (string.IsNullOrEmpty(line))
                {
                    await Console.Error.WriteLineAsync("sstp bench hostile: an empty password is refused").ConfigureAwait(false);
                    return 2;
                }

                password = line.ToCharArray();
            }

            var options = new HostileOptions
            {
                Host = host,
                Port = port,
                Connections = parse.GetValue(connections),
                Concurrency = parse.GetValue(concurrency),
                Kinds = kindList,
                Sources = sources,
                Duration = runFor,
                HoldTimeout = holdTimeout,
                User = parse.GetValue(user),
                Password = password,
                Validation = validation,
                PinSha256 = pinBytes,
            };
            return await RunAsync(options, parse.GetValue(json), cancel).ConfigureAwait(false);
        });
        return command;
    }

    private static bool TryCounts(int connections, int concurrency, out string? problem)
    {
        problem = connections is < 1 or > HostileOptions.MaxConnections
            ? $"--connections {connections} is out of range (1-{HostileOptions.MaxConnections})"
            : concurrency is < 1 or > BenchArguments.MaxSessions
                ? $"--concurrency {concurrency} is out of range (1-{BenchArguments.MaxSessions})"
                : null;
        return problem is null;
    }

    private static async Task<int> RunAsync(HostileOptions options, bool json, CancellationToken cancel)
    {
        using var stop = new StopSignals(cancel);
        var runner = new HostileRunner(options);
        HostileReport report;
        await using (BenchProgress.Start(runner.ProgressLine))
        {
            report = await runner.RunAsync(stop.Token).ConfigureAwait(false);
        }

        if (options.Password is not null)
        {
            Array.Clear(options.Password);
        }

        await Console.Out.WriteLineAsync(json ? report.ToJson() : report.ToText()).ConfigureAwait(false);
        bool anyConnected = report.Kinds.Any(k => k.Attempts > k.Errors);
        return anyConnected ? 0 : 1;
    }
}
