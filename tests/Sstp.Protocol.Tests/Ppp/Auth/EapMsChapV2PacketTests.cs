using System.Buffers;
using CsCheck;
using Sstp.Protocol.Ppp.Auth;
using Sstp.TestKit;

namespace Sstp.Protocol.Tests.Ppp.Auth;

/// <summary>EAP-MSCHAPv2 Type-Data (AUTH.md §6.1: MS-Length = EAP Length − 5).</summary>
public class EapMsChapV2PacketTests
{
    [Fact]
    public void WritePacket_Challenge_MsLengthIsEapLengthMinusFive()
    {
        // Challenge: Value-Size 16, challenge, empty name → data 17 bytes; EAP Length = 5 + 4 + 17 = 26.
        var data = new byte[17];
        data[0] = 16;
        var packet = new byte[26];
        int written = EapMsChapV2Packet.WritePacket(packet, EapCode.Request, 0x11, EapMsChapV2OpCode.Challenge, 0x11, data);
        Assert.Equal(26, written);
        Assert.Equal(Hex.Parse("01 11 00 1A 1A 01 11 00 15 10"), packet.AsSpan(0, 10).ToArray());
        Assert.Equal(OperationStatus.Done, EapPacket.TryRead(packet, out var eap, out _));
        Assert.Equal(OperationStatus.Done, EapMsChapV2Packet.TryRead(eap.TypeData, out var ms, out _));
        Assert.Equal(EapMsChapV2OpCode.Challenge, ms.OpCode);
        Assert.Equal(0x11, ms.MsChapV2Id);
        Assert.Equal(17, ms.Data.Length);
    }

    [Theory]
    [InlineData(EapMsChapV2OpCode.Success, "02 07 00 06 1A 03")]
    [InlineData(EapMsChapV2OpCode.Failure, "02 07 00 06 1A 04")]
    public void WriteAcknowledgement_OneByteTypeData(EapMsChapV2OpCode opCode, string expected)
    {
        var packet = new byte[6];
        EapMsChapV2Packet.WriteAcknowledgement(packet, 7, opCode);
        Assert.Equal(Hex.Parse(expected), packet);
        Assert.Equal(OperationStatus.Done, EapMsChapV2Packet.TryRead(packet.AsSpan(5), out var ms, out _));
        Assert.True(ms.IsAcknowledgement);
        Assert.Equal(opCode, ms.OpCode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("01")]
    [InlineData("02")]
    [InlineData("01 01 00")]
    [InlineData("01 01 00 03")]
    [InlineData("01 01 00 09 10 00 00 00")]
    public void TryRead_Malformed_HeaderInvalid(string hex)
    {
        Assert.Equal(OperationStatus.InvalidData, EapMsChapV2Packet.TryRead(Hex.Parse(hex), out _, out var error));
        Assert.Equal(AuthParseError.EapMsChapV2HeaderInvalid, error);
    }

    [Fact]
    public void TryRead_ShortMsLength_TrailingBytesIgnored()
    {
        Assert.Equal(OperationStatus.Done, EapMsChapV2Packet.TryRead(Hex.Parse("03 01 00 05 41 42 43"), out var ms, out _));
        Assert.Equal("A"u8.ToArray(), ms.Data.ToArray());
    }

    [Fact]
    public void WriteTypeData_ThenRead_RoundTrips()
    {
        Gen.Select(Gen.Byte[1, 7], Gen.Byte, Gen.Byte.Array[0, 300]).Sample((op, id, data) =>
        {
            var buffer = new byte[4 + data.Length];
            EapMsChapV2Packet.WriteTypeData(buffer, (EapMsChapV2OpCode)op, id, data);
            Assert.Equal(OperationStatus.Done, EapMsChapV2Packet.TryRead(buffer, out var ms, out _));
            Assert.Equal((EapMsChapV2OpCode)op, ms.OpCode);
            Assert.Equal(id, ms.MsChapV2Id);
            Assert.Equal(data, ms.Data.ToArray());
        });
    }

    [Fact]
    public void TryRead_RandomBytes_NeverThrows()
    {
        Gen.Byte.Array[0, 600].Sample(bytes =>
        {
            EapMsChapV2Packet.TryRead(bytes, out var ms, out _);
            Assert.True(ms.Data.Length <= bytes.Length);
        });
    }
}
