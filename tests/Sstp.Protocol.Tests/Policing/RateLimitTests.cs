using CsCheck;
using Sstp.Protocol.Policing;

namespace Sstp.Protocol.Tests.Policing;

public class RateLimitTests
{
    [Theory]
    [InlineData("10M/2M", 10_000_000L, 2_000_000L)]
    [InlineData("50M", 50_000_000L, 50_000_000L)]
    [InlineData("512k", 512_000L, 512_000L)]
    [InlineData("1.5m/0", 1_500_000L, 0L)]
    [InlineData(" 2G / 100K ", 2_000_000_000L, 100_000L)]
    [InlineData("64000", 64_000L, 64_000L)]
    [InlineData("1000G", 1_000_000_000_000L, 1_000_000_000_000L)]
    public void TryParse_Accepts(string text, long down, long up)
    {
        Assert.True(RateLimit.TryParse(text, out var limit, out string error), error);
        Assert.Equal(new RateLimit(down, up), limit);
    }

    [Theory]
    [InlineData("", "'' is not a rate (expected DOWN[/UP] in bits per second with an optional k, M or G, e.g. 10M/2M)")]
    [InlineData("1/2/3", "'1/2/3' is not a rate (expected DOWN[/UP] in bits per second with an optional k, M or G, e.g. 10M/2M)")]
    [InlineData("10Mbps", "'10Mbps' is not a rate (a number of bits per second with an optional k, M or G, at most 1000G; e.g. 10M/2M)")]
    [InlineData("10M/x", "'x' is not a rate (a number of bits per second with an optional k, M or G, at most 1000G; e.g. 10M/2M)")]
    [InlineData("-1", "'-1' is not a rate (a number of bits per second with an optional k, M or G, at most 1000G; e.g. 10M/2M)")]
    [InlineData("1001G", "'1001G' is not a rate (a number of bits per second with an optional k, M or G, at most 1000G; e.g. 10M/2M)")]
    [InlineData(".5M", "'.5M' is not a rate (a number of bits per second with an optional k, M or G, at most 1000G; e.g. 10M/2M)")]
    [InlineData("99999999999999999999999999999999G", "'99999999999999999999999999999999G' is not a rate (a number of bits per second with an optional k, M or G, at most 1000G; e.g. 10M/2M)")]
    public void TryParse_Refuses_WithAReason(string text, string message)
    {
        Assert.False(RateLimit.TryParse(text, out _, out string error));
        Assert.Equal(message, error);
    }

    [Theory]
    [InlineData(10_000_000L, 2_000_000L, "10M/2M")]
    [InlineData(50_000_000L, 50_000_000L, "50M")]
    [InlineData(1_500_000L, 0L, "1500k/0")]
    [InlineData(1_234L, 3_000_000_000L, "1234/3G")]
    public void Format_IsShortAndExact(long down, long up, string text)
    {
        Assert.Equal(text, new RateLimit(down, up).Format());
    }

    [Fact]
    public void Format_ThenParse_RoundTrips()
    {
        Gen.Select(Gen.Long[0, 1_000_000_000_000], Gen.Long[0, 1_000_000_000_000]).Sample((down, up) =>
        {
            var limit = new RateLimit(down, up);
            Assert.True(RateLimit.TryParse(limit.Format(), out var back, out _));
            Assert.Equal(limit, back);
        });
    }

    [Fact]
    public void TryParse_RandomText_NeverThrows()
    {
        Gen.String.Sample(text =>
        {
            _ = RateLimit.TryParse(text, out _, out _);
        });
    }

    [Fact]
    public void Over_TakesEachDirectionFromTheFirstThatNamesIt()
    {
        var coa = new RateLimit(null, 1_000);
        var accept = new RateLimit(5_000, 6_000);
        var fallback = new RateLimit(7_000, null);

        Assert.Equal(new RateLimit(5_000, 1_000), coa.Over(accept).Over(fallback));
        Assert.Equal(new RateLimit(7_000, 1_000), coa.Over(default).Over(fallback));
        Assert.True(default(RateLimit).Over(default).IsUnspecified);
    }

    [Theory]
    [InlineData(null, null, "unlimited")]
    [InlineData(0L, 0L, "unlimited")]
    [InlineData(10_000_000L, 2_000_000L, "down 10Mbit/s up 2Mbit/s")]
    [InlineData(10_000_000L, null, "down 10Mbit/s up unlimited")]
    public void ToString_ForLogs(long? down, long? up, string text)
    {
        Assert.Equal(text, new RateLimit(down, up).ToString());
    }
}
