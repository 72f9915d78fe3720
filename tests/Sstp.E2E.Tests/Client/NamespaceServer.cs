using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Sstp.E2E.Tests.Client;

/// <summary>
/// The real <c>sstp server</c> in the server namespace of a <see cref="NamespacePair"/>, with throw-away users, state
/// directory (and so a fresh self-signed certificate) and the options the test gives. Its printed certificate
/// SHA-256 is what the client pins.
/// </summary>
internal sealed partial class NamespaceServer : IAsyncDisposable
{
    private readonly string _directory;
    private readonly string[] _command;
    private ChildProcess _process;

    private NamespaceServer(ChildProcess process, string directory, string[] command, string pin)
    {
        _process = process;
        _directory = directory;
        _command = command;
        PinSha256 = pin;
    }

    /// <summary>The SHA-256 of the server's certificate, as the server printed it.</summary>
    public string PinSha256 { get; }

    /// <summary>The server's control socket (in its temporary folder).</summary>
    public string ControlSocket => Path.Combine(_directory, "sstp.sock");

    /// <summary>The server process.</summary>
    public ChildProcess Process => _process;

    /// <summary>Everything the server printed so far.</summary>
    public IReadOnlyList<string> Lines => _process.Lines;

    /// <summary>
    /// Adds the users (name → password; a trailing <c>+chap</c> on the name adds it with <c>--chap</c>) and starts
    /// <c>sstp server --listen LISTEN --tun sstpd0 OPTIONS</c> in <see cref="NamespacePair.ServerNs"/> (a <c>--tun</c>
    /// in <paramref name="options"/> replaces sstpd0, so several servers can share the namespace).
    /// </summary>
    public static async Task<NamespaceServer> StartAsync(NamespacePair net, IReadOnlyDictionary<string, string> users, string listen, params string[] options)
    {
        string directory = Path.Combine(Path.GetTempPath(), "sstp-ce-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        string usersFile = Path.Combine(directory, "users");
        try
        {
            foreach (var (name, password) in users)
            {
                bool chap = name.EndsWith("+chap", StringComparison.Ordinal);
                await AddUserAsync(chap ? name[..^5] : name, password, usersFile, chap);
            }
        }
        catch
        {
            Directory.Delete(directory, recursive: true);
            throw;
        }

        string[] command = [
            "ip", "netns", "exec", net.ServerNs, "dotnet", ClientE2E.Sstp, "server", "--listen", listen, "--users", usersFile,
            "--state-dir", Path.Combine(directory, "state"), .. options.Contains("--tun") ? (string[])[] : ["--tun", "sstpd0"], "--control-socket", Path.Combine(directory, "sstp.sock"), .. options];
        var process = ChildProcess.Start("sstp server", command);
        try
        {
            await process.WaitForLineAsync("sstp server listening on", TimeSpan.FromSeconds(30));
        }
        catch
        {
            await process.DisposeAsync();
            Directory.Delete(directory, recursive: true);
            throw;
        }

        string pin = Sha256().Match(process.Output).Groups[1].Value;
        return new NamespaceServer(process, directory, command, pin);
    }

    /// <summary>Starts the server again with the same command line and state (so the same certificate), after it ended.</summary>
    public async Task RestartAsync()
    {
        await _process.DisposeAsync();
        _process = ChildProcess.Start("sstp server (again)", _command);
        await _process.WaitForLineAsync("sstp server listening on", TimeSpan.FromSeconds(30));
    }

    /// <summary>Waits for a server line containing every one of <paramref name="parts"/> (after <paramref name="skip"/> lines).</summary>
    public async Task<string> WaitForLineAsync(TimeSpan timeout, int skip, params string[] parts)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var hit = Lines.Skip(skip).FirstOrDefault(l => parts.All(p => l.Contains(p, StringComparison.Ordinal)));
            if (hit is not null)
            {
                return hit;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"the server printed no line with all of [{string.Join(" | ", parts)}]:\n{string.Join('\n', Lines)}");
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder; best effort.
        }
    }

    [GeneratedRegex("SHA-256 ([0-9A-F]{64})")]
    private static partial Regex Sha256();

    private static async Task AddUserAsync(string name, string password, string usersFile, bool chap)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in (string[])[ClientE2E.Sstp, "user", "add", name, "--password-stdin", "--users", usersFile, .. chap ? (string[])["--chap"] : []])
        {
            start.ArgumentList.Add(a);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        await process.StandardInput.WriteLineAsync(password);
        process.StandardInput.Close();
        string output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"sstp user add {name} failed: {output}");
        }
    }
}
