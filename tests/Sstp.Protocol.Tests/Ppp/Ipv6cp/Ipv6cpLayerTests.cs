using System.Buffers.Binary;
using Sstp.Protocol.Ppp;
using Sstp.Protocol.Ppp.Ipv6cp;
using Sstp.Protocol.Ppp.Negotiation;
using Sstp.TestKit;

namespace Sstp.Protocol.Tests.Ppp.Ipv6cp;

/// <summary>IPV6CP (PPP.md §8, RFC 5072 §4.1).</summary>
public class Ipv6cpLayerTests
{
    private const ulong OurIid = 0x0200_5EFF_FE00_0001;
    private static readonly TimeSpan Now = TimeSpan.Zero;

    private static Ipv6cpLayer Layer(ulong? iid = OurIid, PppRole role = PppRole.Server, int seed = 3)
        => new(new Ipv6cpSettings { InterfaceId = iid }, role, new SeededRandom(seed));

    private static byte[] Start(Ipv6cpLayer layer)
    {
        layer.Open();
        layer.Up(Now);
        return Assert.Single(PppTestLink.Drain(layer));
    }

    private static byte[] Request(byte id, ulong iid)
    {
        var packet = new byte[14];
        PppPacket.WriteHeader(packet, 1, id, 10);
        packet[4] = 1;
        packet[5] = 10;
        BinaryPrimitives.WriteUInt64BigEndian(packet.AsSpan(6), iid);
        return packet;
    }

    [Fact]
    public void Receive_PppMdVector_Acked()
    {
        // PPP.md §8: "FF 03 80 57 | 01 01 00 0E | 01 0A F1 01 03 43 CF EA 4F FE" (sstpc↔RouterOS log).
        var layer = Layer();
        Start(layer);
        var frame = Hex.Parse("FF 03 80 57 01 01 00 0E 01 0A F1 01 03 43 CF EA 4F FE");
        PppFrame.TryRead(frame, out ushort protocol, out var information);
        Assert.Equal((ushort)layer.Protocol, protocol);

        layer.Receive(information, Now);
        var ack = Assert.Single(PppTestLink.Drain(layer));
        Assert.Equal(Hex.Parse("02 01 00 0E 01 0A F1 01 03 43 CF EA 4F FE"), ack);
    }

    [Fact]
    public void OwnRequest_CarriesConfiguredIid()
    {
        var request = Start(Layer());
        Assert.Equal(Hex.Parse("01 0A 02 00 5E FF FE 00 00 01"), request[4..]);
    }

    [Fact]
    public void OwnRequest_WithoutConfiguredIid_RandomNonZero()
    {
        var request = Start(Layer(iid: null));
        Assert.NotEqual(0ul, BinaryPrimitives.ReadUInt64BigEndian(request.AsSpan(6)));
    }

    [Fact]
    public void Rule_DifferentNonZero_Ack()
    {
        var layer = Layer();
        Start(layer);
        layer.Receive(Request(4, 0x1122334455667788), Now);
        Assert.Equal(2, Assert.Single(PppTestLink.Drain(layer))[0]);
    }

    [Theory]
    [InlineData(0ul)] // zero → suggest a non-zero unique IID
    [InlineData(OurIid)] // equal to ours → suggest a different one
    public void Rule_ZeroOrEqual_NakWithNonZeroDifferentIid(ulong received)
    {
        var layer = Layer();
        Start(layer);
        layer.Receive(Request(5, received), Now);
        var nak = Assert.Single(PppTestLink.Drain(layer));
        Assert.Equal(3, nak[0]);
        Assert.Equal(5, nak[1]);
        ulong suggested = BinaryPrimitives.ReadUInt64BigEndian(nak.AsSpan(6));
        Assert.NotEqual(0ul, suggested);
        Assert.NotEqual(OurIid, suggested);
    }

    [Fact]
    public void Rule_BothZero_Reject()
    {
        // Our IID is never zero, so "both zero" arises only after the peer rejected our option.
        var layer = Layer();
        var first = Start(layer);
        var reject = (byte[])first.Clone();
        reject[0] = 4;
        layer.Receive(reject, Now);
        PppTestLink.Drain(layer);

        layer.Receive(Request(6, 0), Now);
        Assert.Equal(4, Assert.Single(PppTestLink.Drain(layer))[0]);
    }

    [Theory]
    [InlineData("02 04 00 4F")] // IPv6-Compression-Protocol
    [InlineData("07 03 00")] // unknown
    [InlineData("01 06 00 00 00 01")] // Interface-Identifier with a bad length
    public void OtherOptions_Rejected(string option)
    {
        var layer = Layer();
        Start(layer);
        var data = Hex.Parse(option);
        var packet = new byte[4 + data.Length];
        PppPacket.Write(packet, 1, 7, data);
        layer.Receive(packet, Now);
        Assert.Equal([4, 7], Assert.Single(PppTestLink.Drain(layer))[..2]);
    }

    [Fact]
    public void NakOfOurIid_NextRequestUsesSuggestion()
    {
        var layer = Layer();
        var first = Start(layer);
        var nak = Request(first[1], 0xAAAA_BBBB_CCCC_DDDD);
        nak[0] = 3;
        layer.Receive(nak, Now);
        var next = Assert.Single(PppTestLink.Drain(layer));
        Assert.Equal(0xAAAA_BBBB_CCCC_DDDDul, BinaryPrimitives.ReadUInt64BigEndian(next.AsSpan(6)));
    }

    [Fact]
    public void Pair_BothOpened_IidsCrossMatch()
    {
        var server = Layer(iid: null, PppRole.Server, seed: 10);
        var client = Layer(iid: null, PppRole.Client, seed: 11);
        PppTestLink.Start(server, client, Now);
        PppTestLink.Exchange(server, client, Now);

        Assert.True(server.IsOpened);
        Assert.True(client.IsOpened);
        Assert.NotEqual(0ul, server.LocalInterfaceId);
        Assert.Equal(server.LocalInterfaceId, client.PeerInterfaceId);
        Assert.Equal(client.LocalInterfaceId, server.PeerInterfaceId);
        Assert.NotEqual(server.LocalInterfaceId, client.LocalInterfaceId);
    }

    [Fact]
    public void Pair_SameConfiguredIid_NakResolvesConflict()
    {
        var server = Layer(OurIid, PppRole.Server, seed: 10);
        var client = Layer(OurIid, PppRole.Client, seed: 11);
        PppTestLink.Start(server, client, Now);
        PppTestLink.Exchange(server, client, Now);

        Assert.True(server.IsOpened && client.IsOpened);
        Assert.NotEqual(server.LocalInterfaceId, client.LocalInterfaceId);
    }

    [Fact]
    public void SilentPeer_KeepsRetransmittingThenLateRequestStillOpens()
    {
        // PPP.md §2/§8: OSC starts IPV6CP only after IPCP; retransmit on the restart timer while it is silent.
        var layer = Layer();
        Start(layer);
        var now = Now;
        int requests = 1;
        while (layer.NextDeadline is { } deadline)
        {
            now = deadline;
            layer.HandleTimeout(now);
            requests += PppTestLink.Drain(layer).Count(p => p[0] == 1);
        }

        Assert.Equal(10, requests);
        Assert.Equal(AutomatonState.Stopped, layer.State);

        // The peer finally starts: Stopped + RCR+ → irc, scr, sca → Ack-Sent; its Ack of ours → Opened.
        layer.Receive(Request(1, 0x1122334455667788), now);
        var sent = PppTestLink.Drain(layer);
        Assert.Equal([1, 2], sent.Select(p => p[0]));
        var ack = (byte[])sent[0].Clone();
        ack[0] = 2;
        layer.Receive(ack, now);
        Assert.True(layer.IsOpened);
        Assert.Equal(0x1122334455667788ul, layer.PeerInterfaceId);
        Assert.Equal(OurIid, layer.LocalInterfaceId);
    }
}
