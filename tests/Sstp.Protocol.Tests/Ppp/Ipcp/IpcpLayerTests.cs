using System.Net;
using Sstp.Protocol.Ppp;
using Sstp.Protocol.Ppp.Ipcp;
using Sstp.Protocol.Ppp.Negotiation;
using Sstp.TestKit;

namespace Sstp.Protocol.Tests.Ppp.Ipcp;

/// <summary>IPCP policies of PPP.md §7 and the peer quirks of INTEROP.md §3, §4, §6.</summary>
public class IpcpLayerTests
{
    private static readonly TimeSpan Now = TimeSpan.Zero;

    private static readonly IpcpSettings ServerSettings = new()
    {
        LocalAddress = IPAddress.Parse("10.0.0.1"),
        PeerAddress = IPAddress.Parse("10.0.0.2"),
        DnsServers = [IPAddress.Parse("1.1.1.1"), IPAddress.Parse("8.8.8.8")],
    };

    private static byte[] Packet(ControlCode code, byte id, string dataHex)
    {
        var data = Hex.Parse(dataHex);
        var packet = new byte[4 + data.Length];
        PppPacket.Write(packet, (byte)code, id, data);
        return packet;
    }

    private static byte[] Start(IpcpLayer layer)
    {
        layer.Open();
        layer.Up(Now);
        return Assert.Single(PppTestLink.Drain(layer));
    }

    private static void AckOwn(IpcpLayer layer, byte[] request)
    {
        var ack = (byte[])request.Clone();
        ack[0] = 2;
        layer.Receive(ack, Now);
    }

    [Fact]
    public void ServerRequest_OnlyOwnAddress()
    {
        // PPP.md §7 step 1: no DNS options in the server's own request.
        var request = Start(new IpcpLayer(ServerSettings, PppRole.Server));
        Assert.Equal(Packet(ControlCode.ConfigureRequest, request[1], "03 06 0A 00 00 01"), request);
    }

    [Fact]
    public void Server_SstpcRequest_RejectVjThenNakAddressAndDnsThenAck()
    {
        // INTEROP.md §3: pppd sends <compress VJ 0f 01> <addr 0.0.0.0> <ms-dns1> <ms-dns2>.
        var server = new IpcpLayer(ServerSettings, PppRole.Server);
        var ours = Start(server);

        server.Receive(Hex.Parse("01 01 00 1C 02 06 00 2D 0F 01 03 06 00 00 00 00 81 06 00 00 00 00 83 06 00 00 00 00"), Now);
        Assert.Equal(Packet(ControlCode.ConfigureReject, 1, "02 06 00 2D 0F 01"), Assert.Single(PppTestLink.Drain(server)));

        server.Receive(Packet(ControlCode.ConfigureRequest, 2, "03 06 00 00 00 00 81 06 00 00 00 00 83 06 00 00 00 00"), Now);
        Assert.Equal(
            Packet(ControlCode.ConfigureNak, 2, "03 06 0A 00 00 02 81 06 01 01 01 01 83 06 08 08 08 08"),
            Assert.Single(PppTestLink.Drain(server)));

        server.Receive(Packet(ControlCode.ConfigureRequest, 3, "03 06 0A 00 00 02 81 06 01 01 01 01 83 06 08 08 08 08"), Now);
        Assert.Equal(2, Assert.Single(PppTestLink.Drain(server))[0]);

        AckOwn(server, ours);
        Assert.True(server.IsOpened);
        Assert.Equal(IPAddress.Parse("10.0.0.2"), server.PeerAddress);
        Assert.Equal(IPAddress.Parse("10.0.0.1"), server.LocalAddress);
        Assert.Equal([IPAddress.Parse("1.1.1.1"), IPAddress.Parse("8.8.8.8")], server.DnsServers);
    }

    [Theory]
    [InlineData("03 06 0A 00 00 09", "Nak", "03 06 0A 00 00 02")] // wrong address → assigned one
    [InlineData("03 06 0A 00 00 02", "Ack", "03 06 0A 00 00 02")] // the assigned one
    [InlineData("82 06 00 00 00 00", "Reject", "82 06 00 00 00 00")] // no NBNS configured
    [InlineData("84 06 00 00 00 00", "Reject", "84 06 00 00 00 00")]
    [InlineData("01 0A 00 00 00 00 00 00 00 00", "Reject", "01 0A 00 00 00 00 00 00 00 00")] // IP-Addresses
    [InlineData("03 04 0A 00", "Reject", "03 04 0A 00")] // bad length
    [InlineData("99 06 01 02 03 04", "Reject", "99 06 01 02 03 04")] // unknown
    [InlineData("81 06 01 01 01 01", "Nak", "03 06 0A 00 00 02")] // address missing → suggested
    public void Server_SingleOption_Judged(string option, string verdict, string reply)
    {
        // PPP.md §7 steps 2–4.
        var server = new IpcpLayer(ServerSettings, PppRole.Server);
        Start(server);
        string request = option.StartsWith("03", StringComparison.Ordinal) || option.StartsWith("81", StringComparison.Ordinal)
            ? option
            : "03 06 0A 00 00 02 " + option;
        server.Receive(Packet(ControlCode.ConfigureRequest, 5, request), Now);
        var code = verdict switch { "Ack" => ControlCode.ConfigureAck, "Nak" => ControlCode.ConfigureNak, _ => ControlCode.ConfigureReject };
        Assert.Equal(Packet(code, 5, verdict == "Ack" ? request : reply), Assert.Single(PppTestLink.Drain(server)));
    }

    [Fact]
    public void Server_NbnsConfigured_NakedWithValue()
    {
        var server = new IpcpLayer(ServerSettings with { NbnsServers = [IPAddress.Parse("10.0.0.53")] }, PppRole.Server);
        Start(server);
        server.Receive(Packet(ControlCode.ConfigureRequest, 1, "03 06 0A 00 00 02 82 06 00 00 00 00"), Now);
        Assert.Equal(Packet(ControlCode.ConfigureNak, 1, "82 06 0A 00 00 35"), Assert.Single(PppTestLink.Drain(server)));
    }

    [Fact]
    public void ClientRequest_ZeroAddressAndDns()
    {
        var request = Start(new IpcpLayer(new IpcpSettings(), PppRole.Client));
        Assert.Equal(Packet(ControlCode.ConfigureRequest, request[1], "03 06 00 00 00 00 81 06 00 00 00 00 83 06 00 00 00 00"), request);
    }

    [Fact]
    public void Client_SoftEtherPlaceholderAddress_AckedDnsInServerRequestRejected()
    {
        // PPP.md §7: Ack the server's own address whatever it is (SoftEther 1.0.0.1); Reject DNS in its request.
        var client = new IpcpLayer(new IpcpSettings(), PppRole.Client);
        Start(client);
        client.Receive(Packet(ControlCode.ConfigureRequest, 1, "03 06 01 00 00 01 81 06 08 08 08 08"), Now);
        Assert.Equal(Packet(ControlCode.ConfigureReject, 1, "81 06 08 08 08 08"), Assert.Single(PppTestLink.Drain(client)));

        client.Receive(Packet(ControlCode.ConfigureRequest, 2, "03 06 01 00 00 01"), Now);
        Assert.Equal(Packet(ControlCode.ConfigureAck, 2, "03 06 01 00 00 01"), Assert.Single(PppTestLink.Drain(client)));
    }

    [Fact]
    public void Client_NakThenRejectOfDns_TakesAddressAndStopsAskingDns()
    {
        var client = new IpcpLayer(new IpcpSettings(), PppRole.Client);
        var first = Start(client);
        client.Receive(Packet(ControlCode.ConfigureReject, first[1], "81 06 00 00 00 00 83 06 00 00 00 00"), Now);
        var second = Assert.Single(PppTestLink.Drain(client));
        Assert.Equal(Hex.Parse("03 06 00 00 00 00"), second[4..]);

        client.Receive(Packet(ControlCode.ConfigureNak, second[1], "03 06 C0 A8 01 07"), Now);
        var third = Assert.Single(PppTestLink.Drain(client));
        Assert.Equal(Hex.Parse("03 06 C0 A8 01 07"), third[4..]);

        AckOwn(client, third);
        client.Receive(Packet(ControlCode.ConfigureRequest, 9, "03 06 C0 A8 01 01"), Now);
        Assert.True(client.IsOpened);
        Assert.Equal(IPAddress.Parse("192.168.1.7"), client.LocalAddress);
        Assert.Equal(IPAddress.Parse("192.168.1.1"), client.PeerAddress);
        Assert.Empty(client.DnsServers);
    }

    [Fact]
    public void Pair_ServerAndClient_ClientLearnsAddressAndDns()
    {
        var server = new IpcpLayer(ServerSettings, PppRole.Server);
        var client = new IpcpLayer(new IpcpSettings(), PppRole.Client);
        PppTestLink.Start(server, client, Now);
        PppTestLink.Exchange(server, client, Now);

        Assert.Equal(AutomatonState.Opened, server.State);
        Assert.Equal(AutomatonState.Opened, client.State);
        Assert.Equal(IPAddress.Parse("10.0.0.2"), client.LocalAddress);
        Assert.Equal(IPAddress.Parse("10.0.0.1"), client.PeerAddress);
        Assert.Equal([IPAddress.Parse("1.1.1.1"), IPAddress.Parse("8.8.8.8")], client.DnsServers);
        Assert.Equal(IPAddress.Parse("10.0.0.2"), server.PeerAddress);
        Assert.Contains(PppLayerEventKind.LayerUp, PppTestLink.Events(client).Select(e => e.Kind));
    }

    [Fact]
    public void Pair_ServerWithOneDns_ClientStopsAskingSecondary()
    {
        var server = new IpcpLayer(ServerSettings with { DnsServers = [IPAddress.Parse("9.9.9.9")] }, PppRole.Server);
        var client = new IpcpLayer(new IpcpSettings(), PppRole.Client);
        PppTestLink.Start(server, client, Now);
        PppTestLink.Exchange(server, client, Now);

        Assert.True(client.IsOpened);
        Assert.Equal([IPAddress.Parse("9.9.9.9")], client.DnsServers);
    }

    [Fact]
    public void Ctor_Ipv6Address_Throws()
    {
        Assert.Throws<ArgumentException>(() => new IpcpLayer(new IpcpSettings { LocalAddress = IPAddress.IPv6Loopback }, PppRole.Server));
    }
}
