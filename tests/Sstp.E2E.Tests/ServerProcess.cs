using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Sstp.E2E.Tests;

/// <summary>
/// The real <c>sstp server</c> executable, started inside the sstpc guest's namespace with a throw-away users
/// file, state directory and TUN name, and stopped (SIGTERM, then kill) on dispose.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private static int _nextPort = 15443 + (Environment.ProcessId % 1000);
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServerProcess(Process process, int port, string directory, string tun)
    {
        _process = process;
        Port = port;
        Directory = directory;
        Tun = tun;
        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
    }

    /// <summary>The port the server listens on at <see cref="Interop.ServerAddress"/>.</summary>
    public int Port { get; }

    /// <summary>The temporary folder with the users file and the state directory.</summary>
    public string Directory { get; }

    /// <summary>The control socket the server was given by default (in <see cref="Directory"/>).</summary>
    public string ControlSocket => Path.Combine(Directory, "sstp.sock");

    /// <summary>The TUN device name.</summary>
    public string Tun { get; }

    /// <summary>Everything the server printed so far.</summary>
    public IReadOnlyList<string> Lines => _lines.ToArray();

    /// <summary>The server process (for signals and its exit code).</summary>
    public Process Process => _process;

    /// <summary>
    /// Creates users (name → password; a trailing <c>+chap</c> on the name stores the clear password) and
    /// starts the server with <c>--listen 10.77.77.1:PORT</c>, the given pool and extra options.
    /// </summary>
    public static Task<ServerProcess> StartAsync(IReadOnlyDictionary<string, string> users, params string[] options) =>
        StartAsync(users, new Dictionary<string, string>(), options);

    /// <summary>As <see cref="StartAsync(IReadOnlyDictionary{string, string}, string[])"/>, with extra environment variables for the server.</summary>
    public static async Task<ServerProcess> StartAsync(IReadOnlyDictionary<string, string> users, IReadOnlyDictionary<string, string> environment, params string[] options)
    {
        string directory = Path.Combine(Path.GetTempPath(), "sstp-e2e-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(directory);
        string usersFile = Path.Combine(directory, "users");
        string sstp = Path.Combine(AppContext.BaseDirectory, "sstp.dll");
        foreach (var (name, password) in users)
        {
            bool chap = name.EndsWith("+chap", StringComparison.Ordinal);
            var arguments = new List<string> { sstp, "user", "add", chap ? name[..^5] : name, "--password-stdin", "--users", usersFile };
            if (chap)
            {
                arguments.Add("--chap");
            }

            await AddUserAsync(arguments, password);
        }

        int port = Interlocked.Increment(ref _nextPort);
        string tun = "sste" + Guid.NewGuid().ToString("N")[..6];
        var start = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in (string[])["netns", "exec", Interop.Namespace, "dotnet", sstp, "server",
            "--listen", $"{Interop.ServerAddress}:{port}", "--users", usersFile, "--state-dir", Path.Combine(directory, "state"),
            "--tun", tun, .. ControlSocketOption(directory, options), .. options])
        {
            start.ArgumentList.Add(a);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start };
        var server = new ServerProcess(process, port, directory, tun);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var ready = await Task.WhenAny(server._ready.Task, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(30)));
        if (!server._ready.Task.IsCompleted)
        {
            await server.DisposeAsync();
            throw new InvalidOperationException("the server did not start:\n" + string.Join('\n', server.Lines));
        }

        return server;
    }

    /// <summary>Waits until a printed line contains <paramref name="text"/> (after <paramref name="skip"/> lines).</summary>
    public async Task<string> WaitForLineAsync(string text, TimeSpan timeout, int skip = 0)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var hit = Lines.Skip(skip).FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal));
            if (hit is not null)
            {
                return hit;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"no line with '{text}' within {timeout}:\n{string.Join('\n', Lines)}");
    }

    /// <summary>Sends SIGTERM and waits for the exit code.</summary>
    public async Task<int> StopAsync(TimeSpan timeout)
    {
        // `ip netns exec` replaces itself with the program, so the process id is the server's.
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        return _process.ExitCode;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            try
            {
                await StopAsync(TimeSpan.FromSeconds(20));
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        TestContext.Current.TestOutputHelper?.WriteLine("server output:\n" + string.Join('\n', Lines));
        _process.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder.
        }
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        _lines.Enqueue(line);
        if (line.Contains("sstp server listening on", StringComparison.Ordinal))
        {
            _ready.TrySetResult();
        }
    }

    /// <summary>Each server gets its own control socket in its folder unless the test names one (never the system's).</summary>
    private static string[] ControlSocketOption(string directory, string[] options) =>
        options.Contains("--control-socket") ? [] : ["--control-socket", Path.Combine(directory, "sstp.sock")];

    private static async Task AddUserAsync(List<string> arguments, string password)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        await process.StandardInput.WriteLineAsync(password);
        process.StandardInput.Close();
        string output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"sstp user add failed: {output}");
        }
    }
}
