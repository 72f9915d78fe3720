using System.Diagnostics;

namespace Sstp.E2E.Tests;

/// <summary>A one-shot <c>iperf3 -s -1</c> bound to the server's tunnel address inside the guest's namespace.</summary>
internal sealed class IperfServer : IAsyncDisposable
{
    private readonly Process _process;

    private IperfServer(Process process) => _process = process;

    public static async Task<IperfServer> StartAsync(string bindAddress)
    {
        var start = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in (string[])["netns", "exec", Interop.Namespace, "iperf3", "-s", "-1", "-B", bindAddress, "-p", "5201"])
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
