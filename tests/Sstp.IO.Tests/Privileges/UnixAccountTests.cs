using Sstp.IO.Privileges;

namespace Sstp.IO.Tests.Privileges;

public sealed class UnixAccountTests
{
    [Fact]
    public void Find_Root_IsUidAndGidZero_InGroupZero()
    {
        var root = UnixAccount.Find("root");

        Assert.NotNull(root);
        Assert.Equal(0u, root.Uid);
        Assert.Equal(0u, root.Gid);
        Assert.Contains(0u, root.Groups);
    }

    [Fact]
    public void Find_UnknownUser_IsNull() =>
        Assert.Null(UnixAccount.Find("sstp-no-such-user-" + Guid.NewGuid().ToString("N")[..8]));

    [Fact]
    public void Find_Nobody_MatchesThePasswdFile()
    {
        var line = File.ReadLines("/etc/passwd").FirstOrDefault(l => l.StartsWith("nobody:", StringComparison.Ordinal));
        Assert.SkipWhen(line is null, "no 'nobody' in /etc/passwd");
        string[] fields = line.Split(':');

        var nobody = UnixAccount.Find("nobody");

        Assert.NotNull(nobody);
        Assert.Equal(uint.Parse(fields[2], System.Globalization.CultureInfo.InvariantCulture), nobody.Uid);
        Assert.Equal(uint.Parse(fields[3], System.Globalization.CultureInfo.InvariantCulture), nobody.Gid);
        Assert.Contains(nobody.Gid, nobody.Groups);
    }

    [Fact]
    public void StartProcessAsync_BeforeADrop_StartsOnTheCallingThread()
    {
        Assert.False(PrivilegeDrop.IsDropped);
        using var process = new System.Diagnostics.Process
        {
            StartInfo = new System.Diagnostics.ProcessStartInfo("true") { UseShellExecute = false },
        };

        var started = PrivilegeDrop.StartProcessAsync(process);

        Assert.True(started.IsCompletedSuccessfully);
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
    }
}
