using System.CommandLine;
using Sstp.Client;
using Sstp.Client.Bench;

namespace Sstp.Cli.Commands;

/// <summary>
/// <c>sstp bench setup|hold</c>: a load generator on the client library, with no TUN device. <c>setup</c> measures
/// full session setups (TCP + TLS + SSTP + LCP + auth + IPCP) per second and their latency; <c>hold</c> opens
/// sessions and keeps them up until stopped or for <c>--duration</c>; <c>tls</c> (<see cref="BenchTlsCommand"/>) is the
/// TLS-only baseline over loopback; <c>hostile</c> (<see cref="BenchHostileCommand"/>) makes misbehaving
/// connections. Exit codes: 0 every session came up;
/// 1 some failed; 2 bad arguments.
/// </summary>
public static class BenchCommand
{
    /// <summary>Builds the <c>bench</c> command with its <c>setup</c>, <c>hold</c> and <c>tls</c> subcommands.</summary>
    public static Command Create()
    {
        var bench = new Command("bench", "Load generator: session setup rate and latency (setup), many idle sessions (hold), TLS baseline (tls).");
        bench.Subcommands.Add(CreateMode("setup", "Set up N sessions (C at a time), closing each after TunnelUp; report setups/s and setup times.", hold: false));
        bench.Subcommands.Add(CreateMode("hold", "Open N sessions and keep them up (Hello and echo answered) until SIGINT/SIGTERM or --duration.", hold: true));
        bench.Subcommands.Add(BenchTlsCommand.Create());
        bench.Subcommands.Add(BenchHostileCommand.Create());
        return bench;
    }

    private static Command CreateMode(string name, string description, bool hold)
    {
        var server = new Option<string>("--server") { Description = "The server as host:port, [IPv6]:port or https://host[:port]/.", Required = true, HelpName = "HOST:PORT" };
        var user = new Option<string>("--user") { Description = "The user name every session uses.", Required = true };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the password from the first line of standard input (required)." };
        var sessions = new Option<int>("--sessions") { Description = "Sessions to set up (setup) or to hold.", DefaultValueFactory = _ => 100, HelpName = "N" };
        var concurrency = new Option<int>("--concurrency") { Description = "Setups in flight at once.", DefaultValueFactory = _ => hold ? 32 : 8, HelpName = "C" };
        var pin = new Option<string?>("--pin-sha256") { Description = "Accept exactly the server certificate with this SHA-256 (hex), as `sstp server` prints it.", HelpName = "HEX" };
        var insecure = new Option<bool>("--insecure") { Description = "Accept any server certificate (test servers only)." };
        var auth = new Option<string>("--auth") { Description = "auto, or a list of pap, chap, mschapv2, eap-mschapv2.", DefaultValueFactory = _ => "auto" };
        var duration = new Option<string?>("--duration") { Description = "hold: how long to keep the sessions (500ms, 5s, 2m, 1h); default until stopped.", HelpName = "T" };
        var warmup = new Option<int>("--warmup") { Description = "setup: run this many setups first and leave them out of the figures (JIT and TLS warm-up).", HelpName = "N" };
        var json = new Option<bool>("--json") { Description = "Print the result as one JSON object." };

        var command = new Command(name, description) { server, user, passwordStdin, sessions, concurrency, pin, insecure, auth, json };
        if (hold)
        {
            command.Options.Add(duration);
        }
        else
        {
            command.Options.Add(warmup);
        }

        command.SetAction(async (parse, cancel) =>
        {
            var error = Console.Error;
            TimeSpan? holdFor = null;
            string? problem = null;
            if (!ClientCommand.TryParseServer(parse.GetValue(server)!, out string host, out int port, out problem)
                || !BenchArguments.TryValidateCounts(parse.GetValue(sessions), parse.GetValue(concurrency), out problem)
                || !ClientArguments.TryParseAuth(parse.GetValue(auth)!, out var authList, out problem)
                || !BenchArguments.TryParseValidation(parse.GetValue(pin), parse.GetValue(insecure), out var validation, out byte[]? pinBytes, out problem)
                || !TryWarmup(parse.GetValue(warmup), out problem)
                || (hold && parse.GetValue(duration) is { } d && !BenchProgress.TryDuration(d, out holdFor, out problem)))
            {
                await error.WriteLineAsync($"sstp bench {name}: {problem}").ConfigureAwait(false);
                return 2;
            }

            if (!parse.GetValue(passwordStdin))
            {
                await error.WriteLineAsync($"sstp bench {name}: give the password with --password-stdin").ConfigureAwait(false);
                return 2;
            }

            string? password = await Console.In.ReadLineAsync(cancel).ConfigureAwait(false);
            if (string.IsNullOrEmpty(password))
            {
                await error.WriteLineAsync($"sstp bench {name}: an empty password is refused").ConfigureAwait(false);
                return 2;
            }

            var options = new BenchOptions
            {
                Host = host,
                Port = port,
                User = parse.GetValue(user)!,
                Password = password.ToCharArray(),
                Auth = authList,
                Validation = validation,
                PinSha256 = pinBytes,
                Sessions = parse.GetValue(sessions),
                Concurrency = parse.GetValue(concurrency),
                Duration = holdFor,
                Warmup = hold ? 0 : parse.GetValue(warmup),
            };
            return await RunAsync(options, hold, parse.GetValue(json), cancel).ConfigureAwait(false);
        });
        return command;
    }

    private static bool TryWarmup(int warmup, out string? problem)
    {
        problem = warmup is < 0 or > BenchArguments.MaxSessions ? $"--warmup {warmup} is out of range (0-{BenchArguments.MaxSessions})" : null;
        return problem is null;
    }

    private static async Task<int> RunAsync(BenchOptions options, bool hold, bool json, CancellationToken cancel)
    {
        using var stop = new StopSignals(cancel);
        var runner = new BenchRunner(options);

        BenchReport report;
        await using (BenchProgress.Start(runner.ProgressLine))
        {
            report = hold ? await runner.RunHoldAsync(stop.Token).ConfigureAwait(false) : await runner.RunSetupAsync(stop.Token).ConfigureAwait(false);
        }

        Array.Clear(options.Password);
        await Console.Out.WriteLineAsync(json ? report.ToJson() : report.ToText()).ConfigureAwait(false);
        return report.Failed == 0 ? 0 : 1;
    }
}
