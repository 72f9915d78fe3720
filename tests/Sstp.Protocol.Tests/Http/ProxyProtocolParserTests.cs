using System.Buffers;
using System.Net;
using System.Text;
using CsCheck;
using Sstp.Protocol.Http;

namespace Sstp.Protocol.Tests.Http;

public class ProxyProtocolParserTests
{
    private static readonly IPEndPoint Src4 = IPEndPoint.Parse("192.0.2.1:51234");
    private static readonly IPEndPoint Dst4 = IPEndPoint.Parse("198.51.100.2:443");
    private static readonly IPEndPoint Src6 = IPEndPoint.Parse("[2001:db8::1]:40000");
    private static readonly IPEndPoint Dst6 = IPEndPoint.Parse("[2001:db8:ffff::2]:443");

    private static ProxyHeader AssertDone(byte[] input, int expectedConsumed)
    {
        var status = ProxyProtocolParser.TryParse(input, out var header, out int consumed, out var error);
        Assert.Equal(ProxyProtocolError.None, error);
        Assert.Equal(OperationStatus.Done, status);
        Assert.Equal(expectedConsumed, consumed);
        return header;
    }

    private static void AssertRefused(byte[] input, ProxyProtocolError expected)
    {
        Assert.Equal(OperationStatus.InvalidData, ProxyProtocolParser.TryParse(input, out var header, out int consumed, out var error));
        Assert.Equal(expected, error);
        Assert.Equal(0, consumed);
        Assert.Equal(default, header);
    }

    // ---- v1 (INTEROP.md §9.2) ----

    [Theory]
    [InlineData("PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\n", "192.168.0.1:56324", "192.168.0.11:443")]
    [InlineData("PROXY TCP4 0.0.0.0 255.255.255.255 0 65535\r\n", "0.0.0.0:0", "255.255.255.255:65535")]
    [InlineData("PROXY TCP6 2001:db8::1 2001:db8::2 51234 443\r\n", "[2001:db8::1]:51234", "[2001:db8::2]:443")]
    [InlineData("PROXY TCP6 ::ffff:192.0.2.1 ::1 1 2\r\n", "[::ffff:192.0.2.1]:1", "[::1]:2")]
    public void V1Tcp_EndpointsParsed(string text, string source, string destination)
    {
        var header = AssertDone(HttpTestData.Bytes(text), text.Length);
        Assert.Equal(new ProxyHeader(1, ProxyCommand.Proxy, IPEndPoint.Parse(source), IPEndPoint.Parse(destination), null), header);
    }

    [Theory]
    [InlineData("PROXY UNKNOWN\r\n")]
    [InlineData("PROXY UNKNOWN whatever follows\r\n")]
    // The worst case of the haproxy spec: exactly 107 bytes.
    [InlineData("PROXY UNKNOWN ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff 65535 65535\r\n")]
    public void V1Unknown_NoEndpoints(string text)
    {
        Assert.InRange(text.Length, 1, ProxyProtocolParser.MaxV1Length);
        Assert.Equal(new ProxyHeader(1, ProxyCommand.Proxy, null, null, null), AssertDone(HttpTestData.Bytes(text), text.Length));
    }

    [Fact]
    public void V1_FollowingTlsBytesUnconsumed()
    {
        // INTEROP.md §9.2: the header sits before the TLS ClientHello.
        const string text = "PROXY TCP4 192.0.2.1 198.51.100.2 51234 443\r\n";
        byte[] input = [.. HttpTestData.Bytes(text), 0x16, 0x03, 0x01, 0x00];
        Assert.Equal(new ProxyHeader(1, ProxyCommand.Proxy, Src4, Dst4, null), AssertDone(input, text.Length));
    }

    public static TheoryData<string, ProxyProtocolError> V1Refused => new()
    {
        { "PROXY TCP5 1.2.3.4 5.6.7.8 1 2\r\n", ProxyProtocolError.BadFamily },
        { "PROXY UDP4 1.2.3.4 5.6.7.8 1 2\r\n", ProxyProtocolError.BadFamily },
        { "PROXY TCP4 1.2.3 5.6.7.8 1 2\r\n", ProxyProtocolError.BadAddress },
        { "PROXY TCP4 1.2.3.4.5 5.6.7.8 1 2\r\n", ProxyProtocolError.BadAddress },
        { "PROXY TCP4 256.2.3.4 5.6.7.8 1 2\r\n", ProxyProtocolError.BadAddress },
        { "PROXY TCP4 0x7f.0.0.1 5.6.7.8 1 2\r\n", ProxyProtocolError.BadAddress },
        { "PROXY TCP4 1..3.4 5.6.7.8 1 2\r\n", ProxyProtocolError.BadAddress },
        { "PROXY TCP4 1.2.3.4 2001:db8::1 1 2\r\n", ProxyProtocolError.BadAddress },
        { "PROXY TCP6 1.2.3.4 2001:db8::1 1 2\r\n", ProxyProtocolError.BadAddress },
        { "PROXY TCP6 [::1] ::2 1 2\r\n", ProxyProtocolError.BadAddress },
        { "PROXY TCP6 fe80::1%eth0 ::2 1 2\r\n", ProxyProtocolError.BadAddress },
        { "PROXY TCP6 ::g ::2 1 2\r\n", ProxyProtocolError.BadAddress },
        { "PROXY TCP4 1.2.3.4 5.6.7.8 65536 2\r\n", ProxyProtocolError.BadPort },
        { "PROXY TCP4 1.2.3.4 5.6.7.8 1 -2\r\n", ProxyProtocolError.BadPort },
        { "PROXY TCP4 1.2.3.4 5.6.7.8 1 123456\r\n", ProxyProtocolError.BadPort },
        { "PROXY TCP4 1.2.3.4 5.6.7.8 1 2a\r\n", ProxyProtocolError.BadPort },
        { "PROXY TCP4  1.2.3.4 5.6.7.8 1 2\r\n", ProxyProtocolError.BadV1Text },
        { "PROXY TCP4 1.2.3.4 5.6.7.8 1\r\n", ProxyProtocolError.BadV1Text },
        { "PROXY TCP4 1.2.3.4 5.6.7.8 1 2 3\r\n", ProxyProtocolError.BadV1Text },
        { "PROXY TCP4 1.2.3.4 5.6.7.8 1 2 \r\n", ProxyProtocolError.BadV1Text },
        { "PROXY \r\n", ProxyProtocolError.BadV1Text },
        { "PROXY TCP4 1.2.3.4\r5.6.7.8 1 2\r\n", ProxyProtocolError.BadV1Text },
        { "PROXY TCP4 1.2.3.4\n", ProxyProtocolError.BadV1Text },
        { "PROXY TCP4 1.2.3.4\u00e9", ProxyProtocolError.BadV1Text },
        { "PROXY UNKNOWN " + new string('f', 93) + "\r\n", ProxyProtocolError.V1TooLong },
        { "PROXY UNKNOWN " + new string('f', 200), ProxyProtocolError.V1TooLong },
        { "proxy TCP4 1.2.3.4 5.6.7.8 1 2\r\n", ProxyProtocolError.BadSignature },
        { "GET / HTTP/1.1\r\n\r\n", ProxyProtocolError.BadSignature },
        { "\u0016\u0003\u0001", ProxyProtocolError.BadSignature },
        { "PROXY\r\n", ProxyProtocolError.BadSignature },
    };

    [Theory]
    [MemberData(nameof(V1Refused))]
    public void V1Refused_ExactError(string text, ProxyProtocolError expected)
    {
        AssertRefused(HttpTestData.Bytes(text), expected);
    }

    [Fact]
    public void V1EverySplitPoint_NeedMoreDataThenDone()
    {
        HttpTestData.AssertEverySplitNeedsMoreThenDone(HttpTestData.Bytes("PROXY TCP6 2001:db8::1 2001:db8::2 51234 443\r\n"),
            (ReadOnlySpan<byte> input, out int consumed) => ProxyProtocolParser.TryParse(input, out _, out consumed, out _));
    }

    // ---- v2 (INTEROP.md §9.2), bytes built from the layout ----

    [Fact]
    public void V2TcpIpv4_EndpointsParsed()
    {
        byte[] input = ProxyV2Builder.Build(0x21, 0x11, ProxyV2Builder.Addresses(Src4, Dst4), []);
        Assert.Equal(28, input.Length);
        Assert.Equal(new ProxyHeader(2, ProxyCommand.Proxy, Src4, Dst4, null), AssertDone(input, 28));
    }

    [Fact]
    public void V2TcpIpv6_EndpointsParsed()
    {
        byte[] input = ProxyV2Builder.Build(0x21, 0x21, ProxyV2Builder.Addresses(Src6, Dst6), []);
        Assert.Equal(new ProxyHeader(2, ProxyCommand.Proxy, Src6, Dst6, null), AssertDone(input, 16 + 36));
    }

    [Fact]
    public void V2Tlvs_AuthorityReadOthersSkipped()
    {
        byte[] tlvs =
        [
            .. ProxyV2Builder.Tlv(0x01, "h2"u8.ToArray()),               // ALPN
            .. ProxyV2Builder.Tlv(0x04, new byte[5]),                     // NOOP
            .. ProxyV2Builder.Tlv(0x20, [0x01, 0, 0, 0, 0]),              // SSL
            .. ProxyV2Builder.Tlv(0x02, "vpn.example.com"u8.ToArray()),  // AUTHORITY
            .. ProxyV2Builder.Tlv(0xE0, []),                              // custom, empty
        ];
        byte[] input = ProxyV2Builder.Build(0x21, 0x11, ProxyV2Builder.Addresses(Src4, Dst4), tlvs);
        Assert.Equal("vpn.example.com", AssertDone(input, input.Length).Authority);
    }

    [Fact]
    public void V2Local_UsesSocketAddressesAndSkipsBlock()
    {
        // LOCAL: family and address block are ignored (health checks).
        Assert.Equal(new ProxyHeader(2, ProxyCommand.Local, null, null, null), AssertDone(ProxyV2Builder.Build(0x20, 0x00, [], []), 16));
        byte[] withBlock = ProxyV2Builder.Build(0x20, 0x7F, new byte[12], ProxyV2Builder.Tlv(0x02, [0xFF]));
        Assert.Equal(new ProxyHeader(2, ProxyCommand.Local, null, null, null), AssertDone(withBlock, withBlock.Length));
    }

    [Theory]
    [InlineData(0x00, 0)]
    [InlineData(0x31, 216)]
    [InlineData(0x32, 216)]
    public void V2UnspecOrUnix_NoEndpoints(byte family, int addressLength)
    {
        byte[] input = ProxyV2Builder.Build(0x21, family, new byte[addressLength], []);
        Assert.Equal(new ProxyHeader(2, ProxyCommand.Proxy, null, null, null), AssertDone(input, input.Length));
    }

    [Fact]
    public void V2Udp_EndpointsParsed()
    {
        byte[] input = ProxyV2Builder.Build(0x21, 0x12, ProxyV2Builder.Addresses(Src4, Dst4), []);
        Assert.Equal(Src4, AssertDone(input, 28).Source);
    }

    [Fact]
    public void V2_FollowingBytesUnconsumed()
    {
        byte[] input = [.. ProxyV2Builder.Build(0x21, 0x11, ProxyV2Builder.Addresses(Src4, Dst4), []), .. "SSTP_DUPLEX_POST"u8];
        AssertDone(input, 28);
    }

    public static TheoryData<byte[], ProxyProtocolError> V2Refused => new()
    {
        { ProxyV2Builder.Build(0x11, 0x11, new byte[12], []), ProxyProtocolError.BadVersion },
        { ProxyV2Builder.Build(0x31, 0x11, new byte[12], []), ProxyProtocolError.BadVersion },
        { ProxyV2Builder.Build(0x22, 0x11, new byte[12], []), ProxyProtocolError.BadCommand },
        { ProxyV2Builder.Build(0x2F, 0x11, new byte[12], []), ProxyProtocolError.BadCommand },
        { ProxyV2Builder.Build(0x21, 0x13, new byte[12], []), ProxyProtocolError.BadFamily },
        { ProxyV2Builder.Build(0x21, 0x41, new byte[12], []), ProxyProtocolError.BadFamily },
        { ProxyV2Builder.Build(0x21, 0x10, new byte[12], []), ProxyProtocolError.BadFamily },
        { ProxyV2Builder.Build(0x21, 0x11, new byte[8], []), ProxyProtocolError.BadLength },
        { ProxyV2Builder.Build(0x21, 0x21, new byte[12], []), ProxyProtocolError.BadLength },
        { ProxyV2Builder.Build(0x21, 0x31, new byte[108], []), ProxyProtocolError.BadLength },
        { ProxyV2Builder.Build(0x21, 0x11, new byte[12], [0x02, 0x00]), ProxyProtocolError.BadTlv },
        { ProxyV2Builder.Build(0x21, 0x11, new byte[12], [0x02, 0x00, 0x05, 0x61]), ProxyProtocolError.BadTlv },
        { ProxyV2Builder.Build(0x21, 0x11, new byte[12], ProxyV2Builder.Tlv(0x02, [0x76, 0xFF, 0x70])), ProxyProtocolError.BadTlv },
        { [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0B, 0x21, 0x11, 0, 0], ProxyProtocolError.BadSignature },
        { [0x0D, 0x0A, 0x0D, 0x0B], ProxyProtocolError.BadSignature },
    };

    [Theory]
    [MemberData(nameof(V2Refused))]
    public void V2Refused_ExactError(byte[] input, ProxyProtocolError expected)
    {
        AssertRefused(input, expected);
    }

    [Fact]
    public void V2BadFixedPart_RefusedBeforeBodyArrives()
    {
        // Length says 200 bytes follow, but the version nibble is already wrong: no need to wait.
        AssertRefused(ProxyV2Builder.Build(0x11, 0x11, [], [], lengthOverride: 200), ProxyProtocolError.BadVersion);
        Assert.Equal(OperationStatus.NeedMoreData,
            ProxyProtocolParser.TryParse(ProxyV2Builder.Build(0x21, 0x11, [], [], lengthOverride: 200), out _, out _, out _));
    }

    [Fact]
    public void V2EverySplitPoint_NeedMoreDataThenDone()
    {
        byte[] input = ProxyV2Builder.Build(0x21, 0x21, ProxyV2Builder.Addresses(Src6, Dst6), ProxyV2Builder.Tlv(0x02, "a.b"u8.ToArray()));
        HttpTestData.AssertEverySplitNeedsMoreThenDone(input,
            (ReadOnlySpan<byte> data, out int consumed) => ProxyProtocolParser.TryParse(data, out _, out consumed, out _));
    }

    [Fact]
    public void V2Build_RoundTrips()
    {
        var v4 = Gen.Byte.Array[4].Select(b => new IPAddress(b));
        var v6 = Gen.Byte.Array[16].Select(b => new IPAddress(b));
        var port = Gen.Int[0, 65535];
        var endpoints = Gen.OneOf(
            Gen.Select(v4, port, v4, port).Select((a, p, b, q) => (new IPEndPoint(a, p), new IPEndPoint(b, q), (byte)0x11)),
            Gen.Select(v6, port, v6, port).Select((a, p, b, q) => (new IPEndPoint(a, p), new IPEndPoint(b, q), (byte)0x21)));
        var authority = Gen.String[Gen.Char['!', '\u024F'], 1, 40].Null(0.5);
        Gen.Select(endpoints, authority).Sample((e, name) =>
        {
            byte[] tlvs = name is null ? [] : ProxyV2Builder.Tlv(0x02, Encoding.UTF8.GetBytes(name));
            byte[] input = ProxyV2Builder.Build(0x21, e.Item3, ProxyV2Builder.Addresses(e.Item1, e.Item2), tlvs);
            Assert.Equal(new ProxyHeader(2, ProxyCommand.Proxy, e.Item1, e.Item2, name), AssertDone(input, input.Length));
        });
    }

    [Fact]
    public void V1Text_RoundTrips()
    {
        var v4 = Gen.Byte.Array[4].Select(b => new IPAddress(b));
        var port = Gen.Int[0, 65535];
        Gen.Select(v4, port, v4, port).Sample((a, p, b, q) =>
        {
            string text = $"PROXY TCP4 {a} {b} {p} {q}\r\n";
            Assert.Equal(new ProxyHeader(1, ProxyCommand.Proxy, new IPEndPoint(a, p), new IPEndPoint(b, q), null),
                AssertDone(HttpTestData.Bytes(text), text.Length));
        });
    }

    [Fact]
    public void RandomBytes_NeverThrow()
    {
        var v2Prefixed = Gen.Byte.Array[0, 300].Select(b => (byte[])[.. ProxyV2Builder.Signature, .. b]);
        var v2Shaped = Gen.Select(Gen.Byte, Gen.Byte, Gen.Byte.Array[0, 300]).Select((c, f, b) =>
            ProxyV2Builder.Build((byte)(0x20 | (c & 1)), f, b, [], lengthOverride: b.Length));
        var v1Prefixed = Gen.Byte.Array[0, 300].Select(b => (byte[])[.. "PROXY "u8, .. b]);
        Gen.OneOf(Gen.Byte.Array[0, 600], v2Prefixed, v2Shaped, v1Prefixed).Sample(bytes =>
        {
            var status = ProxyProtocolParser.TryParse(bytes, out _, out int consumed, out var error);
            HttpTestData.AssertSane(status, consumed, bytes.Length);
            Assert.Equal(status == OperationStatus.InvalidData, error != ProxyProtocolError.None);
        });
    }
}
