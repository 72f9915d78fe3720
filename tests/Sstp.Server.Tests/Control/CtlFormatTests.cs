using Sstp.Cli.Commands;
using Sstp.Server.Control;

namespace Sstp.Server.Tests.Control;

/// <summary>The text output of <c>sstp ctl</c>.</summary>
public class CtlFormatTests
{
    [Theory]
    [InlineData(0L, "0")]
    [InlineData(1023L, "1023")]
    [InlineData(1024L, "1.00K")]
    [InlineData(1536L, "1.50K")]
    [InlineData(15L * 1024 * 1024, "15.0M")]
    [InlineData(500L * 1024 * 1024, "500M")]
    [InlineData(5L * 1024 * 1024 * 1024, "5.00G")]
    [InlineData(3L * 1024 * 1024 * 1024 * 1024, "3.00T")]
    public void Bytes_UseBinaryUnits(long bytes, string expected) => Assert.Equal(expected, CtlFormat.Bytes(bytes));

    [Theory]
    [InlineData(-5L, "0s")]
    [InlineData(42L, "42s")]
    [InlineData(65L, "1m05s")]
    [InlineData(3723L, "1h02m")]
    [InlineData(2 * 86_400L + 5 * 3600 + 7, "2d05h")]
    public void Duration_ShowsTwoUnits(long seconds, string expected) => Assert.Equal(expected, CtlFormat.Duration(seconds));

    [Fact]
    public void Sessions_IsAnAlignedTable()
    {
        var sessions = new[]
        {
            FakeControlTarget.Session(7, "alice", "10.88.0.2"),
            FakeControlTarget.Session(1234, "bartholomew", "10.88.0.3") with { IPv6Prefix = null, BytesIn = 12, UptimeSeconds = 4000 },
        };

        string[] lines = CtlFormat.Sessions(sessions).TrimEnd('\n').Split('\n');

        Assert.Equal(3, lines.Length);
        Assert.StartsWith("  ID  STATE  USER         PEER", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("   7  up     alice        192.0.2.7:50000  10.88.0.2 fd00:88:0:1::/64", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("1234  up     bartholomew  192.0.2.7:50000  10.88.0.3 ", lines[2], StringComparison.Ordinal);
        Assert.Contains("TLS1.3 TLS_AES_256_GCM_SHA384", lines[1], StringComparison.Ordinal);
        // Every column starts at the same offset on every line: the IN column is right-aligned under its header.
        int inColumn = lines[0].IndexOf("    IN", StringComparison.Ordinal);
        Assert.Equal("1.50K", lines[1].Substring(inColumn + 1, 5));
        Assert.Equal("   12", lines[2].Substring(inColumn + 1, 5));
        Assert.EndsWith("5.00G  unlimited", lines[1], StringComparison.Ordinal);
        Assert.Contains(" 1h06m ", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Sessions_None_SaysSo() => Assert.Equal("no sessions\n", CtlFormat.Sessions([]));

    [Fact]
    public void Status_ShowsEveryPart()
    {
        var status = new FakeControlTarget().GetStatus() with { DrainDeadline = null, MetricsListen = "127.0.0.1:9108" };

        string text = CtlFormat.Status(status);

        Assert.Contains("version:      9.9.9\n", text, StringComparison.Ordinal);
        Assert.Contains("uptime:       1h02m (since 2026-01-02 03:04:05 UTC)\n", text, StringComparison.Ordinal);
        Assert.Contains("listeners:    0.0.0.0:443\n", text, StringComparison.Ordinal);
        Assert.Contains("certificate:  CN=vpn, valid until 2027-01-01 (300 days left)\n", text, StringComparison.Ordinal);
        Assert.Contains("memory:       50.0M resident\n", text, StringComparison.Ordinal);
        Assert.Contains("sessions:     3 up, 0 in setup\n", text, StringComparison.Ordinal);
        Assert.Contains("draining:     no\n", text, StringComparison.Ordinal);
        Assert.Contains("health http://127.0.0.1:9108/health", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Status_Draining_ShowsTheDeadline()
    {
        var status = new FakeControlTarget().GetStatus() with
        {
            Draining = true,
            Listeners = [],
            DrainDeadline = new DateTimeOffset(2026, 1, 2, 4, 0, 0, TimeSpan.Zero),
        };

        string text = CtlFormat.Status(status);

        Assert.Contains("listeners:    none (draining)\n", text, StringComparison.Ordinal);
        Assert.Contains("draining:     yes, remaining sessions closed at 2026-01-02 04:00:00 UTC\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void CannotConnect_NamesTheSocketAndTheLikelyCause()
    {
        string refused = CtlCommand.CannotConnectMessage("/run/sstp/sstp.sock", new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionRefused));
        string denied = CtlCommand.CannotConnectMessage("/run/sstp/sstp.sock", new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.AccessDenied));

        Assert.Contains("cannot connect to /run/sstp/sstp.sock", refused, StringComparison.Ordinal);
        Assert.Contains("is the server running", refused, StringComparison.Ordinal);
        Assert.Contains("run it as root", denied, StringComparison.Ordinal);
    }
}
