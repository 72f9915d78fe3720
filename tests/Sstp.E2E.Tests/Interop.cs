using System.Diagnostics;

namespace Sstp.E2E.Tests;

/// <summary>Paths and helper programs the end-to-end tests use.</summary>
internal static class Interop
{
    /// <summary>The repository root (the folder holding Sstp.slnx).</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>The shared folder beside the repository (protocol docs and interop scripts).</summary>
    public static string Shared => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));

    /// <summary>The sstpc interop scripts.</summary>
    public static string Sstpc => Path.Combine(Shared, "interop", "sstpc");

    /// <summary>The network namespace the sstpc guest's tap lives in (created by its <c>up</c> script).</summary>
    public const string Namespace = "sstp-interop";

    /// <summary>The address of the tap inside <see cref="Namespace"/>, where our server listens.</summary>
    public const string ServerAddress = "10.77.77.1";

    /// <summary>Skips the calling test, with the reason, unless the machine can run the real peers.</summary>
    public static void RequireRootAndSstpc()
    {
        if (!Environment.IsPrivilegedProcess)
        {
            Assert.Skip("needs root: the server creates a TUN device and the sstpc guest needs a network namespace");
        }

        if (!File.Exists(Path.Combine(Sstpc, "up")))
        {
            Assert.Skip($"the sstpc interop scripts are missing ({Sstpc})");
        }

        if (!File.Exists("/dev/net/tun"))
        {
            Assert.Skip("/dev/net/tun is missing");
        }
    }

    /// <summary>Runs a program to completion and returns its exit code and combined output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(
        string program, IEnumerable<string> arguments, IDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', start.ArgumentList)} did not finish in time");
        }

        string text = await output + await error;
        TestContext.Current.TestOutputHelper?.WriteLine($"$ {program} {string.Join(' ', start.ArgumentList)} -> {process.ExitCode}\n{text}");
        return (process.ExitCode, text);
    }

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Sstp.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Sstp.slnx not found above the test binaries");
    }
}
