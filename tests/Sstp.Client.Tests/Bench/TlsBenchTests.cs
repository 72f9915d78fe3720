using System.Text.Json;
using Sstp.Client.Bench;
using Sstp.IO.Driving;

namespace Sstp.Client.Tests.Bench;

public class TlsBenchTests
{
    [Theory]
    [InlineData("stream", TlsBenchMode.Stream)]
    [InlineData("handshakes", TlsBenchMode.Handshakes)]
    [InlineData(" HANDSHAKES ", TlsBenchMode.Handshakes)]
    public void TryParseTlsMode_KnownNames(string text, TlsBenchMode expected)
    {
        Assert.True(BenchArguments.TryParseTlsMode(text, out var mode, out string? problem));
        Assert.Null(problem);
        Assert.Equal(expected, mode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("streams")]
    [InlineData("setup")]
    public void TryParseTlsMode_Unknown_IsRefused(string text)
    {
        Assert.False(BenchArguments.TryParseTlsMode(text, out _, out string? problem));
        Assert.Contains("--mode", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParseTlsBench_Valid_FillsEveryOption()
    {
        Assert.True(BenchArguments.TryParseTlsBench("handshakes", "3s", "500ms", 1500, 16, out var options, out string? problem), problem);
        Assert.Equal(TlsBenchMode.Handshakes, options.Mode);
        Assert.Equal(TimeSpan.FromSeconds(3), options.Duration);
        Assert.Equal(TimeSpan.FromMilliseconds(500), options.Warmup);
        Assert.Equal(1500, options.WriteSize);
        Assert.Equal(16, options.Concurrency);
    }

    [Fact]
    public void TryParseTlsBench_ZeroWarmup_IsAllowed()
    {
        Assert.True(BenchArguments.TryParseTlsBench("stream", "1s", "0", 32768, 1, out var options, out _));
        Assert.Equal(TimeSpan.Zero, options.Warmup);
    }

    [Theory]
    [InlineData("stream", "0s", "1s", 32768, 32, "--duration")]
    [InlineData("stream", "5s", "-1s", 32768, 32, "--warmup")]
    [InlineData("stream", "5s", "1s", 0, 32, "--write-size")]
    [InlineData("stream", "5s", "1s", 2_000_000, 32, "--write-size")]
    [InlineData("handshakes", "5s", "1s", 32768, 0, "--concurrency")]
    [InlineData("handshakes", "5s", "1s", 32768, 1001, "--concurrency")]
    [InlineData("fast", "5s", "1s", 32768, 32, "--mode")]
    public void TryParseTlsBench_BadValue_NamesTheOption(string mode, string duration, string warmup, int writeSize, int concurrency, string option)
    {
        Assert.False(BenchArguments.TryParseTlsBench(mode, duration, warmup, writeSize, concurrency, out _, out string? problem));
        Assert.Contains(option, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_FollowTheSessionDriver()
    {
        var options = new TlsBenchOptions();
        Assert.Equal(new SessionDriverOptions().WriteMergeSize, options.WriteSize);
        Assert.Equal(new SessionDriverOptions().ReceiveBufferSize, options.ReadSize);
    }

    [Fact]
    public async Task Stream_TinyRun_MovesBytesBothWays()
    {
        var options = new TlsBenchOptions { Mode = TlsBenchMode.Stream, Duration = TimeSpan.FromMilliseconds(200), Warmup = TimeSpan.Zero };
        var report = await new TlsBench(options).RunAsync(TestContext.Current.CancellationToken);
        Assert.Equal("stream", report.Mode);
        Assert.True(report.UpMbps > 0, report.ToText());
        Assert.True(report.DownMbps > 0, report.ToText());
        Assert.Equal(0, report.Failed);
        using var json = JsonDocument.Parse(report.ToJson());
        Assert.True(json.RootElement.GetProperty("upMbps").GetDouble() > 0);
        Assert.False(json.RootElement.TryGetProperty("handshakesPerSecond", out _));
    }

    [Fact]
    public async Task Handshakes_TinyRun_CompletesSome()
    {
        var options = new TlsBenchOptions { Mode = TlsBenchMode.Handshakes, Duration = TimeSpan.FromMilliseconds(200), Warmup = TimeSpan.Zero, Concurrency = 4 };
        var report = await new TlsBench(options).RunAsync(TestContext.Current.CancellationToken);
        Assert.Equal("handshakes", report.Mode);
        Assert.True(report.Handshakes > 0, report.ToText());
        Assert.True(report.HandshakesPerSecond > 0, report.ToText());
        Assert.Equal(4, report.Concurrency);
        using var json = JsonDocument.Parse(report.ToJson());
        Assert.True(json.RootElement.GetProperty("handshakesPerSecond").GetDouble() > 0);
    }
}
