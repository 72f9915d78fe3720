using System.Buffers;
using System.Net;
using System.Text;
using CsCheck;
using Sstp.Protocol.Radius;

namespace Sstp.Protocol.Tests.Radius;

public class RadiusFramedRouteTests
{
    [Theory]
    [InlineData("192.0.2.0/24 0.0.0.0 1", "192.0.2.0", 24, null, 1)]          // RFC 2865 §5.22's form, gateway = the user
    [InlineData("198.51.100.0/25 10.88.0.9 5", "198.51.100.0", 25, "10.88.0.9", 5)]
    [InlineData("203.0.113.7", "203.0.113.7", 32, null, null)]                 // no length: a host route
    [InlineData("  10.1.0.0/16\t0.0.0.0  ", "10.1.0.0", 16, null, null)]      // tabs, extra spaces
    [InlineData("10.2.0.0/16 0.0.0.0 1 2 3\0", "10.2.0.0", 16, null, 1)]      // more metrics, a trailing NUL
    public void TryParse_IPv4_WellFormed(string text, string prefix, int length, string? gateway, int? metric)
    {
        Assert.True(RadiusFramedRoute.TryParse(Encoding.UTF8.GetBytes(text), ipv6: false, out var route, out string? error), error);
        Assert.Equal(IPAddress.Parse(prefix), route!.Prefix);
        Assert.Equal(length, route.Length);
        Assert.Equal(gateway is null ? null : IPAddress.Parse(gateway), route.Gateway);
        Assert.Equal(metric, route.Metric);
        Assert.False(route.IsIPv6);
        Assert.Equal(new IPNetwork(IPAddress.Parse(prefix), length), route.Network);
    }

    [Theory]
    [InlineData("2001:db8:1::/48 :: 1", "2001:db8:1::", 48, null, 1)]         // RFC 3162 §2.5
    [InlineData("2001:db8:2::/64 fe80::2", "2001:db8:2::", 64, "fe80::2", null)]
    [InlineData("2001:db8::7", "2001:db8::7", 128, null, null)]
    public void TryParse_IPv6_WellFormed(string text, string prefix, int length, string? gateway, int? metric)
    {
        Assert.True(RadiusFramedRoute.TryParse(Encoding.UTF8.GetBytes(text), ipv6: true, out var route, out string? error), error);
        Assert.Equal(IPAddress.Parse(prefix), route!.Prefix);
        Assert.Equal(length, route.Length);
        Assert.Equal(gateway is null ? null : IPAddress.Parse(gateway), route.Gateway);
        Assert.Equal(metric, route.Metric);
        Assert.True(route.IsIPv6);
    }

    [Theory]
    [InlineData("", false, "empty route")]
    [InlineData("   ", false, "empty route")]
    [InlineData("192.0.2.0/33 0.0.0.0 1", false, "bad prefix length in '192.0.2.0/33 0.0.0.0 1'")]
    [InlineData("192.0.2.0/-1", false, "bad prefix length in '192.0.2.0/-1'")]
    [InlineData("192.0.2.0/ 0.0.0.0", false, "bad prefix length in '192.0.2.0/ 0.0.0.0'")]
    [InlineData("192.0.2.1/24 0.0.0.0 1", false, "'192.0.2.1/24 0.0.0.0 1' has host bits set past /24")]
    [InlineData("10/8 0.0.0.0", false, "'10/8 0.0.0.0' does not start with an IPv4 prefix")]   // not dotted quad
    [InlineData("2001:db8::/32 :: 1", false, "'2001:db8::/32 :: 1' does not start with an IPv4 prefix")]
    [InlineData("192.0.2.0/24 gw 1", false, "bad gateway in '192.0.2.0/24 gw 1'")]
    [InlineData("192.0.2.0/24 :: 1", false, "bad gateway in '192.0.2.0/24 :: 1'")]
    [InlineData("192.0.2.0/24 0.0.0.0 high", false, "bad metric in '192.0.2.0/24 0.0.0.0 high'")]
    [InlineData("192.0.2.0/24 0.0.0.0 -1", false, "bad metric in '192.0.2.0/24 0.0.0.0 -1'")]
    [InlineData("192.0.2.0/24 0.0.0.0 1", true, "'192.0.2.0/24 0.0.0.0 1' does not start with an IPv6 prefix")]
    [InlineData("2001:db8::1/64 :: 1", true, "'2001:db8::1/64 :: 1' has host bits set past /64")]
    [InlineData("2001:db8::/129", true, "bad prefix length in '2001:db8::/129'")]
    public void TryParse_Malformed_FalseWithAReason(string text, bool ipv6, string expected)
    {
        Assert.False(RadiusFramedRoute.TryParse(Encoding.UTF8.GetBytes(text), ipv6, out var route, out string? error));
        Assert.Null(route);
        Assert.Equal(expected, error);
    }

    [Fact]
    public void TryParse_AnyBytes_NeverThrows()
    {
        Gen.Byte.Array[0, 253].Sample(bytes =>
        {
            bool ok = RadiusFramedRoute.TryParse(bytes, ipv6: false, out var route, out string? error);
            Assert.Equal(ok, route is not null);
            Assert.Equal(ok, error is null);
            _ = RadiusFramedRoute.TryParse(bytes, ipv6: true, out _, out _);
        });
    }

    [Fact]
    public void TryParse_LongGarbage_ReasonIsShortened()
    {
        string text = "x" + new string('y', 200);
        Assert.False(RadiusFramedRoute.TryParse(Encoding.UTF8.GetBytes(text), ipv6: false, out _, out string? error));
        Assert.True(error!.Length < 120, error);
    }

    [Fact]
    public void ToString_ShowsGatewayAndMetricWhenPresent()
    {
        Assert.Equal("192.0.2.0/24 metric 1", new RadiusFramedRoute(IPAddress.Parse("192.0.2.0"), 24, null, 1).ToString());
        Assert.Equal("2001:db8::/48 via fe80::2", new RadiusFramedRoute(IPAddress.Parse("2001:db8::"), 48, IPAddress.Parse("fe80::2"), null).ToString());
    }

    [Fact]
    public void Authorization_RoutesCollected_MalformedOnesNoted()
    {
        var secret = "s3cret"u8.ToArray();
        var requestAuthenticator = new byte[16];
        var reply = RadiusReplyBuilder.Reply(RadiusCode.AccessAccept, 1, requestAuthenticator, secret, (ref RadiusPacketWriter w) =>
        {
            w.AddString(RadiusAttributeType.FramedRoute, "192.0.2.0/24 0.0.0.0 1");
            w.AddString(RadiusAttributeType.FramedRoute, "not a route");
            w.AddString(RadiusAttributeType.FramedRoute, "198.51.100.0/24 0.0.0.0 2");
            w.AddString(RadiusAttributeType.FramedIpv6Route, "2001:db8:1::/48 :: 1");
            w.AddString(RadiusAttributeType.FramedIpv6Route, "2001:db8:1::1/48 :: 1");
            w.Add(RadiusAttributeType.FramedIpv6Prefix, [0, 200]);
        });
        Assert.Equal(OperationStatus.Done, RadiusPacket.TryRead(reply, out var packet, out _));

        var auth = RadiusAuthorization.From(packet);

        Assert.Equal(["192.0.2.0/24", "198.51.100.0/24"], auth.FramedRoutes.Select(r => r.Network.ToString()));
        Assert.Equal(["2001:db8:1::/48"], auth.FramedIpv6Routes.Select(r => r.Network.ToString()));
        Assert.Null(auth.FramedIpv6Prefix);
        Assert.Equal(
            [
                "Framed-Route: 'not a route' does not start with an IPv4 prefix, skipped",
                "Framed-IPv6-Route: '2001:db8:1::1/48 :: 1' has host bits set past /48, skipped",
                "Framed-IPv6-Prefix: malformed value, ignored",
            ],
            auth.ParseNotes);
    }
}
