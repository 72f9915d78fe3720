// `sstp bench hostile`: C workers take connection numbers 0..N-1 in turn; number i is kind i % K and comes from
// source address i % S, so every kind is spread over every source. The run ends when all N were made, or when
// --duration passes or a signal comes (connections still open are then closed and counted as `stopped`).

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Sstp.IO.Tls;

namespace Sstp.Client.Bench;

/// <summary>Runs <c>sstp bench hostile</c> against one server.</summary>
public sealed class HostileRunner
{
    private readonly HostileOptions _options;
    private readonly ConcurrentBag<HostileResult> _results = [];
    private int _next;
    private int _open;

    /// <summary>Creates a runner for <paramref name="options"/>.</summary>
    public HostileRunner(HostileOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Kinds.Any(HostileKinds.NeedsUser) && (options.User is null || options.Password is null))
        {
            throw new ArgumentException("the login kinds need a user and password", nameof(options));
        }

        _options = options;
    }

    /// <summary>One progress line: started/total, open now, finished.</summary>
    public string ProgressLine() => $"{Math.Min(Volatile.Read(ref _next), _options.Connections)}/{_options.Connections} started, {Volatile.Read(ref _open)} open, {_results.Count} done";

    /// <summary>Makes the connections and returns the report.</summary>
    /// <param name="stop">Ends the run early (SIGINT/SIGTERM).</param>
    public async Task<HostileReport> RunAsync(CancellationToken stop)
    {
        var server = await ResolveAsync(stop).ConfigureAwait(false);
        using var tls = new TlsConnector(new TlsConnectorOptions
        {
            TargetHost = _options.Host,
            Validation = _options.Validation,
            PinnedSha256 = _options.PinSha256 ?? ReadOnlyMemory<byte>.Empty,
            HandshakeTimeout = _options.HoldTimeout,
        });
        var probe = new HostileProbe(_options, server, tls);
        using var run = CancellationTokenSource.CreateLinkedTokenSource(stop);
        if (_options.Duration is { } duration)
        {
            run.CancelAfter(duration);
        }

        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, Math.Min(_options.Concurrency, _options.Connections)).Select(_ => Task.Run(async () =>
        {
            while (!run.IsCancellationRequested)
            {
                int i = Interlocked.Increment(ref _next) - 1;
                if (i >= _options.Connections)
                {
                    break;
                }

                var kind = _options.Kinds[i % _options.Kinds.Count];
                var source = _options.Sources.Count == 0 ? null : _options.Sources[i % _options.Sources.Count];
                Interlocked.Increment(ref _open);
                try
                {
                    _results.Add(await probe.RunAsync(kind, i / _options.Kinds.Count, source, run.Token).ConfigureAwait(false));
                }
                catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException or ObjectDisposedException or InvalidOperationException)
                {
                    _results.Add(new(kind, $"error:{e.GetType().Name}", null));
                }
                finally
                {
                    Interlocked.Decrement(ref _open);
                }
            }
        }, CancellationToken.None)).ToList();
        await Task.WhenAll(workers).ConfigureAwait(false);
        clock.Stop();
        return HostileReport.Summarize(_options, [.. _results], clock.Elapsed, run.IsCancellationRequested);
    }

    private async Task<IPEndPoint> ResolveAsync(CancellationToken stop)
    {
        var address = IPAddress.TryParse(_options.Host, out var literal)
            ? literal
            : (await Dns.GetHostAddressesAsync(_options.Host, stop).ConfigureAwait(false))[0];
        return new IPEndPoint(address, _options.Port);
    }
}
