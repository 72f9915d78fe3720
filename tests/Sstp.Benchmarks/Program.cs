using BenchmarkDotNet.Running;

namespace Sstp.Benchmarks;

/// <summary>
/// Entry point: <c>dotnet run -c Release --project tests/Sstp.Benchmarks -- --filter '*' --job short</c>.
/// Every BenchmarkDotNet switch works (<c>--list flat</c>, <c>--filter '*DataPath*'</c>, <c>--job default</c>).
/// Reports go next to the binary (under the ignored <c>bin/</c>) unless <c>--artifacts</c> says otherwise, so a
/// run leaves the work tree clean.
/// </summary>
public static class Program
{
    /// <summary>Runs the benchmarks chosen by <paramref name="args"/>.</summary>
    public static void Main(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (!args.Contains("--artifacts", StringComparer.Ordinal))
        {
            args = [.. args, "--artifacts", Path.Combine(AppContext.BaseDirectory, "BenchmarkDotNet.Artifacts")];
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
