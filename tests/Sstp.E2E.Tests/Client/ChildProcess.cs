using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Sstp.E2E.Tests.Client;

/// <summary>
/// A long-running program started by a test (our server or client, tinyproxy, <c>sstp demo</c>): its output lines
/// are collected as they come, it can be signalled by its process id, and on dispose it gets SIGTERM, then SIGKILL
/// after a grace period, and its output goes to the test log. <c>ip netns exec</c> replaces itself with the
/// program, so a process started through it has the program's own id.
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly string _name;

    private ChildProcess(Process process, string name)
    {
        _process = process;
        _name = name;
        process.OutputDataReceived += (_, e) => Add(e.Data);
        process.ErrorDataReceived += (_, e) => Add(e.Data);
    }

    /// <summary>The process id (the one to signal).</summary>
    public int Id => _process.Id;

    /// <summary>True once the process has ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Everything printed so far (standard output and error, in arrival order).</summary>
    public IReadOnlyList<string> Lines => _lines.ToArray();

    /// <summary>Everything printed so far as one text.</summary>
    public string Output => string.Join('\n', Lines);

    /// <summary>Starts <paramref name="command"/> (program first) and writes <paramref name="stdinLine"/>, if any, as its first input line.</summary>
    public static ChildProcess Start(string name, IReadOnlyList<string> command, string? stdinLine = null)
    {
        var start = new ProcessStartInfo(command[0])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        var child = new ChildProcess(new Process { StartInfo = start }, name);
        child._process.Start();
        child._process.BeginOutputReadLine();
        child._process.BeginErrorReadLine();
        TestContext.Current.TestOutputHelper?.WriteLine($"started {name} (pid {child.Id}): {string.Join(' ', command)}");
        if (stdinLine is not null)
        {
            child._process.StandardInput.WriteLine(stdinLine);
        }

        child._process.StandardInput.Close();
        return child;
    }

    /// <summary>
    /// Waits for a line (after the first <paramref name="skip"/>) that contains <paramref name="text"/>; fails at
    /// once, with the output, when the process ends without printing it.
    /// </summary>
    public async Task<string> WaitForLineAsync(string text, TimeSpan timeout, int skip = 0)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            bool exited = _process.HasExited;
            if (exited)
            {
                // Wait for the end of the output streams so no line is missed.
                await _process.WaitForExitAsync();
            }

            var hit = Lines.Skip(skip).FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal));
            if (hit is not null)
            {
                return hit;
            }

            if (exited)
            {
                throw new InvalidOperationException($"{_name} exited ({_process.ExitCode}) without printing '{text}':\n{Output}");
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{_name} printed no line with '{text}' within {timeout}:\n{Output}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Sends a signal (TERM, INT, KILL …) to the process.</summary>
    public async Task SignalAsync(string signal)
    {
        if (_process.HasExited)
        {
            return;
        }

        using var kill = Process.Start("kill", ["-" + signal, Id.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
    }

    /// <summary>Waits for the process to end; returns its exit code, or null if it is still running after <paramref name="timeout"/>.</summary>
    public async Task<int?> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await SignalAsync("TERM");
            if (await WaitForExitAsync(TimeSpan.FromSeconds(20)) is null)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"{_name} (pid {Id}) exited {_process.ExitCode}; output:\n{Output}");
        _process.Dispose();
    }

    private void Add(string? line)
    {
        if (line is not null)
        {
            _lines.Enqueue(line);
        }
    }
}
