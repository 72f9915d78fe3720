using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Sstp.E2E.Tests.Client;

/// <summary>
/// SoftEther VPN Server 5.01 as a third-party SSTP server, started once for a test class through
/// <c>shared/interop/softether/up</c> (its stdout is <c>KEY=VALUE</c> lines, shell-quoted, parsed here as
/// <c>eval</c> would) and stopped with <c>down</c> at the end, unless it was already running before (then it is
/// left as it was found). vpnserver runs in a namespace of its own (<c>SOFTETHER_NETNS</c>).
/// </summary>
public sealed class SoftEtherServer : IAsyncLifetime
{
    private bool _stopAtEnd;

    /// <summary>The interop scripts.</summary>
    public static string Scripts => Path.Combine(Interop.Shared, "interop", "softether");

    /// <summary>Why the server is not available, or null.</summary>
    public string? Unavailable { get; private set; }

    /// <summary>The <c>KEY=VALUE</c> lines printed by <c>up</c>.</summary>
    public IReadOnlyDictionary<string, string> Values { get; private set; } = new Dictionary<string, string>();

    /// <summary>The namespace vpnserver runs in.</summary>
    public string Namespace => Get("SOFTETHER_NETNS", "sstp-interop-se");

    /// <summary>vpnserver's own port on that namespace's loopback.</summary>
    public int InnerPort => int.Parse(Get("SOFTETHER_INNER_PORT", "4443"), CultureInfo.InvariantCulture);

    /// <summary>The SHA-256 of the server certificate (DER, hex).</summary>
    public string CertSha256 => Get("SOFTETHER_CERT_SHA256", string.Empty);

    /// <summary>The gateway the server announces (SecureNAT's virtual host).</summary>
    public string Gateway => Get("SOFTETHER_GATEWAY", "192.168.30.1");

    /// <summary>The test user.</summary>
    public string User => Get("SOFTETHER_USER", "alice");

    /// <summary>The test user's password.</summary>
    public string Password => Get("SOFTETHER_PASSWORD", "alice-sstp-pw");

    /// <summary>Parses <c>KEY=VALUE</c> lines whose values are quoted as bash's <c>printf %q</c> does.</summary>
    public static Dictionary<string, string> ParseAssignments(string text)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || !line[..equals].All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                continue;
            }

            values[line[..equals]] = Unquote(line[(equals + 1)..]);
        }

        return values;
    }

    /// <summary>Skips the calling test unless the server is up.</summary>
    public void Require()
    {
        ClientE2E.RequireRoot();
        if (Unavailable is not null)
        {
            Assert.Skip(Unavailable);
        }
    }

    /// <inheritdoc/>
    public async ValueTask InitializeAsync()
    {
        if (!Environment.IsPrivilegedProcess || !File.Exists(Path.Combine(Scripts, "up")))
        {
            Unavailable = $"needs root and the SoftEther interop scripts ({Scripts})";
            return;
        }

        bool runningBefore = IsRunning();
        var (code, stdout, stderr) = await RunScriptAsync("up", TimeSpan.FromMinutes(5));
        _stopAtEnd = !runningBefore && code == 0;
        if (code != 0)
        {
            Unavailable = $"softether/up failed ({code}): {stderr}";
            return;
        }

        Values = ParseAssignments(stdout);
        if (Get("SOFTETHER_NETNS", string.Empty).Length == 0 || CertSha256.Length != 64)
        {
            Unavailable = $"softether/up did not report a namespace and a certificate hash (SOFTETHER_MODE=host?):\n{stdout}";
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (_stopAtEnd)
        {
            await RunScriptAsync("down", TimeSpan.FromMinutes(1));
        }
    }

    private string Get(string key, string fallback) => Values.TryGetValue(key, out var value) && value.Length > 0 ? value : fallback;

    /// <summary>True if a vpnserver started by <c>up</c> is alive (its PID file names a live process).</summary>
    private static bool IsRunning()
    {
        string state = Environment.GetEnvironmentVariable("SOFTETHER_STATE_DIR") ?? "/tmp/sstp-interop-softether";
        string pidFile = Path.Combine(state, "vpnserver.pid");
        return File.Exists(pidFile)
            && int.TryParse(File.ReadAllText(pidFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int pid)
            && Directory.Exists($"/proc/{pid}");
    }

    private static async Task<(int Code, string Stdout, string Stderr)> RunScriptAsync(string name, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(Path.Combine(Scripts, name)) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return (-1, await stdout, await stderr + $"\n{name} did not finish within {timeout}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Undoes bash quoting: backslash escapes, '…' and $'…' (\n, \t and \\ in the latter).</summary>
    private static string Unquote(string text)
    {
        var result = new StringBuilder();
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '\\' && i + 1 < text.Length)
            {
                result.Append(text[++i]);
            }
            else if (c == '\'')
            {
                int end = text.IndexOf('\'', i + 1);
                end = end < 0 ? text.Length : end;
                result.Append(text, i + 1, end - i - 1);
                i = end;
            }
            else if (c == '$' && i + 1 < text.Length && text[i + 1] == '\'')
            {
                for (i += 2; i < text.Length && text[i] != '\''; i++)
                {
                    if (text[i] == '\\' && i + 1 < text.Length)
                    {
                        char e = text[++i];
                        result.Append(e switch { 'n' => '\n', 't' => '\t', _ => e });
                    }
                    else
                    {
                        result.Append(text[i]);
                    }
                }
            }
            else
            {
                result.Append(c);
            }
        }

        return result.ToString();
    }
}
