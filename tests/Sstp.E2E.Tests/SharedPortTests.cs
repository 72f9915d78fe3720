using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Sstp.IO.Tls;

namespace Sstp.E2E.Tests;

/// <summary>
/// The TLS port shared with a website (issue 10, items 3 and 4), with the real server in the guest's namespace:
/// curl gets the backend's page through the server's TLS while sstpc still connects on the same port, and
/// the certificate a client sees follows the name it asks for.
/// </summary>
public sealed class SharedPortTests(SstpcGuest guest)
{
    private static readonly Dictionary<string, string> Alice = new() { ["alice"] = "alice-secret" };

    [Fact]
    public async Task AWebRequestGetsTheWebsite_WhileSstpcConnectsOnTheSamePort()
    {
        Interop.RequireRootAndSstpc();
        int backendPort = FreePort();
        string site = Path.Combine(Path.GetTempPath(), "sstp-e2e-site-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(site);
        await File.WriteAllTextAsync(Path.Combine(site, "index.html"), "<html><body>the shared website</body></html>\n", TestContext.Current.CancellationToken);
        using var backend = StartInNamespace("python3", "-m", "http.server", backendPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--directory", site);
        try
        {
            await using var server = await ServerProcess.StartAsync(
                Alice, ["--pool4", "10.88.0.0/24", "--auth", "mschapv2", "--web-backend", $"127.0.0.1:{backendPort}"]);
            await WaitForBackendAsync(backendPort);

            var (code, page) = await Curl(server.Port, "-sS", "-k", "--max-time", "10", $"https://{Interop.ServerAddress}:{server.Port}/");
            Assert.True(code == 0, page);
            Assert.Contains("the shared website", page, StringComparison.Ordinal);

            // A path that does not exist gets the website's 404, not ours.
            var (_, missing) = await Curl(server.Port, "-sS", "-k", "--max-time", "10", "-o", "/dev/null", "-w", "%{http_code}", $"https://{Interop.ServerAddress}:{server.Port}/nothing-here");
            Assert.Contains("404", missing, StringComparison.Ordinal);

            var (sstpcCode, output) = await guest.RunAsync(server.Port, "alice", "alice-secret", "mschapv2", "10.88.0.1");
            Assert.True(sstpcCode == 0, output);
            var up = await server.WaitForLineAsync("up: user alice", TimeSpan.FromSeconds(10));
            Assert.Contains("binding Sha256 Ok", up, StringComparison.Ordinal);
        }
        finally
        {
            Stop(backend);
            Directory.Delete(site, recursive: true);
        }
    }

    [Fact]
    public async Task TheCertificateFollowsTheServerName()
    {
        Interop.RequireRootAndSstpc();
        string directory = Path.Combine(Path.GetTempPath(), "sstp-e2e-sni-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        try
        {
            using var main = CertificateSource.CreateSelfSigned("main.example");
            using var a = CertificateSource.CreateSelfSigned("a.example");
            using var b = CertificateSource.CreateSelfSigned("*.b.example");
            main.SavePem(Path.Combine(directory, "main.pem"), Path.Combine(directory, "main.key"));
            a.SavePem(Path.Combine(directory, "a.pem"), Path.Combine(directory, "a.key"));
            b.SavePem(Path.Combine(directory, "b.pem"), Path.Combine(directory, "b.key"));
            string sni = $"{Path.Combine(directory, "a.pem")}:{Path.Combine(directory, "a.key")},{Path.Combine(directory, "b.pem")}:{Path.Combine(directory, "b.key")}";

            await using var server = await ServerProcess.StartAsync(
                Alice, ["--pool4", "10.88.0.0/24", "--cert", Path.Combine(directory, "main.pem"), "--key", Path.Combine(directory, "main.key"), "--sni-cert", sni]);

            Assert.Equal(Fingerprint(a), await SeenFingerprintAsync(server.Port, "a.example"));
            Assert.Equal(Fingerprint(b), await SeenFingerprintAsync(server.Port, "vpn.b.example"));
            Assert.Equal(Fingerprint(main), await SeenFingerprintAsync(server.Port, "other.example"));
            Assert.Equal(Fingerprint(main), await SeenFingerprintAsync(server.Port, null));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static string Fingerprint(CertificateSource source) => Convert.ToHexString(source.LeafSha256.Span);

    /// <summary>The SHA-256 of the certificate the server presents for <paramref name="name"/> (null: no SNI).</summary>
    private static async Task<string> SeenFingerprintAsync(int port, string? name)
    {
        string servername = name is null ? "-noservername" : $"-servername {name}";
        string script = $"openssl s_client -connect {Interop.ServerAddress}:{port} {servername} </dev/null 2>/dev/null | openssl x509 -noout -fingerprint -sha256";
        var (code, output) = await Interop.RunAsync("ip", ["netns", "exec", Interop.Namespace, "sh", "-c", script], timeout: TimeSpan.FromSeconds(30));
        Assert.True(code == 0, output);
        string value = output.Trim();
        return value[(value.IndexOf('=', StringComparison.Ordinal) + 1)..].Replace(":", string.Empty, StringComparison.Ordinal);
    }

    private static Task<(int ExitCode, string Output)> Curl(int port, params string[] arguments)
    {
        _ = port;
        return Interop.RunAsync("ip", ["netns", "exec", Interop.Namespace, "curl", .. arguments], timeout: TimeSpan.FromSeconds(30));
    }

    private static async Task WaitForBackendAsync(int port)
    {
        for (int i = 0; i < 50; i++)
        {
            var (code, _) = await Interop.RunAsync("ip", ["netns", "exec", Interop.Namespace, "curl", "-s", "-o", "/dev/null", "--max-time", "1", $"http://127.0.0.1:{port}/"], timeout: TimeSpan.FromSeconds(10));
            if (code == 0)
            {
                return;
            }

            await Task.Delay(200);
        }

        Assert.Fail("the test's web backend did not start");
    }

    private static Process StartInNamespace(params string[] command)
    {
        var start = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in (string[])["netns", "exec", Interop.Namespace, .. command])
        {
            start.ArgumentList.Add(a);
        }

        var process = Process.Start(start)!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static void Stop(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
    }

    /// <summary>A port number unlikely to be in use inside the namespace (free on the host's loopback just now).</summary>
    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
