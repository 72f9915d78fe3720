using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Sstp.Cli.Commands;

/// <summary>
/// <c>sstp demo</c>: the whole product in one command, with no setup. As root it creates two network namespaces
/// joined by a veth pair, runs <c>sstp server</c> in one (throw-away certificate and user) and <c>sstp client</c>
/// in the other (pinning the server's certificate), pings through the tunnel, prints what it did and the figures,
/// and removes everything again, also when interrupted.
/// </summary>
public static partial class DemoCommand
{
    private const string ServerAddress = "192.0.2.1";
    private const string ClientAddress = "192.0.2.2";

    /// <summary>Builds the <c>demo</c> command.</summary>
    public static Command Create()
    {
        var command = new Command("demo", "Run a server and a client in two network namespaces and ping through the tunnel (root).");
        command.SetAction(async (_, cancel) =>
        {
            // Ctrl-C and SIGTERM interrupt the demo, which then cleans up everything it created.
            using var stop = new StopSignals(cancel);
            return await RunAsync(stop.Token).ConfigureAwait(false);
        });
        return command;
    }

    [GeneratedRegex("SHA-256 ([0-9A-F]{64})")]
    private static partial Regex Sha256Line();

    [GeneratedRegex(@"time=([0-9.]+) ms")]
    private static partial Regex PingTime();

    private static async Task<int> RunAsync(CancellationToken cancel)
    {
        var output = Console.Out;
        if (!Environment.IsPrivilegedProcess)
        {
            await Console.Error.WriteLineAsync("sstp demo: run it as root (it creates network namespaces and TUN devices)").ConfigureAwait(false);
            return 1;
        }

        string suffix = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(2));
        string serverNs = $"sstp-demo-s-{suffix}";
        string clientNs = $"sstp-demo-c-{suffix}";
        string directory = Path.Combine(Path.GetTempPath(), $"sstp-demo-{suffix}");
        string password = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12));
        var processes = new List<Process>();
        try
        {
            await output.WriteLineAsync($"1. network namespaces {serverNs} ({ServerAddress}) and {clientNs} ({ClientAddress}), joined by a veth pair").ConfigureAwait(false);
            await RunAsync("ip", ["netns", "add", serverNs]).ConfigureAwait(false);
            await RunAsync("ip", ["netns", "add", clientNs]).ConfigureAwait(false);
            await RunAsync("ip", ["link", "add", $"sdv{suffix}s", "type", "veth", "peer", "name", $"sdv{suffix}c"]).ConfigureAwait(false);
            await RunAsync("ip", ["link", "set", $"sdv{suffix}s", "netns", serverNs]).ConfigureAwait(false);
            await RunAsync("ip", ["link", "set", $"sdv{suffix}c", "netns", clientNs]).ConfigureAwait(false);
            foreach (var (ns, dev, address) in new[] { (serverNs, $"sdv{suffix}s", ServerAddress), (clientNs, $"sdv{suffix}c", ClientAddress) })
            {
                await RunAsync("ip", ["-n", ns, "addr", "add", $"{address}/24", "dev", dev]).ConfigureAwait(false);
                await RunAsync("ip", ["-n", ns, "link", "set", dev, "up"]).ConfigureAwait(false);
                await RunAsync("ip", ["-n", ns, "link", "set", "lo", "up"]).ConfigureAwait(false);
            }

            Directory.CreateDirectory(directory);
            string users = Path.Combine(directory, "users");
            await output.WriteLineAsync("2. a throw-away user 'demo' and, on first start, a self-signed certificate").ConfigureAwait(false);
            var add = Start(null, ["user", "add", "demo", "--password-stdin", "--users", users], password);
            await add.WaitForExitAsync(cancel).ConfigureAwait(false);
            if (add.ExitCode != 0)
            {
                throw new InvalidOperationException("sstp user add failed: " + await add.StandardError.ReadToEndAsync(cancel).ConfigureAwait(false));
            }

            await output.WriteLineAsync($"3. sstp server in {serverNs} on {ServerAddress}:443").ConfigureAwait(false);
            var serverLines = new LineLog();
            var server = Start(serverNs, ["server", "--listen", $"{ServerAddress}:443", "--users", users, "--state-dir", Path.Combine(directory, "state"),
                "--tun", "sstpd0", "--pool4", "10.88.0.0/24", "--auth", "mschapv2", "--control-socket", Path.Combine(directory, "sstp.sock")], null, serverLines);
            processes.Add(server);
            await serverLines.WaitAsync(l => l.Contains("listening on", StringComparison.Ordinal), TimeSpan.FromSeconds(30), cancel).ConfigureAwait(false);
            string pin = Sha256Line().Match(string.Join('\n', serverLines.Lines)).Groups[1].Value;
            await output.WriteLineAsync($"   certificate SHA-256 {pin}").ConfigureAwait(false);

            await output.WriteLineAsync($"4. sstp client in {clientNs}, pinning that certificate").ConfigureAwait(false);
            var clientLines = new LineLog();
            var started = Stopwatch.StartNew();
            var client = Start(clientNs, ["client", ServerAddress, "--user", "demo", "--password-stdin", "--pin-sha256", pin, "--tun", "sstpc0", "--no-dns"], password, clientLines);
            processes.Add(client);
            string up = await clientLines.WaitAsync(l => l.Contains("tunnel up", StringComparison.Ordinal), TimeSpan.FromSeconds(30), cancel).ConfigureAwait(false);
            started.Stop();
            await output.WriteLineAsync($"   {up.Trim()} after {started.Elapsed.TotalMilliseconds:0} ms").ConfigureAwait(false);

            await output.WriteLineAsync("5. ping 10.88.0.1 (the server's end of the tunnel) from the client's namespace").ConfigureAwait(false);
            var (code, text) = await RunAsync("ip", ["netns", "exec", clientNs, "ping", "-c", "3", "-i", "0.2", "-W", "2", "10.88.0.1"], check: false).ConfigureAwait(false);
            var times = PingTime().Matches(text).Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
            await output.WriteLineAsync(times.Count > 0
                ? $"   {times.Count}/3 answered, RTT min {times.Min():0.000} / avg {times.Average():0.000} / max {times.Max():0.000} ms"
                : $"   no answer (exit {code}): {text.Trim()}").ConfigureAwait(false);
            return times.Count == 3 ? 0 : 1;
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or IOException)
        {
            await Console.Error.WriteLineAsync($"sstp demo: {e.Message}").ConfigureAwait(false);
            return 1;
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("sstp demo: interrupted").ConfigureAwait(false);
            return 130;
        }
        finally
        {
            await output.WriteLineAsync("6. clean up: stop client and server, delete the namespaces").ConfigureAwait(false);
            for (int i = processes.Count - 1; i >= 0; i--)
            {
                await StopAsync(processes[i]).ConfigureAwait(false);
            }

            await RunAsync("ip", ["netns", "del", clientNs], check: false).ConfigureAwait(false);
            await RunAsync("ip", ["netns", "del", serverNs], check: false).ConfigureAwait(false);
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // A temp folder; best effort.
            }
        }
    }

    /// <summary>Starts this same executable with <paramref name="arguments"/>, optionally inside a namespace.</summary>
    private static Process Start(string? ns, IEnumerable<string> arguments, string? stdin, LineLog? lines = null)
    {
        var self = new List<string>();
        string processPath = Environment.ProcessPath ?? "dotnet";
        if (Path.GetFileNameWithoutExtension(processPath) == "dotnet")
        {
            self.Add(processPath);
            // Run as `dotnet sstp.dll` (a single-file build has no assembly path and never gets here).
            self.Add(Path.Combine(AppContext.BaseDirectory, typeof(DemoCommand).Assembly.GetName().Name + ".dll"));
        }
        else
        {
            self.Add(processPath);
        }

        var command = ns is null ? self : ["ip", "netns", "exec", ns, .. self];
        var start = new ProcessStartInfo(command[0])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in command.Skip(1).Concat(arguments))
        {
            start.ArgumentList.Add(a);
        }

        var process = Process.Start(start)!;
        if (lines is not null)
        {
            process.OutputDataReceived += (_, e) => lines.Add(e.Data);
            process.ErrorDataReceived += (_, e) => lines.Add(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        if (stdin is not null)
        {
            process.StandardInput.WriteLine(stdin);
        }

        process.StandardInput.Close();
        return process;
    }

    private static async Task StopAsync(Process process)
    {
        if (!process.HasExited)
        {
            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync().ConfigureAwait(false);
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try
            {
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        process.Dispose();
    }

    private static async Task<(int Code, string Output)> RunAsync(string program, IEnumerable<string> arguments, bool check = true)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        string text = await process.StandardOutput.ReadToEndAsync().ConfigureAwait(false) + await process.StandardError.ReadToEndAsync().ConfigureAwait(false);
        await process.WaitForExitAsync().ConfigureAwait(false);
        if (check && process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', start.ArgumentList)} failed: {text.Trim()}");
        }

        return (process.ExitCode, text);
    }

    /// <summary>Lines printed by a child process, collected from its output threads.</summary>
    private sealed class LineLog
    {
        private readonly List<string> _lines = [];

        public IReadOnlyList<string> Lines
        {
            get
            {
                lock (_lines)
                {
                    return [.. _lines];
                }
            }
        }

        public void Add(string? line)
        {
            if (line is not null)
            {
                lock (_lines)
                {
                    _lines.Add(line);
                }
            }
        }

        public async Task<string> WaitAsync(Func<string, bool> match, TimeSpan timeout, CancellationToken cancel)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (DateTime.UtcNow < deadline)
            {
                var hit = Lines.FirstOrDefault(match);
                if (hit is not null)
                {
                    return hit;
                }

                await Task.Delay(50, cancel).ConfigureAwait(false);
            }

            throw new TimeoutException("timed out; the process printed:\n  " + string.Join("\n  ", Lines));
        }
    }
}
