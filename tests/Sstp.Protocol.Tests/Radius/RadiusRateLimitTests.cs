using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using CsCheck;
using Sstp.Protocol.Policing;
using Sstp.Protocol.Radius;

namespace Sstp.Protocol.Tests.Radius;

/// <summary>The rate attributes (WISPr 14122/7, 8; Mikrotik-Rate-Limit 14988/8) in hand-built packets.</summary>
public class RadiusRateLimitTests
{
    private const byte VendorSpecific = 26;

    /// <summary>Vendor-Specific: type 26, length, vendor id, then one sub-attribute (type, length, value).</summary>
    private static byte[] Vsa(uint vendor, byte type, byte[] value)
    {
        var attribute = new byte[2 + 4 + 2 + value.Length];
        attribute[0] = VendorSpecific;
        attribute[1] = (byte)attribute.Length;
        BinaryPrimitives.WriteUInt32BigEndian(attribute.AsSpan(2), vendor);
        attribute[6] = type;
        attribute[7] = (byte)(2 + value.Length);
        value.CopyTo(attribute, 8);
        return attribute;
    }

    private static byte[] Integer(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return bytes;
    }

    private static byte[] WisprUp(uint bits) => Vsa(14122, 7, Integer(bits));

    private static byte[] WisprDown(uint bits) => Vsa(14122, 8, Integer(bits));

    private static byte[] Mikrotik(string text) => Vsa(14988, 8, Encoding.ASCII.GetBytes(text));

    /// <summary>An Access-Accept (code 2) holding the attributes.</summary>
    private static byte[] Accept(params byte[][] attributes)
    {
        var body = attributes.SelectMany(a => a).ToArray();
        var packet = new byte[20 + body.Length];
        packet[0] = 2;
        packet[1] = 7;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)packet.Length);
        body.CopyTo(packet, 20);
        return packet;
    }

    private static RadiusAuthorization Authorize(byte[] packet)
    {
        Assert.Equal(OperationStatus.Done, RadiusPacket.TryRead(packet, out var view, out var error));
        Assert.Equal(RadiusParseError.None, error);
        return RadiusAuthorization.From(view);
    }

    [Fact]
    public void Wispr_UpAndDown_AreBitsPerSecond()
    {
        var authorization = Authorize(Accept(WisprUp(2_000_000), WisprDown(10_000_000)));
        Assert.Equal(new RateLimit(DownBitsPerSecond: 10_000_000, UpBitsPerSecond: 2_000_000), authorization.RateLimit);
    }

    [Fact]
    public void Wispr_OnlyOneDirection_LeavesTheOtherUnspecified()
    {
        Assert.Equal(new RateLimit(4_000_000, null), Authorize(Accept(WisprDown(4_000_000))).RateLimit);
    }

    [Theory]
    [InlineData("2M/10M", 10_000_000L, 2_000_000L)]                       // rx = client upload, tx = client download
    [InlineData("512k", 512_000L, 512_000L)]                              // tx missing: same as rx
    [InlineData("384k/1536k 0/0 0/0 0/0 96k/384k", 1_536_000L, 384_000L)] // burst fields ignored
    [InlineData("1M/4M 8M/16M 1M/4M 10/10 8", 4_000_000L, 1_000_000L)]
    [InlineData("1G/2G", 2_000_000_000L, 1_000_000_000L)]
    public void Mikrotik_RxIsUp_TxIsDown(string value, long down, long up)
    {
        Assert.Equal(new RateLimit(down, up), Authorize(Accept(Mikrotik(value))).RateLimit);
    }

    [Fact]
    public void Mikrotik_WinsOverWispr_ForTheDirectionsItSets()
    {
        var authorization = Authorize(Accept(WisprUp(1_000), WisprDown(2_000), Mikrotik("3M/4M")));
        Assert.Equal(new RateLimit(4_000_000, 3_000_000), authorization.RateLimit);
    }

    [Theory]
    [InlineData("fast")]
    [InlineData("")]
    [InlineData("/1M")]
    [InlineData("1M/")]
    public void Mikrotik_Malformed_IsAbsent(string value)
    {
        Assert.True(Authorize(Accept(Mikrotik(value), Vsa(14122, 8, [0, 1]))).RateLimit.IsUnspecified);
    }

    [Fact]
    public void OtherVendorsAndTypes_AreIgnored()
    {
        var authorization = Authorize(Accept(Vsa(14122, 6, Integer(5)), Vsa(14123, 8, Integer(5)), Vsa(14988, 1, Integer(5))));
        Assert.True(authorization.RateLimit.IsUnspecified);
    }

    [Fact]
    public void ClassifyVendorSpecific_ForCoaRequests()
    {
        Assert.Equal(RateAttributeKind.Wispr, RadiusRateLimit.ClassifyVendorSpecific(WisprUp(1_000).AsSpan(2)));
        Assert.Equal(RateAttributeKind.Mikrotik, RadiusRateLimit.ClassifyVendorSpecific(Mikrotik("1M/2M").AsSpan(2)));
        Assert.Equal(RateAttributeKind.Invalid, RadiusRateLimit.ClassifyVendorSpecific(Vsa(14122, 7, [0, 1]).AsSpan(2)));
        Assert.Equal(RateAttributeKind.Invalid, RadiusRateLimit.ClassifyVendorSpecific(Mikrotik("x").AsSpan(2)));
        Assert.Equal(RateAttributeKind.Invalid, RadiusRateLimit.ClassifyVendorSpecific(new byte[] { 0, 0, 0x37, 0x2A, 7, 9, 0 }));
        Assert.Equal(RateAttributeKind.Other, RadiusRateLimit.ClassifyVendorSpecific(Vsa(14122, 5, Integer(1)).AsSpan(2)));
        Assert.Equal(RateAttributeKind.Other, RadiusRateLimit.ClassifyVendorSpecific(Vsa(311, 8, Integer(1)).AsSpan(2)));
        Assert.Equal(RateAttributeKind.Invalid, RadiusRateLimit.ClassifyVendorSpecific(new byte[] { 0, 0 }));
    }

    [Fact]
    public void Read_RandomAttributes_NeverThrows()
    {
        Gen.Select(Gen.Byte[0, 255], Gen.Byte.Array[0, 40]).Array[0, 6].Sample(subs =>
        {
            var attributes = subs.Select(s => Vsa(s.Item1 % 2 == 0 ? 14122u : 14988u, (byte)(s.Item1 % 10), s.Item2)).ToArray();
            _ = RadiusRateLimit.Read(attributes.SelectMany(a => a).ToArray());
            foreach (var attribute in attributes)
            {
                _ = RadiusRateLimit.ClassifyVendorSpecific(attribute.AsSpan(2));
            }
        });
    }
}
