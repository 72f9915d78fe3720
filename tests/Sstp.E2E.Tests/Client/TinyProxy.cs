namespace Sstp.E2E.Tests.Client;

/// <summary>
/// A real HTTP CONNECT proxy: tinyproxy in the foreground inside a namespace, listening on 127.0.0.1 with a
/// generated config (CONNECT only to port 443, optional Basic authentication). Its log goes to stderr, which the
/// test reads to prove the client's connection went through it.
/// </summary>
internal sealed class TinyProxy : IAsyncDisposable
{
    private readonly ChildProcess _process;
    private readonly string _directory;

    private TinyProxy(ChildProcess process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    /// <summary>The port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>What tinyproxy logged so far.</summary>
    public string Log => _process.Output;

    /// <summary>Starts tinyproxy in <paramref name="ns"/>; with <paramref name="user"/> it requires Basic authentication.</summary>
    public static async Task<TinyProxy> StartAsync(string ns, int port, string? user = null, string? password = null)
    {
        string directory = Path.Combine(Path.GetTempPath(), "sstp-ce-proxy-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        string config = Path.Combine(directory, "tinyproxy.conf");
        var lines = new List<string>
        {
            $"Port {port}",
            "Listen 127.0.0.1",
            "Timeout 120",
            "MaxClients 10",
            "Allow 127.0.0.1",
            "ConnectPort 443",
            "LogLevel Info",
        };
        if (user is not null)
        {
            lines.Add($"BasicAuth {user} {password}");
        }

        await File.WriteAllLinesAsync(config, lines);
        var process = ChildProcess.Start("tinyproxy", ["ip", "netns", "exec", ns, "tinyproxy", "-d", "-c", config]);
        try
        {
            await process.WaitForLineAsync("Accepting connections", TimeSpan.FromSeconds(15));
        }
        catch
        {
            await process.DisposeAsync();
            Directory.Delete(directory, recursive: true);
            throw;
        }

        return new TinyProxy(process, directory, port);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
