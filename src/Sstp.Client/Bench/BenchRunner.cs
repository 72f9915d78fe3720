// The load generator's two runs.
//   setup: after an optional warm-up of W uncounted setups, C workers take session numbers 1..N in turn; each connects one BenchSession, records the time to
//          TunnelUp (or the failure), closes it gracefully (Call Disconnect, waiting for the ack) and takes the
//          next number. setups/s = successful setups / wall time of the whole phase, closes included.
//   hold:  the same workers open N sessions but keep them; once all were tried, the run waits for the duration
//          (or for the stop token), counts the sessions still up and those that ended meanwhile (by reason),
//          then closes the rest. Hello and LCP echo from the server are answered by the protocol core.
// Both share one TlsConnector (pinned or insecure: no chain building; one target name so TLS can resume).

using System.Diagnostics;
using System.Net;
using Sstp.IO.Tls;

namespace Sstp.Client.Bench;

/// <summary>Runs <c>sstp bench setup</c> and <c>sstp bench hold</c> against one server.</summary>
public sealed class BenchRunner
{
    private readonly BenchOptions _options;
    private int _next;
    private int _up;
    private int _failed;
    private int _done;

    /// <summary>Creates a runner for <paramref name="options"/>.</summary>
    public BenchRunner(BenchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    /// <summary>Setups finished so far (succeeded or failed).</summary>
    public int Completed => Volatile.Read(ref _done);

    /// <summary>Sessions currently up (hold) or setups that succeeded so far (setup).</summary>
    public int Up => Volatile.Read(ref _up);

    /// <summary>Setups that failed so far.</summary>
    public int Failed => Volatile.Read(ref _failed);

    /// <summary>One progress line: done/total, up, failed.</summary>
    public string ProgressLine() => $"{Completed}/{_options.Sessions} tried, {Up} up, {Failed} failed";

    /// <summary>Sets up <see cref="BenchOptions.Sessions"/> sessions, <see cref="BenchOptions.Concurrency"/> at a time, closing each after TunnelUp.</summary>
    /// <param name="stop">Ends the run early; the report covers the setups finished by then.</param>
    public async Task<BenchReport> RunSetupAsync(CancellationToken stop)
    {
        var server = await ResolveAsync(stop).ConfigureAwait(false);
        using var tls = CreateConnector();
        if (_options.Warmup > 0)
        {
            // JIT and TLS session cache warm-up on both ends; neither counted nor timed.
            _ = await SetupManyAsync(_options.Warmup, tls, server, stop).ConfigureAwait(false);
            _next = _up = _failed = _done = 0;
        }

        var cpu = CpuTime();
        var clock = Stopwatch.StartNew();
        var finished = await SetupManyAsync(_options.Sessions, tls, server, stop).ConfigureAwait(false);
        clock.Stop();
        return Finish(BenchStatistics.Summarize(NewReport("setup"), finished, clock.Elapsed), cpu);
    }

    private async Task<List<BenchSetupResult>> SetupManyAsync(int count, TlsConnector tls, IPEndPoint server, CancellationToken stop)
    {
        var results = new BenchSetupResult?[count];
        var workers = Enumerable.Range(0, Math.Min(_options.Concurrency, count)).Select(worker => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested && TakeNext(count) is int i)
            {
                var session = new BenchSession(_options, tls, server);
                await using (session.ConfigureAwait(false))
                {
                    var result = await session.SetupAsync(stop).ConfigureAwait(false);
                    Count(result);
                    await session.CloseAsync().ConfigureAwait(false);
                    results[i] = result;
                }
            }
        }, CancellationToken.None)).ToList();
        await Task.WhenAll(workers).ConfigureAwait(false);
        return [.. results.Where(r => r.HasValue).Select(r => r!.Value)];
    }

    /// <summary>
    /// Opens <see cref="BenchOptions.Sessions"/> sessions and keeps them up for <see cref="BenchOptions.Duration"/>
    /// or until <paramref name="stop"/>, then closes them all.
    /// </summary>
    /// <param name="stop">Ends the hold (SIGINT/SIGTERM).</param>
    public async Task<BenchReport> RunHoldAsync(CancellationToken stop)
    {
        var cpu = CpuTime();
        var server = await ResolveAsync(stop).ConfigureAwait(false);
        using var tls = CreateConnector();
        var results = new BenchSetupResult?[_options.Sessions];
        var sessions = new BenchSession?[_options.Sessions];
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, Math.Min(_options.Concurrency, _options.Sessions)).Select(worker => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested && TakeNext(_options.Sessions) is int i)
            {
                var session = new BenchSession(_options, tls, server);
                var result = await session.SetupAsync(stop).ConfigureAwait(false);
                Count(result);
                results[i] = result;
                if (result.Succeeded)
                {
                    sessions[i] = session;
                    _ = session.Completion.ContinueWith(_ => Interlocked.Decrement(ref _up), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                }
                else
                {
                    await session.DisposeAsync().ConfigureAwait(false);
                }
            }
        }, CancellationToken.None)).ToList();
        await Task.WhenAll(workers).ConfigureAwait(false);
        var setupElapsed = clock.Elapsed;
        var held = Stopwatch.StartNew();
        try
        {
            await Task.Delay(_options.Duration ?? Timeout.InfiniteTimeSpan, stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped by the user: report what was held until now.
        }

        held.Stop();
        var open = sessions.OfType<BenchSession>().ToList();
        var dropped = new SortedDictionary<string, int>(StringComparer.Ordinal);
        int stillUp = 0;
        foreach (var s in open)
        {
            if (s.Completion.IsCompleted)
            {
                string reason = s.Completion.Result.ToString();
                dropped[reason] = dropped.GetValueOrDefault(reason) + 1;
            }
            else
            {
                stillUp++;
            }
        }

        var finished = results.Where(r => r.HasValue).Select(r => r!.Value).ToList();
        var report = BenchStatistics.Summarize(NewReport("hold"), finished, setupElapsed) with
        {
            SessionsUp = stillUp,
            Dropped = dropped,
            HeldSeconds = Math.Round(held.Elapsed.TotalSeconds, 1),
        };
        report = Finish(report, cpu);
        await Task.WhenAll(open.Select(s => s.DisposeAsync().AsTask())).ConfigureAwait(false);
        return report;
    }

    private static TimeSpan CpuTime()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    private static long RssKib()
    {
        using var self = Process.GetCurrentProcess();
        return self.WorkingSet64 / 1024;
    }

    private int? TakeNext(int count)
    {
        int i = Interlocked.Increment(ref _next) - 1;
        return i < count ? i : null;
    }

    private void Count(BenchSetupResult result)
    {
        Interlocked.Increment(ref result.Succeeded ? ref _up : ref _failed);
        Interlocked.Increment(ref _done);
    }

    private BenchReport NewReport(string mode) => new()
    {
        Mode = mode,
        Server = _options.Host.Contains(':', StringComparison.Ordinal) ? $"[{_options.Host}]:{_options.Port}" : $"{_options.Host}:{_options.Port}",
        Sessions = _options.Sessions,
        Concurrency = _options.Concurrency,
    };

    private static BenchReport Finish(BenchReport report, TimeSpan cpuAtStart) => report with
    {
        ClientCpuSeconds = Math.Round((CpuTime() - cpuAtStart).TotalSeconds, 2),
        ClientRssKib = RssKib(),
    };

    private TlsConnector CreateConnector() => new(new TlsConnectorOptions
    {
        TargetHost = _options.Host,
        Validation = _options.Validation,
        PinnedSha256 = _options.PinSha256 ?? ReadOnlyMemory<byte>.Empty,
        HandshakeTimeout = _options.SetupTimeout,
    });

    private async Task<IPEndPoint> ResolveAsync(CancellationToken stop)
    {
        var address = IPAddress.TryParse(_options.Host, out var literal)
            ? literal
            : (await Dns.GetHostAddressesAsync(_options.Host, stop).ConfigureAwait(false))[0];
        return new IPEndPoint(address, _options.Port);
    }
}
