using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Sstp.Client.Tests.Platform;

namespace Sstp.Client.Tests.Bench;

/// <summary>
/// Root only: <c>sstp server</c> in one network namespace (it needs a TUN device), <c>sstp bench</c> in another,
/// joined by a veth pair, as <c>sstp demo</c> does. Skipped with the reason when not root or when the sstp
/// executable has not been built.
/// </summary>
public sealed partial class BenchCommandEndToEndTests
{
    private const string Password = "bench-e2e-pw";

    [GeneratedRegex("SHA-256 ([0-9A-F]{64})")]
    private static partial Regex Sha256Line();

    [Fact]
    public async Task BenchSetupAndHold_FiftySessions_AllSucceedWithValidJson()
    {
        RootOnly.Require();
        string sstp = SstpDll() ?? string.Empty;
        if (sstp.Length == 0)
        {
            Assert.Skip("sstp.dll not found: build src/Sstp.Cli first (dotnet build).");
        }

        var cancel = TestContext.Current.CancellationToken;
        await using var net = await BenchNetwork.CreateAsync(sstp, Password, cancel);

        var (code, stdout, stderr) = await net.RunBenchAsync(["setup", "--sessions", "50", "--concurrency", "8"], cancel);
        Assert.True(code == 0, $"bench setup exit {code}: {stdout} {stderr}");
        using (var setup = JsonDocument.Parse(stdout))
        {
            Assert.Equal("setup", setup.RootElement.GetProperty("mode").GetString());
            Assert.Equal(50, setup.RootElement.GetProperty("succeeded").GetInt32());
            Assert.Equal(0, setup.RootElement.GetProperty("failed").GetInt32());
            Assert.True(setup.RootElement.GetProperty("setupsPerSecond").GetDouble() > 0);
            Assert.True(setup.RootElement.GetProperty("setupP99Ms").GetDouble() >= setup.RootElement.GetProperty("setupP50Ms").GetDouble());
        }

        (code, stdout, stderr) = await net.RunBenchAsync(["hold", "--sessions", "50", "--duration", "5s"], cancel);
        Assert.True(code == 0, $"bench hold exit {code}: {stdout} {stderr}");
        using var hold = JsonDocument.Parse(stdout);
        Assert.Equal("hold", hold.RootElement.GetProperty("mode").GetString());
        Assert.Equal(50, hold.RootElement.GetProperty("succeeded").GetInt32());
        Assert.Equal(50, hold.RootElement.GetProperty("sessionsUp").GetInt32());
        Assert.True(hold.RootElement.GetProperty("heldSeconds").GetDouble() >= 5);
    }

    /// <summary>The sstp executable built next to this test project (same configuration), or null.</summary>
    private static string? SstpDll()
    {
        string configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent?.Name ?? "Debug";
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            foreach (string config in (string[])[configuration, "Debug", "Release"])
            {
                string candidate = Path.Combine(dir.FullName, "src", "Sstp.Cli", "bin", config, "net10.0", "sstp.dll");
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    /// <summary>Two namespaces, a veth pair, a throw-away user and a running <c>sstp server</c>; removed on dispose.</summary>
    private sealed class BenchNetwork : IAsyncDisposable
    {
        private readonly string _suffix = RootOnly.UniqueSuffix()[..4];
        private readonly string _directory;
        private readonly List<string> _serverLines = [];
        private Process? _server;

        private BenchNetwork(string sstp)
        {
            Sstp = sstp;
            _directory = Path.Combine(Path.GetTempPath(), $"sstp-bench-{_suffix}");
        }

        public string Sstp { get; }

        public string ServerNs => $"sbe-s-{_suffix}";

        public string ClientNs => $"sbe-c-{_suffix}";

        public string Pin { get; private set; } = string.Empty;

        public static async Task<BenchNetwork> CreateAsync(string sstp, string password, CancellationToken cancel)
        {
            var net = new BenchNetwork(sstp);
            try
            {
                await net.StartAsync(password, cancel);
                return net;
            }
            catch
            {
                await net.DisposeAsync();
                throw;
            }
        }

        private async Task StartAsync(string password, CancellationToken cancel)
        {
            string s = $"sbv{_suffix}s", c = $"sbv{_suffix}c";
            await Run("ip", ["netns", "add", ServerNs]);
            await Run("ip", ["netns", "add", ClientNs]);
            await Run("ip", ["link", "add", s, "type", "veth", "peer", "name", c]);
            await Run("ip", ["link", "set", s, "netns", ServerNs]);
            await Run("ip", ["link", "set", c, "netns", ClientNs]);
            foreach (var (ns, dev, address) in new[] { (ServerNs, s, "192.0.2.1/24"), (ClientNs, c, "192.0.2.2/24") })
            {
                await Run("ip", ["-n", ns, "addr", "add", address, "dev", dev]);
                await Run("ip", ["-n", ns, "link", "set", dev, "up"]);
                await Run("ip", ["-n", ns, "link", "set", "lo", "up"]);
            }

            Directory.CreateDirectory(_directory);
            string users = Path.Combine(_directory, "users");
            var (code, _, error) = await RunSstp(null, ["user", "add", "bench", "--password-stdin", "--users", users], password, cancel);
            Assert.True(code == 0, error);

            var start = Start(ServerNs, ["server", "--listen", "192.0.2.1:443", "--users", users, "--state-dir", Path.Combine(_directory, "state"),
                "--tun", "sbench0", "--pool4", "10.89.0.0/22", "--auth", "mschapv2", "--max-handshakes", "1000",
                "--control-socket", Path.Combine(_directory, "sstp.sock"),
                "--source-rate", "off", "--max-pre-auth-per-source", "0"]); // every bench session comes from one address
            start.StandardInput.Close();
            _server = start;
            var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            void OnLine(object sender, DataReceivedEventArgs e)
            {
                if (e.Data is null)
                {
                    return;
                }

                lock (_serverLines)
                {
                    _serverLines.Add(e.Data);
                }

                if (e.Data.Contains("listening on", StringComparison.Ordinal))
                {
                    listening.TrySetResult();
                }
            }

            start.OutputDataReceived += OnLine;
            start.ErrorDataReceived += OnLine;
            start.BeginOutputReadLine();
            start.BeginErrorReadLine();
            await listening.Task.WaitAsync(TimeSpan.FromSeconds(30), cancel);
            lock (_serverLines)
            {
                Pin = Sha256Line().Match(string.Join('\n', _serverLines)).Groups[1].Value;
            }

            Assert.Equal(64, Pin.Length);
        }

        public Task<(int Code, string Stdout, string Stderr)> RunBenchAsync(string[] arguments, CancellationToken cancel) =>
            RunSstp(ClientNs, ["bench", .. arguments, "--server", "192.0.2.1:443", "--user", "bench", "--password-stdin", "--pin-sha256", Pin, "--json"], Password, cancel);

        public async ValueTask DisposeAsync()
        {
            if (_server is { HasExited: false })
            {
                using (var term = Process.Start("kill", ["-TERM", _server.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
                {
                    await term.WaitForExitAsync();
                }

                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
                try
                {
                    await _server.WaitForExitAsync(timeout.Token);
                }
                catch (OperationCanceledException)
                {
                    _server.Kill(entireProcessTree: true);
                }
            }

            _server?.Dispose();
            await Run("ip", ["netns", "del", ClientNs], check: false);
            await Run("ip", ["netns", "del", ServerNs], check: false);
            if (Directory.Exists(_directory))
            {
                Directory.Delete(_directory, recursive: true);
            }
        }

        private Process Start(string? ns, IEnumerable<string> arguments)
        {
            string[] command = ns is null ? ["dotnet", Sstp] : ["ip", "netns", "exec", ns, "dotnet", Sstp];
            var info = new ProcessStartInfo(command[0])
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (string a in command.Skip(1).Concat(arguments))
            {
                info.ArgumentList.Add(a);
            }

            return Process.Start(info)!;
        }

        private async Task<(int Code, string Stdout, string Stderr)> RunSstp(string? ns, IEnumerable<string> arguments, string stdin, CancellationToken cancel)
        {
            using var process = Start(ns, arguments);
            await process.StandardInput.WriteLineAsync(stdin);
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync(cancel);
            var stderr = process.StandardError.ReadToEndAsync(cancel);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            timeout.CancelAfter(TimeSpan.FromSeconds(120));
            await process.WaitForExitAsync(timeout.Token);
            return (process.ExitCode, await stdout, await stderr);
        }

        private static async Task Run(string file, string[] arguments, bool check = true)
        {
            using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardError = true, RedirectStandardOutput = true })!;
            string error = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (check && process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{file} {string.Join(' ', arguments)}: {error}");
            }
        }
    }
}
