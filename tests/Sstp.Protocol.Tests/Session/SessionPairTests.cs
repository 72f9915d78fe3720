using System.Net;
using Sstp.Protocol.Ppp.Auth;
using Sstp.Protocol.Ppp.Lcp;
using Sstp.Protocol.Session;
using Sstp.Protocol.Sstp;
using Sstp.TestKit;

namespace Sstp.Protocol.Tests.Session;

/// <summary>Client ↔ server sessions over a simulated link with a fake clock (ARCHITECTURE.md §2.3, C10).</summary>
public class SessionPairTests
{
    private static readonly Dictionary<string, string> Users = new() { ["alice"] = "correct horse", ["User"] = "clientPass" };

    public static TheoryData<string> Methods => new() { "pap", "chap", "mschapv2", "eap" };

    private static AuthProtocolOption Option(string method) => method switch
    {
        "pap" => AuthProtocolOption.Pap,
        "chap" => AuthProtocolOption.ChapMd5,
        "mschapv2" => AuthProtocolOption.MsChapV2,
        _ => AuthProtocolOption.Eap,
    };

    private static SessionPair Pair(string method, string user = "alice", string password = "correct horse", int seed = 1)
    {
        var client = SessionPair.ClientSettings(user, password);
        if (method == "eap")
        {
            // EAP is opt-in on the client (SoftEther, INTEROP.md §6).
            client = client with { Lcp = client.Lcp with { AuthProtocols = [AuthProtocolOption.Eap, AuthProtocolOption.MsChapV2] } };
        }

        return new(SessionPair.ServerSettings(Option(method)), client, Users, seed);
    }

    [Fact]
    public void ServerOffersEapFirst_DefaultClient_NaksToMsChapV2()
    {
        // SoftEther offers EAP first (INTEROP.md §6); the default client must steer to MS-CHAPv2.
        var pair = new SessionPair(
            SessionPair.ServerSettings(AuthProtocolOption.Eap, AuthProtocolOption.MsChapV2),
            SessionPair.ClientSettings("alice", "correct horse"),
            Users);
        pair.RunUntilUp();

        Assert.True(pair.BothUp);
        Assert.Equal(AuthMethod.MsChapV2, pair.Server.AuthenticatedMethod);
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void Handshake_EachMethod_TunnelUpWithAssignedAddressAndDns(string method)
    {
        var pair = Pair(method);
        pair.RunUntilUp();

        Assert.True(pair.BothUp, string.Join(", ", pair.ServerEvents.Concat(pair.ClientEvents)));
        var client = pair.ClientEvents.OfType<SessionEvent.TunnelUp>().Single().Info;
        var server = pair.ServerEvents.OfType<SessionEvent.TunnelUp>().Single().Info;
        Assert.Equal(IPAddress.Parse("10.88.0.2"), client.LocalIPv4);
        Assert.Equal(IPAddress.Parse("10.88.0.1"), client.PeerIPv4);
        Assert.Equal([IPAddress.Parse("10.88.0.53"), IPAddress.Parse("1.1.1.1")], client.DnsServers);
        Assert.Equal(IPAddress.Parse("10.88.0.2"), server.PeerIPv4);
        Assert.Equal("alice", server.UserName);
        Assert.Equal(CertHashProtocol.Sha256, server.BindingHash);
        Assert.Equal(CryptoBindingResult.Ok, server.BindingResult);
        Assert.Equal(SstpState.ServerCallConnected, pair.Server.Sstp.State);
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void IpPackets_FlowBothWays_AfterTunnelUp(string method)
    {
        var pair = Pair(method);
        pair.RunUntilUp();
        var up = Ipv4Packet(0x0A580002, 0x08080808, 100);
        var down = Ipv4Packet(0x08080808, 0x0A580002, 1300);

        Assert.True(pair.SendFromClient(up));
        Assert.True(pair.SendFromServer(down));
        pair.RunUntil(() => pair.ServerTun.Count == 1 && pair.ClientTun.Count == 1, TimeSpan.FromSeconds(1));

        Assert.Equal(up, Assert.Single(pair.ServerTun));
        Assert.Equal(down, Assert.Single(pair.ClientTun));
    }

    [Fact]
    public void Ipv6cp_OpensOnBothSides_AndIpv6PacketsFlow()
    {
        var pair = Pair("mschapv2");
        pair.RunUntil(() => pair.Server.CurrentDataPath.Ipv6 && pair.Client.CurrentDataPath.Ipv6);

        Assert.True(pair.Client.CurrentDataPath.Ipv6);
        Assert.NotEqual(0UL, pair.Client.Ipv6cp!.LocalInterfaceId);
        Assert.Equal(pair.Client.Ipv6cp.LocalInterfaceId, pair.Server.Ipv6cp!.PeerInterfaceId);
        var packet = new byte[60];
        packet[0] = 0x60;
        Assert.True(pair.SendFromClient(packet));
        pair.RunUntil(() => pair.ServerTun.Count == 1, TimeSpan.FromSeconds(1));
        Assert.Equal(packet, Assert.Single(pair.ServerTun));
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void WrongPassword_ClosesBothWithAuthenticationFailed(string method)
    {
        var pair = Pair(method, password: "wrong");
        pair.RunUntilClosed();

        var server = Assert.Single(pair.ServerEvents.OfType<SessionEvent.Closed>());
        var client = Assert.Single(pair.ClientEvents.OfType<SessionEvent.Closed>());
        Assert.Equal(DisconnectReason.AuthenticationFailed, server.Reason);
        Assert.Equal(DisconnectReason.AuthenticationFailed, client.Reason);
        Assert.Empty(pair.ServerEvents.OfType<SessionEvent.TunnelUp>());
    }

    [Fact]
    public void WrongPassword_MsChapV2_ClientSeesError691()
    {
        var pair = Pair("mschapv2", password: "wrong");
        pair.RunUntilClosed();

        var client = Assert.Single(pair.ClientEvents.OfType<SessionEvent.Closed>());
        Assert.Contains("691", client.Detail, StringComparison.Ordinal);
        Assert.Equal(691, client.Reason.WindowsErrorCode());
    }

    [Fact]
    public void Rfc2759User_MsChapV2_BindsWithTheDocumentedHlak()
    {
        // SSTP.md §8.8(c): user "User", password "clientPass" → HLAK d5f0e952…dccb on both sides.
        var pair = Pair("mschapv2", user: "User", password: "clientPass");
        pair.RunUntilUp();
        Assert.True(pair.BothUp);
        Assert.Equal(AuthMethod.MsChapV2, pair.Server.AuthenticatedMethod);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(42)]
    public void OneByteChunks_StillConnect(int seed)
    {
        var pair = Pair("mschapv2", seed: seed);
        pair.MaxChunk = 1;
        pair.RunUntilUp();
        Assert.True(pair.BothUp);
    }

    [Fact]
    public void ClientClose_TerminatesPppThenSstp_BothClosedNormally()
    {
        var pair = Pair("mschapv2");
        pair.RunUntilUp();
        pair.Client.Close(pair.Now);
        pair.RunUntilClosed(TimeSpan.FromSeconds(30));

        Assert.Equal(DisconnectReason.LocalClose, pair.ClientEvents.OfType<SessionEvent.Closed>().Single().Reason);
        var serverReason = pair.ServerEvents.OfType<SessionEvent.Closed>().Single().Reason;
        Assert.True(serverReason.IsNormal(), serverReason.ToString());
        // LCP Terminate-Request (FF 03 C0 21 05) goes out before SSTP Call Disconnect (10 01 … 00 06).
        int terminate = pair.SentByClient.FindIndex(u => u.Length > 8 && u[1] == 0 && u[6] == 0xC0 && u[7] == 0x21 && u[8] == 5);
        int disconnect = pair.SentByClient.FindIndex(u => u.Length >= 8 && u[1] == 1 && u[5] == 6);
        Assert.True(terminate >= 0 && disconnect > terminate, $"terminate {terminate}, disconnect {disconnect}");
    }

    [Fact]
    public void ServerClose_ClientSeesNormalEnd()
    {
        var pair = Pair("pap");
        pair.RunUntilUp();
        pair.Server.Close(pair.Now);
        pair.RunUntilClosed(TimeSpan.FromSeconds(30));

        Assert.Equal(DisconnectReason.LocalClose, pair.ServerEvents.OfType<SessionEvent.Closed>().Single().Reason);
        Assert.True(pair.ClientEvents.OfType<SessionEvent.Closed>().Single().Reason.IsNormal());
    }

    private static byte[] Ipv4Packet(uint source, uint destination, int length)
    {
        var packet = new byte[length];
        packet[0] = 0x45;
        packet[2] = (byte)(length >> 8);
        packet[3] = (byte)length;
        packet[8] = 64;
        packet[9] = 17;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(12), source);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(16), destination);
        for (int i = 20; i < length; i++)
        {
            packet[i] = (byte)i;
        }

        return packet;
    }
}
