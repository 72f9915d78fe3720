using Sstp.IO.Primitives;
using Sstp.Server.Diagnostics;

namespace Sstp.Server.Hosting;

/// <summary>
/// Gives memory back after a burst: a flood of hostile connections or a wave of logins leaves the GC's regions and
/// OpenSSL's malloc arenas committed long after the connections are gone (docs/HOSTILE.md). The connection count is
/// sampled every few seconds; <see cref="MemoryTrimPolicy"/> decides.
/// </summary>
public sealed partial class SstpServer
{
    private static readonly TimeSpan MemorySampleInterval = TimeSpan.FromSeconds(5);

    /// <summary>Connections open now: past TLS (the session table) plus TLS handshakes in progress.</summary>
    private int OpenConnections => _sessions.Count + Math.Max(0, _options.Limits.MaxConcurrentHandshakes - _handshakes.CurrentCount);

    private async Task MemoryTrimLoopAsync(CancellationToken stopping)
    {
        var policy = new MemoryTrimPolicy(_time.GetElapsedTime(_rateEpoch));
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(MemorySampleInterval, _time, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            int open = OpenConnections;
            int peak = Math.Max(policy.Peak, open);
            if (policy.Observe(_time.GetElapsedTime(_rateEpoch), open))
            {
                var (before, after) = ProcessMemory.Trim();
                ServerLog.MemoryTrimmed(_log, peak, open, before / (1024.0 * 1024), after / (1024.0 * 1024), GC.GetTotalMemory(false) / (1024.0 * 1024));
            }
        }
    }
}
