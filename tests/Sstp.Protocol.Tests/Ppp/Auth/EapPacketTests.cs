using System.Buffers;
using CsCheck;
using Sstp.Protocol.Ppp.Auth;
using Sstp.TestKit;

namespace Sstp.Protocol.Tests.Ppp.Auth;

public class EapPacketTests
{
    [Theory]
    // RFC 3748 §5.1 Request/Identity with no data; §5.3.1 Legacy Nak "03 1A" (OSC, AUTH.md §6).
    [InlineData("01 05 00 05 01", EapCode.Request, EapType.Identity, "")]
    [InlineData("02 05 00 08 01 62 6F 62", EapCode.Response, EapType.Identity, "62 6F 62")]
    [InlineData("02 06 00 06 03 1A", EapCode.Response, EapType.LegacyNak, "1A")]
    [InlineData("01 07 00 05 02", EapCode.Request, EapType.Notification, "")]
    public void TryRead_RequestResponse_Fields(string hex, EapCode code, EapType type, string typeData)
    {
        Assert.Equal(OperationStatus.Done, EapPacket.TryRead(Hex.Parse(hex), out var eap, out _));
        Assert.Equal(code, eap.Code);
        Assert.Equal(type, eap.Type);
        Assert.Equal(Hex.Parse(typeData), eap.TypeData.ToArray());
    }

    [Theory]
    [InlineData("03 09 00 04", EapCode.Success)]
    [InlineData("04 09 00 04", EapCode.Failure)]
    [InlineData("03 09 00 06 AA BB", EapCode.Success)] // lenient: trailing data ignored
    public void TryRead_SuccessFailure_NoType(string hex, EapCode code)
    {
        Assert.Equal(OperationStatus.Done, EapPacket.TryRead(Hex.Parse(hex), out var eap, out _));
        Assert.Equal(code, eap.Code);
        Assert.Equal(9, eap.Identifier);
        Assert.True(eap.TypeData.IsEmpty);
    }

    [Theory]
    [InlineData("01 05 00", AuthParseError.BadHeader)]
    [InlineData("01 05 00 06 01", AuthParseError.BadHeader)]
    [InlineData("01 05 00 04", AuthParseError.EapTypeMissing)]
    [InlineData("02 05 00 04 01", AuthParseError.EapTypeMissing)] // Length excludes the Type octet
    [InlineData("05 05 00 04", AuthParseError.UnknownCode)]
    public void TryRead_Malformed_ExactError(string hex, AuthParseError expected)
    {
        Assert.Equal(OperationStatus.InvalidData, EapPacket.TryRead(Hex.Parse(hex), out _, out var error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void Write_ThenRead_RoundTrips()
    {
        Gen.Select(Gen.Byte, Gen.Byte, Gen.Byte.Array[0, 300], Gen.Bool).Sample((id, type, data, request) =>
        {
            var code = request ? EapCode.Request : EapCode.Response;
            var buffer = new byte[5 + data.Length];
            Assert.Equal(buffer.Length, EapPacket.Write(buffer, code, id, (EapType)type, data));
            Assert.Equal(OperationStatus.Done, EapPacket.TryRead(buffer, out var eap, out _));
            Assert.Equal(code, eap.Code);
            Assert.Equal(id, eap.Identifier);
            Assert.Equal((EapType)type, eap.Type);
            Assert.Equal(data, eap.TypeData.ToArray());
        });
    }

    [Fact]
    public void WriteSuccessOrFailure_IsFourBytes()
    {
        var buffer = new byte[4];
        Assert.Equal(4, EapPacket.WriteSuccessOrFailure(buffer, EapCode.Success, 0x42));
        Assert.Equal(Hex.Parse("03 42 00 04"), buffer);
        Assert.Throws<ArgumentOutOfRangeException>(() => EapPacket.WriteSuccessOrFailure(buffer, EapCode.Request, 1));
    }

    [Fact]
    public void TryRead_EveryPrefix_IsInvalid()
    {
        var bytes = Hex.Parse("02 05 00 08 01 62 6F 62");
        for (int cut = 0; cut < bytes.Length; cut++)
        {
            Assert.Equal(OperationStatus.InvalidData, EapPacket.TryRead(bytes.AsSpan(0, cut), out _, out _));
        }
    }

    [Fact]
    public void TryRead_RandomBytes_NeverThrows()
    {
        Gen.Byte.Array[0, 600].Sample(bytes =>
        {
            if (EapPacket.TryRead(bytes, out var eap, out _) == OperationStatus.Done && eap.Type == EapType.MsChapV2)
            {
                EapMsChapV2Packet.TryRead(eap.TypeData, out var ms, out _);
                Assert.True(ms.Data.Length <= bytes.Length);
            }
        });
    }
}
