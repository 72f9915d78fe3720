using System.Buffers.Binary;
using Sstp.Protocol.Ppp;
using Sstp.Protocol.Ppp.Lcp;
using Sstp.Protocol.Ppp.Negotiation;
using Sstp.TestKit;
using static Sstp.Protocol.Tests.Ppp.Lcp.LcpTestPackets;

namespace Sstp.Protocol.Tests.Ppp.Lcp;

/// <summary>LCP codes 8–13, Code-Reject, Protocol-Reject and the echo timer (PPP.md §3, §9, §11).</summary>
public partial class LcpLayerTests
{
    private static byte[] Magic(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return bytes;
    }

    [Fact]
    public void EchoRequest_InOpened_ReplyWithOurMagicAndCopiedData()
    {
        // PPP.md §11 SoftEther echo: magic 0 and "Aho Baka Manuke" with a trailing NUL; RFC 1661 §5.8.
        var (server, _) = OpenedPair();
        var text = "41 68 6F 20 42 61 6B 61 20 4D 61 6E 75 6B 65 00";
        server.Receive(Packet(ControlCode.EchoRequest, 0, "00 00 00 00 " + text), Now);

        var reply = Assert.Single(PppTestLink.Drain(server));
        Assert.Equal(Packet(ControlCode.EchoReply, 0, Hex.Format(Magic(server.LocalMagic)) + text), reply);
    }

    [Fact]
    public void EchoRequest_LargerThanPeerMru_ReplyTruncatedToMru()
    {
        // PPP.md §3 (accel issue #204): truncate the Echo-Reply to the peer's MRU.
        var (server, _) = OpenedPair(null, new LcpSettings { Mru = 1000 });
        var request = new byte[1200];
        PppPacket.WriteHeader(request, (byte)ControlCode.EchoRequest, 0x21, 1196);
        for (int i = 8; i < request.Length; i++)
        {
            request[i] = (byte)i;
        }

        server.Receive(request, Now);
        var reply = Assert.Single(PppTestLink.Drain(server));
        Assert.Equal(1000, reply.Length);
        Assert.Equal(1000, BinaryPrimitives.ReadUInt16BigEndian(reply.AsSpan(2)));
        Assert.Equal(10, reply[0]);
        Assert.Equal(0x21, reply[1]);
        Assert.Equal(request[8..1000], reply[8..]);
    }

    [Fact]
    public void EchoRequest_BeforeOpened_NotAnswered()
    {
        var server = Server();
        Start(server);
        server.Receive(Packet(ControlCode.EchoRequest, 1, "00 00 00 00"), Now);
        Assert.Empty(PppTestLink.Drain(server));
    }

    [Theory]
    [InlineData("0C 05 00 12 00 00 00 00 4D 53 52 41 53 56 35 2E")] // Identification "MSRASV5."
    [InlineData("0D 06 00 0C 00 00 00 00 00 00 0E 10")] // Time-Remaining 3600 s
    [InlineData("0B 07 00 08 00 00 00 00")] // Discard-Request
    [InlineData("0A 07 00 08 00 00 00 00")] // unsolicited Echo-Reply
    public void SilentlyConsumedCodes_NoAnswerNoEvent(string packet)
    {
        // PPP.md §3: never Code-Reject 12/13 (OSC dies on it); Discard and Echo-Reply are consumed.
        var (server, _) = OpenedPair();
        server.Receive(Hex.Parse(packet), Now);
        Assert.Empty(PppTestLink.Drain(server));
        Assert.Empty(PppTestLink.Events(server));
        Assert.True(server.IsOpened);
    }

    [Fact]
    public void UnknownCode_CodeRejected()
    {
        var (server, _) = OpenedPair();
        server.Receive(Hex.Parse("20 05 00 06 AB CD"), Now);
        var reject = Assert.Single(PppTestLink.Drain(server));
        Assert.Equal(7, reject[0]);
        Assert.Equal(Hex.Parse("20 05 00 06 AB CD"), reject[4..]);
        Assert.True(server.IsOpened);
    }

    [Fact]
    public void ProtocolReject_OfNcp_EventAndStaysOpened()
    {
        // PPP.md §9: Protocol-Reject of one of our NCPs → that NCP gets RXJ+, the link stays.
        var (server, _) = OpenedPair();
        server.Receive(Hex.Parse("08 03 00 0C 80 57 01 01 00 0E 01 0A"), Now);
        Assert.Equal(new PppLayerEvent(PppLayerEventKind.ProtocolRejected, RejectedProtocol: 0x8057), Assert.Single(PppTestLink.Events(server)));
        Assert.Empty(PppTestLink.Drain(server));
        Assert.True(server.IsOpened);
    }

    [Fact]
    public void ProtocolReject_OfLcp_Catastrophic()
    {
        var (server, _) = OpenedPair();
        server.Receive(Hex.Parse("08 03 00 06 C0 21"), Now);
        Assert.Equal(AutomatonState.Stopping, server.State);
        Assert.Equal(PppCloseReason.CatastrophicReject, server.CloseReason);
        Assert.Equal(5, Assert.Single(PppTestLink.Drain(server))[0]);
    }

    [Fact]
    public void ProtocolReject_BeforeOpened_Discarded()
    {
        var server = Server();
        Start(server);
        server.Receive(Hex.Parse("08 03 00 06 80 21"), Now);
        Assert.Empty(PppTestLink.Events(server));
        Assert.Empty(PppTestLink.Drain(server));
    }

    [Fact]
    public void SendProtocolReject_Ccp_NewIdentifierAndRejectedPacket()
    {
        // PPP.md §9: Code 8, new Identifier, Rejected-Protocol 80 FD, Rejected-Information = the CCP packet.
        var (server, _) = OpenedPair();
        server.SendProtocolReject(0x80FD, Hex.Parse("01 01 00 04"));
        server.SendProtocolReject(0x80FD, Hex.Parse("01 02 00 04"));
        var packets = PppTestLink.Drain(server);
        Assert.Equal(Hex.Parse("08"), packets[0][..1]);
        Assert.Equal(Hex.Parse("00 0A 80 FD 01 01 00 04"), packets[0][2..]);
        Assert.NotEqual(packets[0][1], packets[1][1]);
    }

    [Fact]
    public void SendProtocolReject_LargeInformation_TruncatedToPeerMru()
    {
        var (server, _) = OpenedPair(null, new LcpSettings { Mru = 1000 });
        server.SendProtocolReject(0x80FD, new byte[3000]);
        var packet = Assert.Single(PppTestLink.Drain(server));
        Assert.Equal(1000, packet.Length);
        Assert.Equal(1000, BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(2)));
    }

    [Fact]
    public void SendProtocolReject_NotOpened_NothingSent()
    {
        var server = Server();
        Start(server);
        server.SendProtocolReject(0x80FD, Hex.Parse("01 01 00 04"));
        Assert.Empty(PppTestLink.Drain(server));
    }

    [Fact]
    public void SendEchoRequest_InOpened_CarriesOurMagic()
    {
        var (server, client) = OpenedPair();
        server.SendEchoRequest();
        var request = Assert.Single(PppTestLink.Drain(server));
        Assert.Equal(9, request[0]);
        Assert.Equal(Magic(server.LocalMagic), request[4..8]);

        client.Receive(request, Now);
        var reply = Assert.Single(PppTestLink.Drain(client));
        Assert.Equal(10, reply[0]);
        Assert.Equal(request[1], reply[1]);
        Assert.Equal(Magic(client.LocalMagic), reply[4..8]);
    }

    [Fact]
    public void EchoTimer_UnansweredRequests_RaiseEchoTimeout()
    {
        var settings = new LcpSettings { EchoInterval = TimeSpan.FromSeconds(10), EchoFailureCount = 2 };
        var (server, _) = OpenedPair(settings);
        Assert.Equal(TimeSpan.FromSeconds(10), server.NextDeadline);

        server.HandleTimeout(TimeSpan.FromSeconds(10));
        Assert.Equal(9, Assert.Single(PppTestLink.Drain(server))[0]);
        server.HandleTimeout(TimeSpan.FromSeconds(20));
        Assert.Equal(9, Assert.Single(PppTestLink.Drain(server))[0]);
        Assert.Empty(PppTestLink.Events(server));

        server.HandleTimeout(TimeSpan.FromSeconds(30));
        Assert.Empty(PppTestLink.Drain(server));
        Assert.Equal(new PppLayerEvent(PppLayerEventKind.EchoTimeout, PppCloseReason.EchoTimeout), Assert.Single(PppTestLink.Events(server)));
        Assert.Null(server.NextDeadline);
    }

    [Fact]
    public void EchoTimer_RepliesKeepLinkAlive()
    {
        var settings = new LcpSettings { EchoInterval = TimeSpan.FromSeconds(10), EchoFailureCount = 1 };
        var (server, client) = OpenedPair(settings);
        for (int i = 1; i <= 5; i++)
        {
            var now = TimeSpan.FromSeconds(10 * i);
            server.HandleTimeout(now);
            PppTestLink.Exchange(server, client, now);
        }

        Assert.Empty(PppTestLink.Events(server));
        Assert.Equal(TimeSpan.FromSeconds(60), server.NextDeadline);
    }

    [Fact]
    public void EchoTimer_Off_NoDeadlineInOpened()
    {
        var (server, _) = OpenedPair();
        Assert.Null(server.NextDeadline);
    }
}
