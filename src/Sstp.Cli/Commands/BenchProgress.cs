namespace Sstp.Cli.Commands;

/// <summary>
/// What the <c>sstp bench</c> commands share: a progress line on a terminal (on standard error, so standard output
/// stays one report), and the <c>--duration</c> parsing.
/// </summary>
internal sealed class BenchProgress : IAsyncDisposable
{
    private readonly Timer? _timer;

    private BenchProgress(Func<string> line) =>
        _timer = Console.IsErrorRedirected
            ? null
            : new Timer(_ => Console.Error.Write($"\r{line(),-78}"), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

    /// <summary>Rewrites <paramref name="line"/> every second while standard error is a terminal.</summary>
    public static BenchProgress Start(Func<string> line) => new(line);

    /// <summary>Parses a <c>--duration</c> value; the problem names the option.</summary>
    public static bool TryDuration(string text, out TimeSpan? value, out string? problem)
    {
        bool ok = Sstp.Client.Bench.BenchArguments.TryParseDuration(text, out var parsed, out problem);
        value = ok ? parsed : null;
        problem = ok ? null : $"--duration: {problem}";
        return ok;
    }

    /// <summary>Stops the line and clears it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_timer is not null)
        {
            await _timer.DisposeAsync().ConfigureAwait(false);
            await Console.Error.WriteAsync($"\r{string.Empty,-78}\r").ConfigureAwait(false);
        }
    }
}
