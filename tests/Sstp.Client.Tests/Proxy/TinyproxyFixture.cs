using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Sstp.Client.Tests.Proxy;

/// <summary>
/// A real tinyproxy (Debian package <c>tinyproxy</c>) on 127.0.0.1 with a generated configuration: a free
/// port, CONNECT allowed only to the echo server's port, Basic authentication required. Started once for
/// the test class and stopped by its PID.
/// </summary>
public sealed class TinyproxyFixture : IAsyncLifetime
{
    public const string User = "sstpuser";
    public const string Password = "s3cret";

    private readonly StringBuilder _log = new();
    private readonly EchoServer _echo = new();
    private Process? _process;
    private string? _directory;

    /// <summary>Null when tinyproxy can run; otherwise why the tests skip.</summary>
    public string? SkipReason { get; private set; }

    public int ProxyPort { get; private set; }

    public int EchoPort => _echo.Port;

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public async ValueTask InitializeAsync()
    {
        string? tinyproxy = new[] { "/usr/bin/tinyproxy", "/usr/sbin/tinyproxy" }.FirstOrDefault(File.Exists);
        if (tinyproxy is null)
        {
            SkipReason = "tinyproxy is not installed (apt-get install tinyproxy).";
            return;
        }

        ProxyPort = FreePort();
        _directory = Path.Combine(Path.GetTempPath(), "sstp-tinyproxy-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(_directory);
        string config = Path.Combine(_directory, "tinyproxy.conf");
        await File.WriteAllTextAsync(config, string.Create(CultureInfo.InvariantCulture, $"""
            Port {ProxyPort}
            Listen 127.0.0.1
            Timeout 30
            MaxClients 20
            LogLevel Info
            Allow 127.0.0.1
            ConnectPort {EchoPort}
            BasicAuth {User} {Password}

            """));

        var start = new ProcessStartInfo(tinyproxy) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in (string[])["-d", "-c", config])
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        // Wait until it accepts connections (it binds right after reading the configuration).
        for (int attempt = 0; ; attempt++)
        {
            using var probe = new TcpClient();
            try
            {
                await probe.ConnectAsync(IPAddress.Loopback, ProxyPort);
                return;
            }
            catch (SocketException) when (attempt < 200 && !_process.HasExited)
            {
                await Task.Delay(25);
            }
            catch (SocketException)
            {
                throw new InvalidOperationException("tinyproxy did not start listening:\n" + Log);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                await _process.WaitForExitAsync();
            }

            _process.Dispose();
        }

        await _echo.DisposeAsync();
        if (_directory is not null)
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }
    }
}
