using System.Diagnostics;
using Sstp.E2E.Tests.Client;

namespace Sstp.E2E.Tests;

/// <summary>
/// HAProxy from Debian, in the foreground (<c>-db</c>) inside the sstpc guest's namespace with a config the test
/// writes; stopped by its process id on dispose.
/// </summary>
internal sealed class HaProxy : IAsyncDisposable
{
    private readonly ChildProcess _process;
    private readonly string _directory;

    private HaProxy(ChildProcess process, string directory)
    {
        _process = process;
        _directory = directory;
    }

    /// <summary>What HAProxy printed.</summary>
    public string Output => _process.Output;

    /// <summary>Skips the calling test unless HAProxy is installed.</summary>
    public static void Require()
    {
        if (!File.Exists("/usr/sbin/haproxy"))
        {
            Assert.Skip("haproxy is not installed (apt-get install -y haproxy)");
        }
    }

    /// <summary>A fresh directory for the config and certificates of one test.</summary>
    public static string NewDirectory()
    {
        string directory = Path.Combine(Path.GetTempPath(), "sstp-e2e-lb-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        return directory;
    }

    /// <summary>
    /// Writes <paramref name="config"/> into <paramref name="directory"/> and starts HAProxy in <paramref name="ns"/>
    /// (default: the sstpc guest's namespace); returns once <paramref name="port"/> accepts.
    /// </summary>
    public static async Task<HaProxy> StartAsync(string directory, string config, int port, string? ns = null)
    {
        string file = Path.Combine(directory, "haproxy.cfg");
        await File.WriteAllTextAsync(file, config + "\n"); // HAProxy refuses a last line without its LF
        var check = await Interop.RunAsync("/usr/sbin/haproxy", ["-c", "-f", file], timeout: TimeSpan.FromSeconds(30));
        if (check.ExitCode != 0)
        {
            Directory.Delete(directory, recursive: true);
            Assert.Fail("haproxy -c:\n" + check.Output);
        }

        var process = ChildProcess.Start("haproxy", ["ip", "netns", "exec", ns ?? Interop.Namespace, "/usr/sbin/haproxy", "-db", "-f", file]);
        var haproxy = new HaProxy(process, directory);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            var (_, listening) = await Interop.RunAsync("ip", ["netns", "exec", ns ?? Interop.Namespace, "ss", "-Hltn", $"sport = :{port}"], timeout: TimeSpan.FromSeconds(10));
            if (listening.Contains($":{port}", StringComparison.Ordinal))
            {
                return haproxy;
            }

            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                await haproxy.DisposeAsync();
                throw new InvalidOperationException("haproxy did not start:\n" + process.Output);
            }

            await Task.Delay(100);
        }
    }

    /// <summary>A self-signed certificate and its key in one PEM file, as HAProxy's <c>crt</c> wants it; returns its path.</summary>
    public static async Task<string> CreateCertificateAsync(string directory, string name)
    {
        string key = Path.Combine(directory, name + ".key");
        string cert = Path.Combine(directory, name + ".crt");
        var (code, output) = await Interop.RunAsync(
            "openssl",
            ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "2", "-subj", $"/CN={name}", "-keyout", key, "-out", cert],
            timeout: TimeSpan.FromSeconds(30));
        Assert.True(code == 0, output);
        string pem = Path.Combine(directory, name + ".pem");
        await File.WriteAllTextAsync(pem, await File.ReadAllTextAsync(cert) + await File.ReadAllTextAsync(key));
        return pem;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
