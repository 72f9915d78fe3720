using System.Diagnostics.CodeAnalysis;

namespace Sstp.Fuzz;

/// <summary>Runs saved inputs through targets without a fuzzer (regressions, CI, the unit test suite).</summary>
public static class Replay
{
    /// <summary>Every file under <paramref name="paths"/> (files or folders, recursively), sorted.</summary>
    public static IEnumerable<string> Files(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                foreach (var file in Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                {
                    yield return file;
                }
            }
            else if (File.Exists(path))
            {
                yield return path;
            }
        }
    }

    /// <summary>Runs one file through one target; returns the failure, or null when every invariant held.</summary>
    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "Any exception at all is a finding to report.")]
    public static Exception? Run(FuzzTarget target, string file)
    {
        ArgumentNullException.ThrowIfNull(target);
        var bytes = File.ReadAllBytes(file);
        try
        {
            target.Run(bytes);
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }

    /// <summary>Replays files through <paramref name="target"/>, printing failures; returns the exit code.</summary>
    public static int Paths(FuzzTarget target, IEnumerable<string> paths, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(output);
        int files = 0, failed = 0;
        foreach (var file in Files(paths))
        {
            files++;
            if (Run(target, file) is { } failure)
            {
                failed++;
                output.WriteLine($"FAIL {target.Name} {file}: {failure.GetType().Name}: {failure.Message}");
                output.WriteLine(failure.StackTrace);
            }
        }

        output.WriteLine($"{target.Name}: {files} files, {failed} failed");
        return failed == 0 ? 0 : 1;
    }

    /// <summary>Replays ROOT/corpus/&lt;target&gt; and ROOT/regressions/&lt;target&gt; for every target.</summary>
    public static int All(string root, TextWriter output)
    {
        int status = 0;
        foreach (var target in FuzzTargets.All)
        {
            var dirs = new[] { Path.Combine(root, "corpus", target.Name), Path.Combine(root, "regressions", target.Name) };
            status |= Paths(target, dirs, output);
        }

        return status;
    }
}
