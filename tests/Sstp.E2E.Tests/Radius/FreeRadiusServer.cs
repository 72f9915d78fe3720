using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Sstp.E2E.Tests.Client;

namespace Sstp.E2E.Tests.Radius;

/// <summary>
/// A real FreeRADIUS 3 for the tests: its own configuration in a temp folder (<see cref="FreeRadiusConfig"/>),
/// <c>freeradius -f -l stdout -d DIR</c> in the foreground (<c>-X</c>, full debug, with SSTP_E2E_RADIUS_DEBUG=1) (optionally inside a network namespace, where
/// <c>ip netns exec</c> leaves the process id unchanged), listening on 127.0.0.1 at <see cref="AuthPort"/> and
/// <see cref="AcctPort"/> = AuthPort + 1 (the <c>--radius ADDR:PORT</c> default). Ready once it answers a
/// Status-Server from <c>radclient</c>; stopped by its process id (SIGTERM, then SIGKILL) on dispose.
/// Needs the Debian packages <c>freeradius</c> and <c>freeradius-utils</c>.
/// </summary>
internal sealed class FreeRadiusServer : IAsyncDisposable
{
    /// <summary>The shared secret of the one client (127.0.0.1), also used by <c>radclient</c> and <c>radtest</c>.</summary>
    public const string Secret = "sstp-e2e-radius-secret";

    /// <summary>The address FreeRADIUS listens on.</summary>
    public const string Address = "127.0.0.1";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static int _nextNamespacePort = 21000 + (Environment.ProcessId % 400 * 10);

    private readonly ChildProcess _process;
    private readonly string _directory;

    private FreeRadiusServer(ChildProcess process, string directory, string? ns, int authPort)
    {
        _process = process;
        _directory = directory;
        Namespace = ns;
        AuthPort = authPort;
    }

    /// <summary>The network namespace FreeRADIUS runs in, or null for the host's.</summary>
    public string? Namespace { get; }

    /// <summary>The authentication port on 127.0.0.1.</summary>
    public int AuthPort { get; }

    /// <summary>The accounting port on 127.0.0.1 (AuthPort + 1).</summary>
    public int AcctPort => AuthPort + 1;

    /// <summary><c>127.0.0.1:AuthPort</c>, the value for <c>--radius</c>.</summary>
    public string AuthEndpoint => $"{Address}:{AuthPort.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The file the <c>detail</c> module appends every accounting request to.</summary>
    public string DetailFile => Path.Combine(_directory, "detail");

    /// <summary>What FreeRADIUS logged so far.</summary>
    public string Log => _process.Output;

    /// <summary>Skips the calling test unless FreeRADIUS and its client tools are installed.</summary>
    public static void RequireInstalled()
    {
        foreach (string tool in (string[])["freeradius", "radclient", "radtest"])
        {
            if (!ClientE2E.OnPath(tool))
            {
                Assert.Skip($"'{tool}' is not installed (apt-get install -y freeradius freeradius-utils)");
            }
        }

        if (!Directory.Exists(FreeRadiusConfig.Stock))
        {
            Assert.Skip($"{FreeRadiusConfig.Stock} is missing (the freeradius-config package)");
        }
    }

    /// <summary>
    /// Writes the configuration and starts FreeRADIUS in <paramref name="ns"/> (null: the host); returns once it answers.
    /// With <paramref name="eapTls"/>, EAP runs EAP-TLS with those certificates (see <see cref="FreeRadiusConfig"/>).
    /// </summary>
    public static async Task<FreeRadiusServer> StartAsync(string? ns = null, EapTlsCertificates? eapTls = null)
    {
        RequireInstalled();

        // A fresh namespace has all ports free; the host's (or a shared namespace's) may not.
        int authPort = ns is null ? FreeUdpPortPair() : Interlocked.Add(ref _nextNamespacePort, 2);
        string directory = Path.Combine(Path.GetTempPath(), "sstp-radius-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        ChildProcess? process = null;
        try
        {
            string raddb = Path.Combine(directory, "raddb");
            await FreeRadiusConfig.WriteAsync(raddb, authPort, authPort + 1, Path.Combine(directory, "detail"), eapTls);
            string secretFile = Path.Combine(directory, "radius-secret");
            await File.WriteAllTextAsync(secretFile, Secret + "\n");
            File.SetUnixFileMode(secretFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            // SSTP_E2E_RADIUS_DEBUG=1: -X, every packet and policy step in the log (shown with a failing test).
            string mode = Environment.GetEnvironmentVariable("SSTP_E2E_RADIUS_DEBUG") == "1" ? "-X" : "-f";
            process = ChildProcess.Start("freeradius", [.. InNamespace(ns), "freeradius", mode, "-l", "stdout", "-d", raddb]);
            var server = new FreeRadiusServer(process, directory, ns, authPort);
            await server.WaitUntilAnsweringAsync();
            return server;
        }
        catch
        {
            if (process is not null)
            {
                await process.DisposeAsync();
            }

            Directory.Delete(directory, recursive: true);
            throw;
        }
    }

    /// <summary>
    /// Runs <c>radclient -x -r 1 -t 3 -f FILE TARGET COMMAND SECRET</c> (in the same namespace) with
    /// <paramref name="attributes"/> (radclient syntax, e.g. <c>User-Name = "alice"</c>, one per line) and returns its
    /// exit code and output. <paramref name="command"/> is auth, acct, status, disconnect or coa.
    /// </summary>
    public async Task<(int ExitCode, string Output)> RadclientAsync(string target, string command, params string[] attributes)
    {
        string file = Path.Combine(_directory, "radclient-" + Guid.NewGuid().ToString("N")[..8]);
        await File.WriteAllTextAsync(file, string.Join('\n', attributes) + "\n");
        return await RunToolAsync("radclient", ["-x", "-r", "1", "-t", "3", "-f", file, target, command, Secret]);
    }

    /// <summary>Runs <c>radtest -t METHOD USER PASSWORD 127.0.0.1:AuthPort 0 SECRET</c> (pap, chap, mschap = MS-CHAPv1).</summary>
    public Task<(int ExitCode, string Output)> RadtestAsync(string user, string password, string method = "pap") =>
        RunToolAsync("radtest", ["-t", method, user, password, AuthEndpoint, "0", Secret]);

    /// <summary>A file (mode 0600) holding <see cref="Secret"/> on one line: the value for <c>--radius-secret-file</c>.</summary>
    public string SecretFile => Path.Combine(_directory, "radius-secret");

    /// <summary>Every accounting request received so far.</summary>
    public IReadOnlyList<DetailRecord> ReadDetail() =>
        File.Exists(DetailFile) ? DetailRecord.ParseFile(File.ReadAllText(DetailFile)) : [];

    /// <summary>Waits for an accounting request that satisfies <paramref name="match"/>; fails with the file's content after <paramref name="timeout"/>.</summary>
    public async Task<DetailRecord> WaitForAccountingAsync(Func<DetailRecord, bool> match, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var hit = ReadDetail().FirstOrDefault(match);
            if (hit is not null)
            {
                return hit;
            }

            if (DateTime.UtcNow > deadline)
            {
                string content = File.Exists(DetailFile) ? await File.ReadAllTextAsync(DetailFile) : "(no detail file)";
                throw new TimeoutException($"no matching accounting record within {timeout}; detail file:\n{content}\nFreeRADIUS log:\n{Log}");
            }

            await Task.Delay(100);
        }
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

    private static string[] InNamespace(string? ns) => ns is null ? [] : ["ip", "netns", "exec", ns];

    private Task<(int ExitCode, string Output)> RunToolAsync(string tool, string[] arguments) =>
        Namespace is null
            ? Interop.RunAsync(tool, arguments, timeout: TimeSpan.FromSeconds(30))
            : Interop.RunAsync("ip", ["netns", "exec", Namespace, tool, .. arguments], timeout: TimeSpan.FromSeconds(30));

    private async Task WaitUntilAnsweringAsync()
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            if (_process.HasExited)
            {
                await _process.WaitForExitAsync(TimeSpan.FromSeconds(5));
                throw new InvalidOperationException($"freeradius exited while starting:\n{Log}");
            }

            var (code, output) = await RadclientAsync(AuthEndpoint, "status", "Message-Authenticator = 0x00");
            if (code == 0 && output.Contains("Received Access-Accept", StringComparison.Ordinal))
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"freeradius did not answer Status-Server within {StartTimeout}:\n{Log}");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>A port P on 127.0.0.1 with P and P + 1 both free for UDP right now.</summary>
    private static int FreeUdpPortPair()
    {
        for (int attempt = 0; attempt < 50; attempt++)
        {
            using var first = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            first.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            int port = ((IPEndPoint)first.LocalEndPoint!).Port;
            if (port >= IPEndPoint.MaxPort)
            {
                continue;
            }

            using var second = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            try
            {
                second.Bind(new IPEndPoint(IPAddress.Loopback, port + 1));
                return port;
            }
            catch (SocketException)
            {
                // Taken: try another pair.
            }
        }

        throw new InvalidOperationException("no free pair of UDP ports on 127.0.0.1");
    }
}
