using Sstp.Protocol.Radius;
using Sstp.TestKit;

namespace Sstp.Protocol.Tests.Radius;

public class RadiusChapAttributesTests
{
    [Fact]
    public void WriteMsChap2Response_Rfc2548Layout()
    {
        // RFC 2548 §2.3.2 / AUTH.md §7.3: Ident ‖ Flags=0 ‖ Peer-Challenge(16) ‖ Reserved(8)=0 ‖ NT-Response(24).
        var peer = Enumerable.Range(0x10, 16).Select(i => (byte)i).ToArray();
        var nt = Enumerable.Range(0x40, 24).Select(i => (byte)i).ToArray();
        var value = new byte[50];
        Assert.Equal(50, RadiusChapAttributes.WriteMsChap2Response(value, 0x2A, peer, nt));
        Assert.Equal(new byte[] { 0x2A, 0 }.Concat(peer).Concat(new byte[8]).Concat(nt).ToArray(), value);
    }

    [Fact]
    public void WriteChapPassword_IdentThenResponse()
    {
        var response = Enumerable.Range(1, 16).Select(i => (byte)i).ToArray();
        var value = new byte[17];
        Assert.Equal(17, RadiusChapAttributes.WriteChapPassword(value, 7, response));
        Assert.Equal(new byte[] { 7 }.Concat(response).ToArray(), value);
    }

    [Theory]
    // RFC 2548 §2.3.3: Ident ‖ "S=" 40 hex; trailing " M=…" ignored; case kept verbatim (AUTH.md §7.4).
    [InlineData("S=407A5589115FD0D6209F510FE9C04566932CDA56", true)]
    [InlineData("S=407a5589115fd0d6209f510fe9c04566932cda56 M=welcome", true)]
    [InlineData("S=407A5589115FD0D6209F510FE9C04566932CDA5", false)]
    [InlineData("X=407A5589115FD0D6209F510FE9C04566932CDA56", false)]
    [InlineData("S=407A5589115FD0D6209F510FE9C04566932CDAZZ", false)]
    public void TryReadMsChap2Success_Cases(string text, bool ok)
    {
        var value = new byte[] { 9 }.Concat(System.Text.Encoding.ASCII.GetBytes(text)).ToArray();
        Assert.Equal(ok, RadiusChapAttributes.TryReadMsChap2Success(value, out byte ident, out string response));
        if (ok)
        {
            Assert.Equal(9, ident);
            Assert.Equal(text[..42], response);
        }
    }

    [Fact]
    public void TryReadMsChapError_ParsesCodeRetryAndText()
    {
        // RFC 2548 §2.1.5 / RFC 2759 §6.
        var value = new byte[] { 3 }.Concat("E=648 R=0 C=000102030405060708090A0B0C0D0E0F V=3 M=Password expired"u8.ToArray()).ToArray();
        Assert.True(RadiusChapAttributes.TryReadMsChapError(value, out byte ident, out var failure));
        Assert.Equal(3, ident);
        Assert.Equal(648, failure!.ErrorCode);
        Assert.False(failure.RetryAllowed);
        Assert.Equal("Password expired", failure.Text);
    }

    [Theory]
    [InlineData("")]
    [InlineData("03")]
    [InlineData("03 52 3D 31")] // "R=1" without E=
    public void TryReadMsChapError_Malformed_False(string hex) =>
        Assert.False(RadiusChapAttributes.TryReadMsChapError(Hex.Parse(hex), out _, out _));
}
