using System.Buffers;
using Sstp.Protocol.Ppp;
using Sstp.TestKit;

namespace Sstp.Protocol.Tests.Ppp;

public class PppPacketTests
{
    [Fact]
    public void TryRead_EchoRequest_FieldsAndDataView()
    {
        // PPP.md §1.1 example: LCP Echo-Request, id 1, magic 0.
        var bytes = Hex.Parse("09 01 00 08 00 00 00 00");
        Assert.Equal(OperationStatus.Done, PppPacket.TryRead(bytes, out var packet));
        Assert.Equal(9, packet.Code);
        Assert.Equal(1, packet.Identifier);
        Assert.Equal(4, packet.Data.Length);
    }

    [Fact]
    public void TryRead_PaddingAfterLength_IsIgnored()
    {
        var bytes = Hex.Parse("05 02 00 04 AA BB");
        Assert.Equal(OperationStatus.Done, PppPacket.TryRead(bytes, out var packet));
        Assert.Equal(0, packet.Data.Length);
    }

    [Theory]
    [InlineData("")]
    [InlineData("01 01 00")]
    [InlineData("01 01 00 03")]
    [InlineData("01 01 00 09 00 00 00 00")]
    public void TryRead_Malformed_InvalidData(string hex)
    {
        Assert.Equal(OperationStatus.InvalidData, PppPacket.TryRead(Hex.Parse(hex), out _));
    }

    [Fact]
    public void Write_ThenRead_RoundTrips()
    {
        var buffer = new byte[32];
        int n = PppPacket.Write(buffer, 1, 0x42, [1, 4, 5, 0x78]);
        Assert.Equal(8, n);
        Assert.Equal(OperationStatus.Done, PppPacket.TryRead(buffer.AsSpan(0, n), out var packet));
        Assert.Equal(0x42, packet.Identifier);
        Assert.Equal(new byte[] { 1, 4, 5, 0x78 }, packet.Data.ToArray());
    }
}
