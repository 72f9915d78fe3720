using Sstp.Protocol.Ppp;
using Sstp.Protocol.Ppp.Lcp;
using Sstp.Protocol.Ppp.Negotiation;
using Sstp.TestKit;
using static Sstp.Protocol.Tests.Ppp.Lcp.LcpTestPackets;

namespace Sstp.Protocol.Tests.Ppp.Lcp;

/// <summary>LCP against the real peers' option sets of PPP.md §5.2 and the policies of §5.3–§5.5.</summary>
public partial class LcpLayerTests
{
    private static readonly TimeSpan Now = TimeSpan.Zero;

    [Fact]
    public void ServerRequest_MruAuthMagic_InTypeOrder()
    {
        // PPP.md §5.4: MRU, Authentication-Protocol (preferred), Magic-Number.
        var request = Start(Server());
        Assert.Equal(1, request[0]);
        Assert.Equal(Hex.Parse("05 78"), Option(request, LcpOptionType.MaximumReceiveUnit));
        Assert.Equal(Hex.Parse("C2 23 81"), Option(request, LcpOptionType.AuthenticationProtocol));
        Assert.NotEqual(Hex.Parse("00 00 00 00"), Option(request, LcpOptionType.MagicNumber));
        Assert.Equal(Hex.Parse("01 04 05 78 03 05 C2 23 81"), request[4..13]);
    }

    [Fact]
    public void ClientRequest_MruAndMagicOnly()
    {
        // PPP.md §5.5: MRU and Magic; never PFC/ACFC, no auth.
        var request = Start(Client());
        Assert.Equal(14, request.Length);
        Assert.NotNull(Option(request, LcpOptionType.MaximumReceiveUnit));
        Assert.NotNull(Option(request, LcpOptionType.MagicNumber));
    }

    [Theory]
    [InlineData(LcpSettings.MaxMru, "0F F7")]
    [InlineData(1500, "05 DC")]
    public void Server_WindowsOptionSet_RejectsExtrasThenNaksMruThenAcks(int maxPeerMru, string nakedMru)
    {
        // PPP.md §5.2 Windows client (sorz/sstp-server#5): MRU 4091, Magic, PFC, ACFC, Callback CBCP, MRRU 1614,
        // Endpoint-Discriminator. INTEROP.md §1: Reject everything except MRU and Magic.
        var server = Server(new LcpSettings { MaxPeerMru = maxPeerMru });
        var ours = Start(server);

        server.Receive(Request(0, "01 04 0F FB 05 06 11 22 33 44 07 02 08 02 0D 03 06 11 04 06 4E " + EndpointDiscriminator), Now);
        Assert.Equal(Packet(ControlCode.ConfigureReject, 0, "07 02 08 02 0D 03 06 11 04 06 4E " + EndpointDiscriminator), Assert.Single(PppTestLink.Drain(server)));

        server.Receive(Request(1, "01 04 0F FB 05 06 11 22 33 44"), Now);
        Assert.Equal(Packet(ControlCode.ConfigureNak, 1, "01 04 " + nakedMru), Assert.Single(PppTestLink.Drain(server)));

        server.Receive(Request(2, "01 04 " + nakedMru + " 05 06 11 22 33 44"), Now);
        Assert.Equal(Packet(ControlCode.ConfigureAck, 2, "01 04 " + nakedMru + " 05 06 11 22 33 44"), Assert.Single(PppTestLink.Drain(server)));

        AckOwnRequest(server, ours);
        Assert.True(server.IsOpened);
        Assert.Equal(maxPeerMru, server.PeerMru);
        Assert.Equal(0x11223344u, server.PeerMagic);
        Assert.Equal(AuthProtocolOption.MsChapV2, server.AuthProtocol);
    }

    [Fact]
    public void Server_Windows10FiveOptions_RejectsMagiclessExtras()
    {
        // PPP.md §5.2 Windows 10 (SoftEther#1169): MRU, Magic, PFC, ACFC, Callback.
        var server = Server();
        Start(server);
        server.Receive(Request(3, "01 04 05 78 05 06 01 02 03 04 07 02 08 02 0D 03 06"), Now);
        Assert.Equal(Packet(ControlCode.ConfigureReject, 3, "07 02 08 02 0D 03 06"), Assert.Single(PppTestLink.Drain(server)));
    }

    [Fact]
    public void Server_SstpcPppdOptionSet_RejectsAccmPfcAcfcThenAcksMagic()
    {
        // PPP.md §5.2 sstpc (pppd): <asyncmap 0x0> <magic> <pcomp> <accomp>; §5.3 server rejects ACCM.
        var server = Server();
        var ours = Start(server);
        server.Receive(Request(1, "02 06 00 00 00 00 05 06 AA BB CC DD 07 02 08 02"), Now);
        Assert.Equal(Packet(ControlCode.ConfigureReject, 1, "02 06 00 00 00 00 07 02 08 02"), Assert.Single(PppTestLink.Drain(server)));

        server.Receive(Request(2, "05 06 AA BB CC DD"), Now);
        Assert.Equal(2, Assert.Single(PppTestLink.Drain(server))[0]);
        AckOwnRequest(server, ours);
        Assert.True(server.IsOpened);
        Assert.Equal(LcpSettings.DefaultMru, server.PeerMru);
    }

    [Fact]
    public void Server_Osc_NaksMruUpAndRejectsMagic_ServerFollows()
    {
        // PPP.md §5.2/§5.4, INTEROP.md §4: OSC requests MRU 1500 only, Naks a server MRU below 1500 and
        // Rejects every option but MRU and Auth.
        var server = Server();
        var first = Start(server);
        server.Receive(Request(1, "01 04 05 DC"), Now);
        Assert.Equal(Packet(ControlCode.ConfigureAck, 1, "01 04 05 DC"), Assert.Single(PppTestLink.Drain(server)));

        var magic = Option(first, LcpOptionType.MagicNumber)!;
        server.Receive(Packet(ControlCode.ConfigureReject, first[1], "05 06 " + Hex.Format(magic)), Now);
        var second = Assert.Single(PppTestLink.Drain(server));
        Assert.Equal(Hex.Parse("01 04 05 78 03 05 C2 23 81"), second[4..]);

        server.Receive(Packet(ControlCode.ConfigureNak, second[1], "01 04 05 DC"), Now);
        var third = Assert.Single(PppTestLink.Drain(server));
        Assert.Equal(Hex.Parse("01 04 05 DC 03 05 C2 23 81"), third[4..]);

        AckOwnRequest(server, third);
        Assert.True(server.IsOpened);
        Assert.Equal(1500, server.LocalMru);
        Assert.Equal(0u, server.LocalMagic);
        Assert.Equal(AuthProtocolOption.MsChapV2, server.AuthProtocol);
    }

    [Theory]
    [InlineData("0F F7", 4087)]
    [InlineData("13 88", 4087)] // 5000: capped at the SSTP limit
    [InlineData("02 40", 576)]
    public void Server_NakOfMru_AdoptsValueUpTo4087(string nakedMru, int expected)
    {
        var server = Server();
        var first = Start(server);
        server.Receive(Packet(ControlCode.ConfigureNak, first[1], "01 04 " + nakedMru), Now);
        var next = Assert.Single(PppTestLink.Drain(server));
        Assert.Equal(expected, (next[6] << 8) | next[7]);
    }

    [Theory]
    [InlineData("01 04 00 64", "01 04 02 40")] // MRU 100 < 576: Nak to our minimum
    [InlineData("01 04 FF FF", "01 04 05 DC")] // MRU 65535: Nak to our maximum (1500 by default)
    public void Server_MruOutOfRange_Naked(string option, string nak)
    {
        var server = Server();
        Start(server);
        server.Receive(Request(9, option), Now);
        Assert.Equal(Packet(ControlCode.ConfigureNak, 9, nak), Assert.Single(PppTestLink.Drain(server)));
    }

    [Theory]
    [InlineData("03 05 C2 23 81")] // client asks the server to authenticate
    [InlineData("04 08 C0 25 00 00 00 0A")] // Quality-Protocol
    [InlineData("12 02")] // Multilink SSNHF
    [InlineData("63 03 01")] // unknown
    [InlineData("01 03 05")] // MRU with a bad length
    [InlineData("05 04 00 01")] // Magic with a bad length
    public void Server_UnwantedOption_Rejected(string option)
    {
        // PPP.md §5.3.
        var server = Server();
        Start(server);
        server.Receive(Request(4, "01 04 05 DC " + option), Now);
        Assert.Equal(Packet(ControlCode.ConfigureReject, 4, option), Assert.Single(PppTestLink.Drain(server)));
    }

    [Fact]
    public void Server_PeerMagicEqualsOurs_NakedWithAnotherValue()
    {
        // RFC 1661 §6.4 loop detection.
        var server = Server();
        var ours = Option(Start(server), LcpOptionType.MagicNumber)!;
        server.Receive(Request(5, "05 06 " + Hex.Format(ours)), Now);
        var nak = Assert.Single(PppTestLink.Drain(server));
        Assert.Equal(3, nak[0]);
        var suggested = nak[6..10];
        Assert.NotEqual(ours, suggested);
        Assert.NotEqual(new byte[4], suggested);
    }

    [Fact]
    public void Server_PeerMagicZero_Naked()
    {
        var server = Server();
        Start(server);
        server.Receive(Request(6, "05 06 00 00 00 00"), Now);
        var nak = Assert.Single(PppTestLink.Drain(server));
        Assert.Equal(3, nak[0]);
        Assert.NotEqual(new byte[4], nak[6..10]);
    }

    [Fact]
    public void Server_NakOfMagic_ChoosesNewMagic()
    {
        var server = Server();
        var first = Start(server);
        var magic = Option(first, LcpOptionType.MagicNumber)!;
        server.Receive(Packet(ControlCode.ConfigureNak, first[1], "05 06 " + Hex.Format(magic)), Now);
        var next = Assert.Single(PppTestLink.Drain(server));
        Assert.NotEqual(magic, Option(next, LcpOptionType.MagicNumber));
    }

    [Fact]
    public void Server_NakOfAuth_TakesSuggestionFromOurList()
    {
        // PPP.md §5.4: Windows Naks with what its profile allows, e.g. EAP.
        var server = Server(new LcpSettings { AuthProtocols = [AuthProtocolOption.MsChapV2, AuthProtocolOption.Pap, AuthProtocolOption.Eap] });
        var first = Start(server);
        server.Receive(Packet(ControlCode.ConfigureNak, first[1], "03 04 C2 27"), Now);
        Assert.Equal(Hex.Parse("C2 27"), Option(Assert.Single(PppTestLink.Drain(server)), LcpOptionType.AuthenticationProtocol));
    }

    [Fact]
    public void Server_NakOfAuthWithUnknownSuggestion_MovesToNextInList()
    {
        var server = Server(new LcpSettings { AuthProtocols = [AuthProtocolOption.MsChapV2, AuthProtocolOption.Pap] });
        var first = Start(server);
        server.Receive(Packet(ControlCode.ConfigureNak, first[1], "03 05 C2 23 80"), Now); // MS-CHAPv1: not offered
        Assert.Equal(Hex.Parse("C0 23"), Option(Assert.Single(PppTestLink.Drain(server)), LcpOptionType.AuthenticationProtocol));
    }

    [Fact]
    public void Server_NakOfLastAuth_ClosesNoCommonAuthentication()
    {
        var server = Server(new LcpSettings { AuthProtocols = [AuthProtocolOption.MsChapV2] });
        var first = Start(server);
        server.Receive(Packet(ControlCode.ConfigureNak, first[1], "03 04 C0 23"), Now);
        Assert.Equal(5, Assert.Single(PppTestLink.Drain(server))[0]);
        Assert.Equal(AutomatonState.Closing, server.State);
        Assert.Equal(PppCloseReason.NoCommonAuthentication, server.CloseReason);
    }

    [Fact]
    public void Server_RejectOfAuth_ClosesAuthenticationRejected()
    {
        // PPP.md §5.4: the client refuses to authenticate → tear down.
        var server = Server();
        var first = Start(server);
        server.Receive(Packet(ControlCode.ConfigureReject, first[1], "03 05 C2 23 81"), Now);
        Assert.Equal(5, Assert.Single(PppTestLink.Drain(server))[0]);
        Assert.Equal(PppCloseReason.AuthenticationRejected, server.CloseReason);

        server.Receive(Packet(ControlCode.TerminateAck, 0, ""), Now);
        var finished = PppTestLink.Events(server).Last();
        Assert.Equal(new PppLayerEvent(PppLayerEventKind.LayerFinished, PppCloseReason.AuthenticationRejected), finished);
    }
}
