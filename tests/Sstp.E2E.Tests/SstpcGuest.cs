namespace Sstp.E2E.Tests;

/// <summary>
/// The real sstpc 1.0.18 + pppd 2.4.9 in a user-mode-linux guest, started once for all tests through
/// <c>shared/interop/sstpc/up</c> and stopped with <c>down</c> (which stops only what <c>up</c>/<c>run</c> started).
/// </summary>
public sealed class SstpcGuest : IAsyncLifetime
{
    private bool _started;

    /// <summary>Why the guest could not be started, or null.</summary>
    public string? Unavailable { get; private set; }

    /// <inheritdoc/>
    public async ValueTask InitializeAsync()
    {
        if (!Environment.IsPrivilegedProcess || !File.Exists(Path.Combine(Interop.Sstpc, "up")))
        {
            Unavailable = "not root, or the sstpc interop scripts are missing";
            return;
        }

        var (code, output) = await Interop.RunAsync(Path.Combine(Interop.Sstpc, "up"), [], timeout: TimeSpan.FromMinutes(5));
        if (code != 0)
        {
            Unavailable = $"sstpc/up failed ({code}): {output}";
            return;
        }

        _started = true;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (_started)
        {
            await Interop.RunAsync(Path.Combine(Interop.Sstpc, "down"), [], timeout: TimeSpan.FromMinutes(1));
        }
    }

    /// <summary>
    /// Runs <c>sstpc/run</c> against our server and returns the exit code (0 = tunnel up and pings answered)
    /// and the output, whose last line is the RESULT line.
    /// </summary>
    public Task<(int ExitCode, string Output)> RunAsync(
        int port, string user, string password, string auth, string? pingAddress = null, IDictionary<string, string>? environment = null)
    {
        if (Unavailable is not null)
        {
            Assert.Skip(Unavailable);
        }

        var arguments = new List<string> { Interop.ServerAddress, port.ToString(System.Globalization.CultureInfo.InvariantCulture), user, password, auth };
        if (pingAddress is not null)
        {
            arguments.Add(pingAddress);
        }

        return Interop.RunAsync(Path.Combine(Interop.Sstpc, "run"), arguments, environment, TimeSpan.FromMinutes(3));
    }

    /// <summary>Runs shell commands inside the guest.</summary>
    public static Task<(int ExitCode, string Output)> ExecAsync(string commands) =>
        Interop.RunAsync(Path.Combine(Interop.Sstpc, "guest-exec"), ["-t", "60", commands], timeout: TimeSpan.FromMinutes(2));

    /// <summary>The harness's state directory: the one host folder the guest sees, read-write, at the same path.</summary>
    public const string StateDirectory = "/tmp/sstp-interop-sstpc";

    /// <summary>The pppd log of the last run (every LCP/auth/IPCP frame).</summary>
    public static string PppdLog => File.Exists(Path.Combine(StateDirectory, "logs", "pppd.log"))
        ? File.ReadAllText(Path.Combine(StateDirectory, "logs", "pppd.log"))
        : string.Empty;
}
