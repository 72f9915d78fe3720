using CsCheck;
using System.Net;
using System.Net.Sockets;
using Sstp.Server.Configuration;

namespace Sstp.Server.Tests.Configuration;

public class ConfigValueParserTests
{
    [Theory]
    [InlineData("10.88.0.1", true)]
    [InlineData("255.255.255.255", true)]
    [InlineData("10.1", false)] // IPAddress.TryParse would take this as 10.0.0.1
    [InlineData("167772161", false)]
    [InlineData("10.88.0.256", false)]
    [InlineData("10.88.0.-1", false)]
    [InlineData("10.88.0.1 ", false)]
    [InlineData("0x0a.0.0.1", false)]
    [InlineData("::1", false)]
    public void TryParseIPv4_OnlyDottedQuads(string text, bool ok)
    {
        Assert.Equal(ok, ConfigValueParser.TryParseIPv4(text, out _));
    }

    [Theory]
    [InlineData("fd00:88::1", true)]
    [InlineData("::", true)]
    [InlineData("fe80::1%eth0", false)]
    [InlineData("10.0.0.1", false)]
    public void TryParseIPv6_RejectsZonesAndIPv4(string text, bool ok)
    {
        Assert.Equal(ok, ConfigValueParser.TryParseIPv6(text, out _));
    }

    [Theory]
    [InlineData("0.0.0.0:443", "0.0.0.0", 443)]
    [InlineData("[::]:443", "::", 443)]
    [InlineData("[fd00::1]:65535", "fd00::1", 65535)]
    [InlineData("127.0.0.1:1", "127.0.0.1", 1)]
    public void TryParseEndpoint_GoodForms(string text, string address, int port)
    {
        Assert.True(ConfigValueParser.TryParseEndpoint(text, out var ep, out _));
        Assert.Equal(new IPEndPoint(IPAddress.Parse(address), port), ep);
        Assert.Equal(text, ConfigValueParser.FormatEndpoint(ep));
    }

    [Theory]
    [InlineData("30", 30_000)]
    [InlineData("30s", 30_000)]
    [InlineData("500ms", 500)]
    [InlineData("5m", 300_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("1H", 3_600_000)]
    public void TryParseDuration_Units(string text, long milliseconds)
    {
        Assert.True(ConfigValueParser.TryParseDuration(text, out var d));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), d);
    }

    [Theory]
    [InlineData("")]
    [InlineData("s")]
    [InlineData("-5s")]
    [InlineData("1.5s")]
    [InlineData("5d")]
    [InlineData("999999999999999999h")]
    public void TryParseDuration_BadForms(string text)
    {
        Assert.False(ConfigValueParser.TryParseDuration(text, out _));
    }

    [Fact]
    public void FormatDuration_RoundTrips()
    {
        Gen.Long[0, 10_000_000].Sample(ms =>
        {
            var d = TimeSpan.FromMilliseconds(ms);
            Assert.True(ConfigValueParser.TryParseDuration(ConfigValueParser.FormatDuration(d), out var back));
            Assert.Equal(d, back);
        });
    }

    [Fact]
    public void Network_RoundTrips()
    {
        Gen.Select(Gen.UInt, Gen.Int[0, 32]).Sample((value, length) =>
        {
            var address = ConfigValueParser.Mask(new IPAddress(BitConverterFree(value)), length);
            string text = $"{address}/{length}";
            Assert.True(ConfigValueParser.TryParseNetwork(text, AddressFamily.InterNetwork, out var net, out var error), error);
            Assert.Equal(text, net.ToString());
        });
    }

    [Fact]
    public void Parsers_RandomText_NeverThrow()
    {
        Gen.String[0, 60].Sample(text =>
        {
            // A successful parse must format back to something that parses to the same value.
            if (ConfigValueParser.TryParseEndpoint(text, out var ep, out _))
            {
                Assert.True(ConfigValueParser.TryParseEndpoint(ConfigValueParser.FormatEndpoint(ep), out var again, out _));
                Assert.Equal(ep, again);
            }

            if (ConfigValueParser.TryParseNetwork(text, AddressFamily.InterNetwork, out var n4, out _))
            {
                Assert.Equal(AddressFamily.InterNetwork, n4.BaseAddress.AddressFamily);
            }

            if (ConfigValueParser.TryParseNetwork(text, AddressFamily.InterNetworkV6, out var n6, out _))
            {
                Assert.Equal(AddressFamily.InterNetworkV6, n6.BaseAddress.AddressFamily);
            }

            if (ConfigValueParser.TryParseDuration(text, out var d))
            {
                Assert.True(d >= TimeSpan.Zero);
            }

            if (ConfigValueParser.TryParseAddress(text, out var a))
            {
                Assert.NotNull(a);
            }

            if (ConfigValueParser.TryParseBool(text, out bool b))
            {
                Assert.Equal(b, text.Trim().ToLowerInvariant() is "true" or "yes" or "on" or "1");
            }
        });
    }

    private static byte[] BitConverterFree(uint value) =>
        [(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value];
}
