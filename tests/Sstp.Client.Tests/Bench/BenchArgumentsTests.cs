using Sstp.Client.Bench;
using Sstp.IO.Tls;
using Sstp.Protocol.Ppp.Lcp;

namespace Sstp.Client.Tests.Bench;

public class BenchArgumentsTests
{
    private const string Pin = "32BF30C6B08E4D213F371EC4D752C4C530CD40482E6BB217C98F03EBD984AA8A";

    [Theory]
    [InlineData("5s", 5_000)]
    [InlineData("500ms", 500)]
    [InlineData("2m", 120_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("1.5s", 1_500)]
    [InlineData("30", 30_000)]
    [InlineData(" 10S ", 10_000)]
    public void TryParseDuration_Valid_GivesMilliseconds(string text, double ms)
    {
        Assert.True(BenchArguments.TryParseDuration(text, out var d, out string? problem));
        Assert.Null(problem);
        Assert.Equal(ms, d.TotalMilliseconds, 6);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0s")]
    [InlineData("-5s")]
    [InlineData("5x")]
    [InlineData("s")]
    [InlineData("1e3s")]
    [InlineData("9999h")]
    public void TryParseDuration_Invalid_IsRefusedWithAReason(string text)
    {
        Assert.False(BenchArguments.TryParseDuration(text, out _, out string? problem));
        Assert.NotNull(problem);
    }

    [Theory]
    [InlineData(1, 1, true)]
    [InlineData(1000, 32, true)]
    [InlineData(19_000, 8, true)]
    [InlineData(0, 8, false)]
    [InlineData(19_001, 8, false)]
    [InlineData(10, 0, false)]
    [InlineData(10, 10_001, false)]
    public void TryValidateCounts_Ranges(int sessions, int concurrency, bool ok) =>
        Assert.Equal(ok, BenchArguments.TryValidateCounts(sessions, concurrency, out _));

    public static TheoryData<string, AuthProtocolOption[]> ValidAuth => new()
    {
        { "auto", [AuthProtocolOption.MsChapV2, AuthProtocolOption.ChapMd5, AuthProtocolOption.Pap] },
        { "pap", [AuthProtocolOption.Pap] },
        { "MSCHAPv2, chap", [AuthProtocolOption.MsChapV2, AuthProtocolOption.ChapMd5] },
        { "eap-mschapv2", [AuthProtocolOption.Eap] },
    };

    [Theory]
    [MemberData(nameof(ValidAuth))]
    public void TryParseAuth_Valid_GivesTheListInOrder(string text, AuthProtocolOption[] expected)
    {
        Assert.True(Sstp.Client.ClientArguments.TryParseAuth(text, out var list, out _));
        Assert.Equal(expected, list);
    }

    [Theory]
    [InlineData("kerberos")]
    [InlineData(",")]
    public void TryParseAuth_Invalid_IsRefused(string text) =>
        Assert.False(Sstp.Client.ClientArguments.TryParseAuth(text, out _, out _));

    [Fact]
    public void TryParseValidation_Pin_GivesPinnedWith32Bytes()
    {
        Assert.True(BenchArguments.TryParseValidation(Pin, insecure: false, out var mode, out byte[]? bytes, out _));
        Assert.Equal(ServerCertificateValidation.PinnedSha256, mode);
        Assert.Equal(0x32, bytes![0]);
        Assert.Equal(32, bytes.Length);
    }

    [Fact]
    public void TryParseValidation_Insecure_GivesInsecure()
    {
        Assert.True(BenchArguments.TryParseValidation(null, insecure: true, out var mode, out byte[]? bytes, out _));
        Assert.Equal(ServerCertificateValidation.Insecure, mode);
        Assert.Null(bytes);
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData(Pin, true)]
    [InlineData("ABCD", false)]
    [InlineData("zz", false)]
    public void TryParseValidation_NeitherBothOrBadPin_IsRefused(string? pin, bool insecure)
    {
        Assert.False(BenchArguments.TryParseValidation(pin, insecure, out _, out byte[]? bytes, out string? problem));
        Assert.Null(bytes);
        Assert.NotNull(problem);
    }
}
