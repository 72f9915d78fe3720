namespace Sstp.Client.Tests;

/// <summary><c>sstp client --write-merging</c>.</summary>
public class ClientArgumentsTests
{
    [Theory]
    [InlineData("on", true)]
    [InlineData("ON", true)]
    [InlineData("off", false)]
    [InlineData("Off", false)]
    public void TryParseWriteMerging_OnOrOff(string text, bool expected)
    {
        Assert.True(ClientArguments.TryParseWriteMerging(text, out bool merge, out string? problem));
        Assert.Equal(expected, merge);
        Assert.Null(problem);
    }

    [Theory]
    [InlineData("")]
    [InlineData("auto")]
    [InlineData("true")]
    public void TryParseWriteMerging_OtherWords_AreRefusedWithTheOptionNamed(string text)
    {
        Assert.False(ClientArguments.TryParseWriteMerging(text, out _, out string? problem));
        Assert.Contains("--write-merging", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_MergeByDefault() =>
        Assert.True(new ClientOptions { Host = "h", User = "u", Password = [] }.WriteMerging);

    [Theory]
    [InlineData("on", true)]
    [InlineData("OFF", false)]
    public void TryParseTunOffload_OnOrOff(string text, bool expected)
    {
        Assert.True(ClientArguments.TryParseTunOffload(text, out bool offload, out string? problem));
        Assert.Equal(expected, offload);
        Assert.Null(problem);
    }

    [Fact]
    public void TryParseTunOffload_OtherWords_AreRefusedWithTheOptionNamed()
    {
        Assert.False(ClientArguments.TryParseTunOffload("yes", out _, out string? problem));
        Assert.Contains("--tun-offload", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_OffloadByDefault() =>
        Assert.True(new ClientOptions { Host = "h", User = "u", Password = [] }.TunOffload);
}
