using System.Buffers;
using CsCheck;
using Sstp.Protocol.Ppp.Auth;
using Sstp.Protocol.Tests.Crypto;
using Sstp.TestKit;

namespace Sstp.Protocol.Tests.Ppp.Auth;

public class ChapPacketTests
{
    [Fact]
    public void WriteResponse_Rfc2759Vector_MatchesAuthMdLayout()
    {
        // AUTH.md §4.3: "02 ii 00 3A 31 | PeerChallenge | 8 × 00 | NT-Response | 00 | 55 73 65 72".
        var value = new byte[MsChapV2Response.ValueLength];
        MsChapV2Response.Write(value, MsChapV2Tests.PeerChallenge, MsChapV2Tests.NtResponse);
        var packet = new byte[0x3A];
        int written = ChapPacket.WriteChallengeOrResponse(packet, ChapCode.Response, 0x2A, value, MsChapV2Tests.User);
        Assert.Equal(0x3A, written);
        var expected = Hex.Parse("02 2A 00 3A 31 | 21402324255E262A28295F2B3A337C7E | 0000000000000000 |"
            + " 82309ECD8D708B5EA08FAA3981CD83544233114A3D85D6DF | 00 | 55 73 65 72");
        Assert.Equal(expected, packet);
    }

    [Fact]
    public void TryRead_Rfc2759Response_SplitsValue()
    {
        var packet = Hex.Parse("02 2A 00 3A 31 21402324255E262A28295F2B3A337C7E 0000000000000000"
            + " 82309ECD8D708B5EA08FAA3981CD83544233114A3D85D6DF 00 55 73 65 72");
        Assert.Equal(OperationStatus.Done, ChapPacket.TryRead(packet, out var chap, out _));
        Assert.Equal(ChapCode.Response, chap.Code);
        Assert.Equal("User"u8.ToArray(), chap.Name.ToArray());
        Assert.Equal(OperationStatus.Done, MsChapV2Response.TryRead(chap.Value, out var response, out _));
        Assert.Equal(MsChapV2Tests.PeerChallenge, response.PeerChallenge.ToArray());
        Assert.Equal(MsChapV2Tests.NtResponse, response.NtResponse.ToArray());
        Assert.Equal(0, response.Flags);
    }

    [Theory]
    [InlineData("03 05 00 07 4F 4B 21", ChapCode.Success, "OK!")]
    [InlineData("04 05 00 04", ChapCode.Failure, "")]
    [InlineData("07 05 00 05 AA", ChapCode.ChangePassword, "\u00AA")]
    public void TryRead_MessagePackets_MessageView(string hex, ChapCode code, string message)
    {
        Assert.Equal(OperationStatus.Done, ChapPacket.TryRead(Hex.Parse(hex), out var chap, out _));
        Assert.Equal(code, chap.Code);
        Assert.Equal(message, System.Text.Encoding.Latin1.GetString(chap.Message));
    }

    [Theory]
    [InlineData("01 01 00", AuthParseError.BadHeader)]
    [InlineData("01 01 00 03", AuthParseError.BadHeader)]
    [InlineData("01 01 00 04", AuthParseError.ValueOverrun)]
    [InlineData("01 01 00 06 10 00", AuthParseError.ValueOverrun)]
    [InlineData("02 01 00 05 01", AuthParseError.ValueOverrun)]
    [InlineData("05 01 00 04", AuthParseError.UnknownCode)]
    [InlineData("00 01 00 04", AuthParseError.UnknownCode)]
    public void TryRead_Malformed_ExactError(string hex, AuthParseError expected)
    {
        Assert.Equal(OperationStatus.InvalidData, ChapPacket.TryRead(Hex.Parse(hex), out _, out var error));
        Assert.Equal(expected, error);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(48)]
    [InlineData(50)]
    public void MsChapV2ResponseTryRead_WrongSize_ResponseSizeInvalid(int size)
    {
        Assert.Equal(OperationStatus.InvalidData, MsChapV2Response.TryRead(new byte[size], out _, out var error));
        Assert.Equal(AuthParseError.ResponseSizeInvalid, error);
    }

    [Fact]
    public void WriteChallenge_ThenRead_RoundTrips()
    {
        Gen.Select(Gen.Byte, Gen.Byte.Array[0, 255], Gen.Byte.Array[0, 100], Gen.Bool).Sample((id, value, name, challenge) =>
        {
            var code = challenge ? ChapCode.Challenge : ChapCode.Response;
            var buffer = new byte[4 + ChapPacket.GetValueAndNameLength(value.Length, name.Length)];
            ChapPacket.WriteChallengeOrResponse(buffer, code, id, value, name);
            Assert.Equal(OperationStatus.Done, ChapPacket.TryRead(buffer, out var chap, out _));
            Assert.Equal(code, chap.Code);
            Assert.Equal(id, chap.Identifier);
            Assert.Equal(value, chap.Value.ToArray());
            Assert.Equal(name, chap.Name.ToArray());
        });
    }

    [Fact]
    public void WriteMessage_ThenRead_RoundTrips()
    {
        Gen.Select(Gen.Byte, Gen.Byte.Array[0, 300]).Sample((id, message) =>
        {
            var buffer = new byte[4 + message.Length];
            ChapPacket.WriteMessage(buffer, ChapCode.Failure, id, message);
            Assert.Equal(OperationStatus.Done, ChapPacket.TryRead(buffer, out var chap, out _));
            Assert.Equal(message, chap.Message.ToArray());
        });
    }

    [Fact]
    public void TryRead_EveryPrefixOfChallenge_IsInvalid()
    {
        var bytes = Hex.Parse("01 09 00 15 10 5B5D7C7D7B3F2F3E3C2C602132262628");
        Assert.Equal(OperationStatus.Done, ChapPacket.TryRead(bytes, out _, out _));
        for (int cut = 0; cut < bytes.Length; cut++)
        {
            Assert.Equal(OperationStatus.InvalidData, ChapPacket.TryRead(bytes.AsSpan(0, cut), out _, out _));
        }
    }

    [Fact]
    public void TryRead_RandomBytes_NeverThrows()
    {
        Gen.Byte.Array[0, 600].Sample(bytes =>
        {
            var status = ChapPacket.TryRead(bytes, out var chap, out _);
            if (status == OperationStatus.Done)
            {
                Assert.True(chap.Value.Length + chap.Name.Length + chap.Message.Length <= bytes.Length);
                MsChapV2Response.TryRead(chap.Value, out _, out _);
            }
        });
    }
}
