namespace Sstp.Fuzz.Tests;

/// <summary>
/// Every file of tests/Sstp.Fuzz/corpus and tests/Sstp.Fuzz/regressions runs through its own target, and the
/// whole corpus runs through every other target too (a crash found for one decoder is a good input for the
/// rest). A failed invariant or an exception fails the test with the file's name.
/// </summary>
public sealed class FuzzReplayTests
{
    /// <summary>
    /// tests/Sstp.Fuzz of the repository the tests were built from: found by walking up from the test binaries
    /// (a CI build maps source paths, so the compiler's file path does not point at the checkout).
    /// </summary>
    private static string FuzzRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Sstp.slnx")))
        {
            dir = dir.Parent;
        }

        return dir is null
            ? throw new DirectoryNotFoundException($"no Sstp.slnx above {AppContext.BaseDirectory}")
            : Path.Combine(dir.FullName, "tests", "Sstp.Fuzz");
    }

    /// <summary>The target names, one row each.</summary>
    public static TheoryData<string> Targets() => [.. FuzzTargets.All.Select(t => t.Name)];

    [Theory]
    [MemberData(nameof(Targets))]
    public void OwnCorpusAndRegressions_KeepEveryInvariant(string name)
    {
        var target = FuzzTargets.Find(name)!;
        var files = Replay.Files([Path.Combine(FuzzRoot(), "corpus", name), Path.Combine(FuzzRoot(), "regressions", name)]).ToList();
        Assert.NotEmpty(files);
        var failures = files.Select(f => (File: f, Error: Replay.Run(target, f))).Where(r => r.Error is not null)
            .Select(r => $"{Path.GetFileName(Path.GetDirectoryName(r.File))}/{Path.GetFileName(r.File)}: {r.Error}").ToList();
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void EveryOtherFile_KeepsEveryInvariant(string name)
    {
        var target = FuzzTargets.Find(name)!;
        var files = Replay.Files([Path.Combine(FuzzRoot(), "corpus"), Path.Combine(FuzzRoot(), "regressions")]).ToList();
        var failures = files.Select(f => (File: f, Error: Replay.Run(target, f))).Where(r => r.Error is not null)
            .Select(r => $"{Path.GetRelativePath(FuzzRoot(), r.File)}: {r.Error!.Message}").ToList();
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void Invariant_Failure_IsReported()
    {
        // The checks must be able to fail: a decoder that claims to consume more than it was given is caught.
        Assert.Throws<FuzzInvariantException>(() => Invariant.Consumed(System.Buffers.OperationStatus.Done, 5, 4, "test"));
        Assert.Throws<FuzzInvariantException>(() => Invariant.Consumed(System.Buffers.OperationStatus.NeedMoreData, 1, 4, "test"));
        var greedy = new FuzzTarget("greedy", "allocates", _ => _ = new byte[1 << 20], FuzzTarget.DecoderBound);
        Assert.Throws<FuzzInvariantException>(() => greedy.Run([1, 2, 3]));
    }

    [Fact]
    public void SessionSeeds_ReachARunningTunnel()
    {
        // The recorded streams are only useful seeds if they still drive a fresh session all the way up.
        foreach (var file in Replay.Files([Path.Combine(FuzzRoot(), "corpus", "server-session")]))
        {
            var input = File.ReadAllBytes(file);
            Assert.True(Sstp.Fuzz.Targets.SessionTargets.ReachesTunnel(input), $"{Path.GetFileName(file)} no longer brings the server session up");
        }

        foreach (var file in Replay.Files([Path.Combine(FuzzRoot(), "corpus", "client-session")]))
        {
            var input = File.ReadAllBytes(file);
            Assert.True(Sstp.Fuzz.Targets.SessionTargets.ClientReachesTunnel(input), $"{Path.GetFileName(file)} no longer brings the client session up");
        }
    }

    [Fact]
    public void Targets_HaveUniqueNames_AndACorpus()
    {
        var names = FuzzTargets.All.Select(t => t.Name).ToList();
        Assert.Equal(names.Count, names.Distinct().Count());
        foreach (var name in names)
        {
            Assert.True(Directory.Exists(Path.Combine(FuzzRoot(), "corpus", name)), $"no corpus for {name}");
        }
    }
}
