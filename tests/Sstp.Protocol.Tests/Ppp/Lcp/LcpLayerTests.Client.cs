using Sstp.Protocol.Ppp;
using Sstp.Protocol.Ppp.Lcp;
using Sstp.Protocol.Ppp.Negotiation;
using Sstp.TestKit;
using static Sstp.Protocol.Tests.Ppp.Lcp.LcpTestPackets;

namespace Sstp.Protocol.Tests.Ppp.Lcp;

/// <summary>Client policy (PPP.md §5.5) and server↔client pairs.</summary>
public partial class LcpLayerTests
{
    [Fact]
    public void Client_SoftEtherOffersEap_NaksToMsChapV2ThenAcks()
    {
        // PPP.md §5.2 SoftEther server: MRU + Authentication-Protocol; INTEROP.md §6: it offers EAP first.
        var client = Client();
        var ours = Start(client);
        client.Receive(Request(1, "01 04 05 DC 03 04 C2 27"), Now);
        Assert.Equal(Packet(ControlCode.ConfigureNak, 1, "03 05 C2 23 81"), Assert.Single(PppTestLink.Drain(client)));

        client.Receive(Request(2, "01 04 05 DC 03 05 C2 23 81"), Now);
        Assert.Equal(Packet(ControlCode.ConfigureAck, 2, "01 04 05 DC 03 05 C2 23 81"), Assert.Single(PppTestLink.Drain(client)));

        AckOwnRequest(client, ours);
        Assert.True(client.IsOpened);
        Assert.Equal(AuthProtocolOption.MsChapV2, client.AuthProtocol);
        Assert.Equal(1500, client.PeerMru);
        Assert.Equal(0u, client.PeerMagic);
    }

    [Theory]
    [InlineData("C2 23 05", "C2 23 81")] // CHAP-MD5 not allowed by default → Nak to MS-CHAPv2
    [InlineData("C2 23", "C2 23 81")] // CHAP without algorithm: unusable
    [InlineData("C2 23 81 00", "C2 23 81")] // CHAP with two algorithm bytes (OSC wants exactly one)
    [InlineData("C0 25", "C2 23 81")] // not an auth protocol
    public void Client_UnsupportedAuth_NakedToPreferred(string offered, string preferred)
    {
        var client = Client();
        Start(client);
        var option = Hex.Parse(offered);
        client.Receive(Request(7, $"03 {option.Length + 2:X2} {offered}"), Now);
        Assert.Equal(Packet(ControlCode.ConfigureNak, 7, "03 05 " + preferred), Assert.Single(PppTestLink.Drain(client)));
    }

    [Fact]
    public void Client_PapAllowed_AckedAndReported()
    {
        var client = Client();
        Start(client);
        client.Receive(Request(8, "03 04 C0 23"), Now);
        Assert.Equal(2, Assert.Single(PppTestLink.Drain(client))[0]);
    }

    [Fact]
    public void Client_NoAuthAllowed_RejectsAuthOption()
    {
        var client = Client(new LcpSettings { AuthProtocols = [] });
        Start(client);
        client.Receive(Request(8, "03 04 C0 23"), Now);
        Assert.Equal(Packet(ControlCode.ConfigureReject, 8, "03 04 C0 23"), Assert.Single(PppTestLink.Drain(client)));
    }

    [Fact]
    public void Client_PppdServerOptions_AcksAccmRejectsCompression()
    {
        // PPP.md §5.2 pppd server (sorz): <asyncmap 0x0> <auth chap MS-v2> <magic> <pcomp> <accomp>.
        var client = Client();
        Start(client);
        client.Receive(Request(1, "02 06 00 00 00 00 03 05 C2 23 81 05 06 01 02 03 04 07 02 08 02"), Now);
        Assert.Equal(Packet(ControlCode.ConfigureReject, 1, "07 02 08 02"), Assert.Single(PppTestLink.Drain(client)));

        client.Receive(Request(2, "02 06 00 00 00 00 03 05 C2 23 81 05 06 01 02 03 04"), Now);
        Assert.Equal(2, Assert.Single(PppTestLink.Drain(client))[0]);
    }

    [Fact]
    public void Client_CallbackAndMultilink_Rejected()
    {
        var client = Client();
        Start(client);
        client.Receive(Request(1, "01 04 05 DC 0D 03 06 11 04 06 4E " + EndpointDiscriminator), Now);
        Assert.Equal(Packet(ControlCode.ConfigureReject, 1, "0D 03 06 11 04 06 4E " + EndpointDiscriminator), Assert.Single(PppTestLink.Drain(client)));
    }

    public static TheoryData<string> AuthOptions => new() { "Pap", "ChapMd5", "MsChapV2", "Eap" };

    private static AuthProtocolOption Auth(string name) => name switch
    {
        "Pap" => AuthProtocolOption.Pap,
        "ChapMd5" => AuthProtocolOption.ChapMd5,
        "MsChapV2" => AuthProtocolOption.MsChapV2,
        _ => AuthProtocolOption.Eap,
    };

    [Theory]
    [MemberData(nameof(AuthOptions))]
    public void Pair_EachAuthProtocol_BothOpenedAndAgree(string name)
    {
        var auth = Auth(name);
        var (server, client) = OpenedPair(new LcpSettings { AuthProtocols = [auth] }, new LcpSettings { AuthProtocols = [auth] });

        Assert.Equal(auth, server.AuthProtocol);
        Assert.Equal(auth, client.AuthProtocol);
        Assert.Equal(server.LocalMagic, client.PeerMagic);
        Assert.Equal(client.LocalMagic, server.PeerMagic);
        Assert.NotEqual(0u, server.LocalMagic);
        Assert.Equal(1400, server.PeerMru);
        Assert.Equal(1400, client.PeerMru);
    }

    [Fact]
    public void Pair_ServerPrefersEap_ClientNaksToMsChapV2()
    {
        var (server, client) = OpenedPair(
            new LcpSettings { AuthProtocols = [AuthProtocolOption.Eap, AuthProtocolOption.MsChapV2] },
            new LcpSettings { AuthProtocols = [AuthProtocolOption.MsChapV2, AuthProtocolOption.Pap] });
        Assert.Equal(AuthProtocolOption.MsChapV2, server.AuthProtocol);
        Assert.Equal(AuthProtocolOption.MsChapV2, client.AuthProtocol);
    }

    [Fact]
    public void Pair_ClientSuggestionNotOffered_ServerMovesToNextInItsList()
    {
        var (server, client) = OpenedPair(
            new LcpSettings { AuthProtocols = [AuthProtocolOption.ChapMd5, AuthProtocolOption.Pap] },
            new LcpSettings { AuthProtocols = [AuthProtocolOption.MsChapV2, AuthProtocolOption.Pap] });
        Assert.Equal(AuthProtocolOption.Pap, server.AuthProtocol);
        Assert.Equal(AuthProtocolOption.Pap, client.AuthProtocol);
    }

    [Fact]
    public void Pair_NoCommonAuth_ServerFinishesWithReason()
    {
        var server = Server(new LcpSettings { AuthProtocols = [AuthProtocolOption.ChapMd5] });
        var client = Client(new LcpSettings { AuthProtocols = [AuthProtocolOption.MsChapV2] });
        PppTestLink.Start(server, client, Now);
        PppTestLink.Exchange(server, client, Now);

        Assert.Equal(AutomatonState.Closed, server.State);
        Assert.Contains(new PppLayerEvent(PppLayerEventKind.LayerFinished, PppCloseReason.NoCommonAuthentication), PppTestLink.Events(server));
        Assert.False(client.IsOpened);
    }

    [Fact]
    public void Pair_ClientRefusesAuth_ServerFinishesAuthenticationRejected()
    {
        var server = Server();
        var client = Client(new LcpSettings { AuthProtocols = [] });
        PppTestLink.Start(server, client, Now);
        PppTestLink.Exchange(server, client, Now);

        Assert.Equal(AutomatonState.Closed, server.State);
        Assert.Equal(PppCloseReason.AuthenticationRejected, server.CloseReason);
    }

    [Fact]
    public void Pair_ServerWithoutAuth_OpensWithNullAuth()
    {
        var (server, client) = OpenedPair(new LcpSettings { AuthProtocols = [] }, null);
        Assert.Null(server.AuthProtocol);
        Assert.Null(client.AuthProtocol);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Pair_OpenAndUpInEitherOrder_BothOpened(bool openFirst)
    {
        var server = Server();
        var client = Client();
        foreach (var layer in new[] { server, client })
        {
            if (openFirst)
            {
                layer.Open();
                layer.Up(Now);
            }
            else
            {
                layer.Up(Now);
                layer.Open();
            }
        }

        PppTestLink.Exchange(server, client, Now);
        Assert.True(server.IsOpened);
        Assert.True(client.IsOpened);
        Assert.Contains(PppLayerEventKind.LayerUp, PppTestLink.Events(server).Select(e => e.Kind));
        Assert.Equal(PppProtocol.Lcp, server.Protocol);
    }

    [Fact]
    public void Pair_ClientSmallMru_ServerSendLimitFollows()
    {
        var (server, _) = OpenedPair(null, new LcpSettings { Mru = 1000 });
        Assert.Equal(1000, server.PeerMru);
        Assert.Equal(1400, server.LocalMru);
    }
}
