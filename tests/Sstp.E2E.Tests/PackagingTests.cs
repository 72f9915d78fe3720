namespace Sstp.E2E.Tests;

/// <summary>
/// packaging/build-deb.sh and packaging/install.sh on the real build. Publishing takes a minute or more, so these run
/// only with <c>SSTP_PACKAGING_TESTS=1</c> in the environment (they need neither root nor the sstpc guest).
/// </summary>
public sealed class PackagingTests
{
    private const string Switch = "SSTP_PACKAGING_TESTS";

    [Fact]
    public async Task BuildDeb_HoldsTheExecutableTheUnitAndTheConffile_AndTheExecutableRuns()
    {
        string repo = RepositoryRoot();
        var (code, output) = await Interop.RunAsync(Path.Combine(repo, "packaging", "build-deb.sh"), [], timeout: TimeSpan.FromMinutes(15));
        Assert.True(code == 0, output);
        string deb = Directory.GetFiles(Path.Combine(repo, "dist"), "sstp_*_amd64.deb").Single();

        var (_, contents) = await Interop.RunAsync("dpkg-deb", ["-c", deb]);
        Assert.Contains("./usr/bin/sstp", contents, StringComparison.Ordinal);
        Assert.Contains("./lib/systemd/system/sstp.service", contents, StringComparison.Ordinal);
        Assert.Contains("./etc/sstp/sstp.conf", contents, StringComparison.Ordinal);
        Assert.All(contents.Split('\n', StringSplitOptions.RemoveEmptyEntries), line => Assert.Contains(" root/root ", line, StringComparison.Ordinal));

        string staging = Path.Combine(Path.GetTempPath(), "sstp-deb-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var (extract, extractOutput) = await Interop.RunAsync("dpkg-deb", ["-R", deb, staging]);
            Assert.True(extract == 0, extractOutput);
            Assert.Equal("/etc/sstp/sstp.conf", File.ReadAllText(Path.Combine(staging, "DEBIAN", "conffiles")).Trim());
            string postinst = File.ReadAllText(Path.Combine(staging, "DEBIAN", "postinst"));
            Assert.Contains("--system", postinst, StringComparison.Ordinal);
            Assert.DoesNotContain("enable", postinst, StringComparison.Ordinal);

            var (version, versionOutput) = await Interop.RunAsync(Path.Combine(staging, "usr", "bin", "sstp"), ["--version"]);
            Assert.True(version == 0, versionOutput);
            Assert.StartsWith("0.", versionOutput.Trim(), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(staging, recursive: true);
        }
    }

    [Fact]
    public async Task InstallScript_IntoDestdir_PointsTheUnitAtTheInstalledExecutable_AndUninstallKeepsTheConfig()
    {
        string repo = RepositoryRoot();
        Assert.SkipUnless(File.Exists(Path.Combine(repo, "dist", "sstp")), "dist/sstp is missing: run packaging/build.sh (or the build-deb test) first");
        string dest = Path.Combine(Path.GetTempPath(), "sstp-install-" + Guid.NewGuid().ToString("N")[..8]);
        var environment = new Dictionary<string, string> { ["DESTDIR"] = dest };
        try
        {
            var (code, output) = await Interop.RunAsync(Path.Combine(repo, "packaging", "install.sh"), ["--prefix", "/opt/sstp"], environment);
            Assert.True(code == 0, output);
            Assert.True(File.Exists(Path.Combine(dest, "opt/sstp/bin/sstp")));
            string unit = File.ReadAllText(Path.Combine(dest, "etc/systemd/system/sstp.service"));
            Assert.Contains("ExecStart=/opt/sstp/bin/sstp server", unit, StringComparison.Ordinal);

            var (removed, removedOutput) = await Interop.RunAsync(Path.Combine(repo, "packaging", "install.sh"), ["--uninstall", "--prefix", "/opt/sstp"], environment);
            Assert.True(removed == 0, removedOutput);
            Assert.False(File.Exists(Path.Combine(dest, "opt/sstp/bin/sstp")));
            Assert.True(File.Exists(Path.Combine(dest, "etc/sstp/sstp.conf")));
        }
        finally
        {
            if (Directory.Exists(dest))
            {
                Directory.Delete(dest, recursive: true);
            }
        }
    }

    private static string RepositoryRoot()
    {
        Assert.SkipUnless(Environment.GetEnvironmentVariable(Switch) == "1", $"packaging tests are slow: set {Switch}=1 to run them");
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "packaging", "build-deb.sh")))
            {
                return dir.FullName;
            }
        }

        Assert.Skip("the repository (packaging/build-deb.sh) is not above the test binaries");
        return string.Empty;
    }
}
