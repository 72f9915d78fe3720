using System.Net;
using CsCheck;
using Sstp.Client.Platform;

namespace Sstp.Client.Tests.Platform;

/// <summary>Parsing of <c>ip -j route get</c> output (iproute2 JSON, as printed by iproute2 6.x).</summary>
public sealed class RouteLookupTests
{
    [Theory]
    [InlineData("""[{"dst":"8.8.8.8","gateway":"192.0.2.1","dev":"eth0","prefsrc":"192.0.2.2","flags":[],"uid":0,"cache":[]}]""", "192.0.2.1", "eth0", false)]
    [InlineData("""[{"dst":"2001:db8::1","from":"::","gateway":"fd00::1","dev":"eth0","prefsrc":"fd00::2","metric":1024,"flags":[],"pref":"medium"}]""", "fd00::1", "eth0", false)]
    [InlineData("""[{"dst":"192.0.2.7","dev":"veth0","prefsrc":"192.0.2.2","flags":[],"uid":0,"cache":[]}]""", null, "veth0", false)]
    [InlineData("""[{"type":"local","dst":"127.0.0.1","dev":"lo","prefsrc":"127.0.0.1","flags":[],"uid":0,"cache":["local"]}]""", null, "lo", true)]
    public void TryParse_RealOutputs_GatewayDeviceAndLocality(string json, string? gateway, string device, bool local)
    {
        Assert.True(RouteLookup.TryParse(json, out var path, out _));
        Assert.Equal(new ServerPath(gateway is null ? null : IPAddress.Parse(gateway), device, local), path);
    }

    [Theory]
    [InlineData("", "not JSON")]
    [InlineData("{}", "non-empty JSON array")]
    [InlineData("[]", "non-empty JSON array")]
    [InlineData("[1]", "JSON object")]
    [InlineData("""[{"dst":"1.1.1.1"}]""", "no \"dev\"")]
    [InlineData("""[{"dev":""}]""", "no \"dev\"")]
    [InlineData("""[{"dev":"eth0","gateway":"nope"}]""", "not an IP address")]
    [InlineData("""[{"dev":"eth0","gateway":7}]""", "not an IP address")]
    public void TryParse_Unexpected_FalseWithReason(string json, string reason)
    {
        Assert.False(RouteLookup.TryParse(json, out var path, out string error));
        Assert.Null(path);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_RandomText_NeverThrows() =>
        Gen.String.Sample(text => RouteLookup.TryParse(text, out _, out _) || true);
}
