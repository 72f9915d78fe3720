using System.Diagnostics;

namespace Sstp.E2E.Tests;

/// <summary>
/// A one-shot <c>iperf3 -s -1</c> bound to the server's tunnel address inside a namespace (by default the guest's);
/// stopped by its process on dispose when it is still running.
/// </summary>
internal sealed class IperfServer : IAsyncDisposable
{
    private readonly Process _process;

    private IperfServer(Process process) => _process = process;

    public static async Task<IperfServer> StartAsync(string bindAddress, string? ns = null)
    {
        var start = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in (string[])["netns", "exec", ns ?? Interop.Namespace, "iperf3", "-s", "-1", "-B", bindAddress, "-p", "5201"])
        {
            start.ArgumentList.Add(a);
        }

        var process = Process.Start(start)!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await Task.Delay(500);
        return new IperfServer(process);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
