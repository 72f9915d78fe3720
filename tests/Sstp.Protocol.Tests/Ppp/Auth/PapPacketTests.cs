using System.Buffers;
using CsCheck;
using Sstp.Protocol.Ppp.Auth;
using Sstp.TestKit;

namespace Sstp.Protocol.Tests.Ppp.Auth;

public class PapPacketTests
{
    [Fact]
    public void TryRead_Request_FieldsAreViews()
    {
        // RFC 1334 §2.2.1: Peer-ID-Length "bob", Passwd-Length "pw".
        var bytes = Hex.Parse("01 07 00 0B 03 62 6F 62 02 70 77");
        Assert.Equal(OperationStatus.Done, PapPacket.TryRead(bytes, out var pap, out var error));
        Assert.Equal(AuthParseError.None, error);
        Assert.Equal(PapCode.AuthenticateRequest, pap.Code);
        Assert.Equal(7, pap.Identifier);
        Assert.Equal("bob"u8.ToArray(), pap.PeerId.ToArray());
        Assert.Equal("pw"u8.ToArray(), pap.Password.ToArray());
    }

    [Theory]
    [InlineData("02 07 00 07 02 4F 4B", PapCode.AuthenticateAck, "OK")]
    [InlineData("03 07 00 05 00", PapCode.AuthenticateNak, "")]
    [InlineData("02 07 00 04", PapCode.AuthenticateAck, "")] // lenient: no Msg-Length octet
    public void TryRead_AckNak_Message(string hex, PapCode code, string message)
    {
        Assert.Equal(OperationStatus.Done, PapPacket.TryRead(Hex.Parse(hex), out var pap, out _));
        Assert.Equal(code, pap.Code);
        Assert.Equal(message, System.Text.Encoding.ASCII.GetString(pap.Message));
    }

    [Theory]
    [InlineData("01 07 00", AuthParseError.BadHeader)]
    [InlineData("01 07 00 0C 03 62 6F 62 02 70 77", AuthParseError.BadHeader)] // Length beyond input
    [InlineData("01 07 00 04", AuthParseError.PeerIdOverrun)]
    [InlineData("01 07 00 06 05 62", AuthParseError.PeerIdOverrun)]
    [InlineData("01 07 00 08 03 62 6F 62", AuthParseError.PasswordOverrun)]
    [InlineData("01 07 00 0A 03 62 6F 62 03 70", AuthParseError.PasswordOverrun)]
    [InlineData("02 07 00 06 05 4F", AuthParseError.MessageOverrun)]
    [InlineData("09 07 00 04", AuthParseError.UnknownCode)]
    public void TryRead_Malformed_ExactError(string hex, AuthParseError expected)
    {
        Assert.Equal(OperationStatus.InvalidData, PapPacket.TryRead(Hex.Parse(hex), out _, out var error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void WriteRequest_ThenRead_RoundTrips()
    {
        Gen.Select(Gen.Byte, Gen.Byte.Array[0, 255], Gen.Byte.Array[0, 255]).Sample((id, peer, password) =>
        {
            var buffer = new byte[PapPacket.GetRequestLength(peer.Length, password.Length)];
            int written = PapPacket.WriteRequest(buffer, id, peer, password);
            Assert.Equal(buffer.Length, written);
            Assert.Equal(OperationStatus.Done, PapPacket.TryRead(buffer, out var pap, out _));
            Assert.Equal(id, pap.Identifier);
            Assert.Equal(peer, pap.PeerId.ToArray());
            Assert.Equal(password, pap.Password.ToArray());
        });
    }

    [Fact]
    public void WriteResponse_ThenRead_RoundTrips()
    {
        Gen.Select(Gen.Byte, Gen.Byte.Array[0, 255], Gen.Bool).Sample((id, message, ack) =>
        {
            var code = ack ? PapCode.AuthenticateAck : PapCode.AuthenticateNak;
            var buffer = new byte[300];
            int written = PapPacket.WriteResponse(buffer, code, id, message);
            Assert.Equal(OperationStatus.Done, PapPacket.TryRead(buffer.AsSpan(0, written), out var pap, out _));
            Assert.Equal(code, pap.Code);
            Assert.Equal(message, pap.Message.ToArray());
        });
    }

    [Fact]
    public void TryRead_EveryPrefixOfRequest_IsInvalidNeverThrows()
    {
        // Packets arrive whole inside one PPP frame: a cut packet is invalid, never "need more".
        var bytes = Hex.Parse("01 07 00 0B 03 62 6F 62 02 70 77");
        for (int cut = 0; cut < bytes.Length; cut++)
        {
            Assert.Equal(OperationStatus.InvalidData, PapPacket.TryRead(bytes.AsSpan(0, cut), out _, out _));
        }
    }

    [Fact]
    public void TryRead_RandomBytes_NeverThrows()
    {
        Gen.Byte.Array[0, 600].Sample(bytes =>
        {
            var status = PapPacket.TryRead(bytes, out var pap, out var error);
            Assert.True(status == OperationStatus.Done ? error == AuthParseError.None : error != AuthParseError.None);
            Assert.True(pap.PeerId.Length + pap.Password.Length + pap.Message.Length <= bytes.Length);
        });
    }

    [Fact]
    public void WriteRequest_TooSmall_Throws()
    {
        Assert.Throws<ArgumentException>(() => PapPacket.WriteRequest(new byte[5], 1, "ab"u8, "cd"u8));
        Assert.Throws<ArgumentException>(() => PapPacket.WriteRequest(new byte[600], 1, new byte[256], "cd"u8));
    }
}
