using System.CommandLine;
using Sstp.Client.Bench;

namespace Sstp.Cli.Commands;

/// <summary>
/// <c>sstp bench tls</c>: the TLS baseline for the tunnel figures. The server's TLS acceptor and the client's TLS
/// connector talk over loopback in this one process (no SSTP, no TUN): bulk throughput each way
/// (<c>--mode stream</c>) or full handshakes per second (<c>--mode handshakes</c>). Exit codes: 0 done; 1 nothing
/// was measured; 2 bad arguments.
/// </summary>
internal static class BenchTlsCommand
{
    /// <summary>Builds the <c>tls</c> subcommand.</summary>
    public static Command Create()
    {
        var defaults = new TlsBenchOptions();
        var mode = new Option<string>("--mode") { Description = "stream (throughput each way) or handshakes (full TLS handshakes per second).", DefaultValueFactory = _ => "stream" };
        var duration = new Option<string>("--duration") { Description = "Measured time (stream: per direction), e.g. 5s.", DefaultValueFactory = _ => "5s", HelpName = "T" };
        var warmup = new Option<string>("--warmup") { Description = "Time run before measuring (0 for none), e.g. 1s.", DefaultValueFactory = _ => "1s", HelpName = "T" };
        var writeSize = new Option<int>("--write-size") { Description = "stream: bytes per write (default: the session driver's merged write size).", DefaultValueFactory = _ => defaults.WriteSize, HelpName = "BYTES" };
        var concurrency = new Option<int>("--concurrency") { Description = "handshakes: handshakes in flight at once.", DefaultValueFactory = _ => defaults.Concurrency, HelpName = "C" };
        var json = new Option<bool>("--json") { Description = "Print the result as one JSON object." };
        var command = new Command("tls", "TLS baseline over loopback with the server's acceptor and the client's connector: throughput (stream) or handshakes/s.")
        {
            mode, duration, warmup, writeSize, concurrency, json,
        };
        command.SetAction(async (parse, cancel) =>
        {
            if (!BenchArguments.TryParseTlsBench(
                parse.GetValue(mode)!, parse.GetValue(duration)!, parse.GetValue(warmup)!, parse.GetValue(writeSize), parse.GetValue(concurrency), out var options, out string? problem))
            {
                await Console.Error.WriteLineAsync($"sstp bench tls: {problem}").ConfigureAwait(false);
                return 2;
            }

            using var stop = new StopSignals(cancel);
            var report = await new TlsBench(options).RunAsync(stop.Token).ConfigureAwait(false);
            await Console.Out.WriteLineAsync(parse.GetValue(json) ? report.ToJson() : report.ToText()).ConfigureAwait(false);
            bool measured = report.UpMbps > 0 || report.HandshakesPerSecond > 0;
            return measured ? 0 : 1;
        });
        return command;
    }
}
