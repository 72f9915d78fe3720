using Sstp.Server.Configuration;
using Sstp.Server.Protection;

namespace Sstp.Server.Tests.Protection;

/// <summary>The value formats of the protection keys.</summary>
public class ProtectionValuesTests
{
    [Theory]
    [InlineData("30/10s", 30, 10)]
    [InlineData(" 5/1m ", 5, 60)]
    [InlineData("1/24h", 1, 86_400)]
    [InlineData("off", 0, 0)]
    [InlineData("0", 0, 0)]
    public void CountPerPeriod_Parses(string text, int count, int seconds)
    {
        Assert.True(CountPerPeriod.TryParse(text, out var value, out _));
        Assert.Equal(new CountPerPeriod(count, TimeSpan.FromSeconds(seconds)), value);
        Assert.True(CountPerPeriod.TryParse(value.ToString(), out var again, out _));
        Assert.Equal(value, again);
    }

    [Theory]
    [InlineData("30")]
    [InlineData("/10s")]
    [InlineData("0/10s")]
    [InlineData("-1/10s")]
    [InlineData("5/500ms")]
    [InlineData("5/2d")]
    [InlineData("5/x")]
    public void CountPerPeriod_RefusesBadValues(string text)
    {
        Assert.False(CountPerPeriod.TryParse(text, out _, out string error));
        Assert.Contains(text, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1048576", 1L << 20)]
    [InlineData("512k", 512L << 10)]
    [InlineData("256M", 256L << 20)]
    [InlineData("256MiB", 256L << 20)]
    [InlineData("2GB", 2L << 30)]
    [InlineData("100B", 100)]
    public void ByteSize_Parses_AndFormatsBack(string text, long bytes)
    {
        Assert.True(ByteSize.TryParse(text, out long value));
        Assert.Equal(bytes, value);
        Assert.True(ByteSize.TryParse(ByteSize.Format(value), out long again));
        Assert.Equal(bytes, again);
    }

    [Theory]
    [InlineData("")]
    [InlineData("M")]
    [InlineData("1T")]
    [InlineData("-5M")]
    [InlineData("99999999999999999G")]
    public void ByteSize_RefusesBadValues(string text) => Assert.False(ByteSize.TryParse(text, out _));
}
