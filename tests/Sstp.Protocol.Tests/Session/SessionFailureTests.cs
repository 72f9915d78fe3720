using System.Buffers.Binary;
using Sstp.Protocol.Ppp.Auth;
using Sstp.Protocol.Session;
using Sstp.Protocol.Sstp;
using Sstp.TestKit;

namespace Sstp.Protocol.Tests.Session;

/// <summary>Pair scenarios where something goes wrong, and the peer quirks of INTEROP.md.</summary>
public class SessionFailureTests
{
    private static readonly Dictionary<string, string> Users = new() { ["alice"] = "correct horse" };

    private static SessionPair Pair(
        ServerSessionSettings? server = null, ClientSessionSettings? client = null) =>
        new(server ?? SessionPair.ServerSettings(), client ?? SessionPair.ClientSettings("alice", "correct horse"), Users);

    private static bool IsControl(byte[] unit, SstpMessageType type) =>
        unit.Length >= 8 && unit[0] == 0x10 && unit[1] == 0x01 && BinaryPrimitives.ReadUInt16BigEndian(unit.AsSpan(4)) == (ushort)type;

    private static bool IsPpp(byte[] unit, ushort protocol) =>
        unit.Length >= 8 && unit[0] == 0x10 && unit[1] == 0x00 && BinaryPrimitives.ReadUInt16BigEndian(unit.AsSpan(6)) == protocol;

    private static SessionEvent.Closed ServerClosed(SessionPair pair) => Assert.Single(pair.ServerEvents.OfType<SessionEvent.Closed>());

    [Fact]
    public void CryptoBinding_WrongCompoundMac_ServerAbortsWithBindingFailure()
    {
        // SSTP.md §8.6 step 5 / §8.7: a MAC mismatch → Call Abort (CRYPTO_BINDING, VALUE_NOT_SUPPORTED).
        var pair = Pair();
        pair.TamperClientToServer = unit =>
        {
            if (IsControl(unit, SstpMessageType.CallConnected))
            {
                unit[100] ^= 0x01;
            }

            return unit;
        };
        pair.RunUntilClosed();

        Assert.Equal(DisconnectReason.CryptoBindingFailed, ServerClosed(pair).Reason);
        Assert.Equal(CryptoBindingResult.MacMismatch, pair.Server.Sstp.BindingResult);
        var abort = Assert.Single(pair.SentByServer, u => IsControl(u, SstpMessageType.CallAbort));
        Assert.Equal(Hex.Parse("10 01 00 14 00 05 00 01 00 02 00 0C 00 00 00 03 00 00 00 04"), abort);
        Assert.Equal(DisconnectReason.PeerAbort, pair.ClientEvents.OfType<SessionEvent.Closed>().Single().Reason);
        Assert.Empty(pair.ServerEvents.OfType<SessionEvent.TunnelUp>());
    }

    [Fact]
    public void CryptoBinding_ClientSawAnotherCertificate_ServerAborts()
    {
        // A TLS man in the middle: the client's certificate hash differs from the server's own (SSTP.md §8.6 step 4).
        var client = SessionPair.ClientSettings("alice", "correct horse") with
        {
            Sstp = new SstpClientSettings { ServerCertHashSha1 = new byte[20], ServerCertHashSha256 = new byte[32] },
        };
        var pair = Pair(client: client);
        pair.RunUntilClosed();

        Assert.Equal(DisconnectReason.CryptoBindingFailed, ServerClosed(pair).Reason);
        Assert.Equal(CryptoBindingResult.CertHashMismatch, pair.Server.Sstp.BindingResult);
    }

    [Fact]
    public void CryptoBinding_ServerOffersSha1Only_BindsWithSha1()
    {
        var server = SessionPair.ServerSettings() with
        {
            Sstp = SessionPair.ServerSettings().Sstp with { OfferedHashes = CertHashProtocol.Sha1 },
        };
        var pair = Pair(server: server);
        pair.RunUntilUp();

        Assert.True(pair.BothUp);
        Assert.Equal(CertHashProtocol.Sha1, pair.Server.Sstp.ChosenHash);
        Assert.Equal(CryptoBindingResult.Ok, pair.Server.Sstp.BindingResult);
    }

    [Fact]
    public void CallConnectedNeverSent_ServerAbortsOnNegotiationTimeout()
    {
        var pair = Pair();
        pair.TamperClientToServer = unit => IsControl(unit, SstpMessageType.CallConnected) ? null : unit;
        pair.RunUntil(() => pair.Server.IsClosed, TimeSpan.FromMinutes(5));

        Assert.Equal(DisconnectReason.SstpNegotiationTimeout, ServerClosed(pair).Reason);
        var abort = Assert.Single(pair.SentByServer, u => IsControl(u, SstpMessageType.CallAbort));
        Assert.Equal(0x08, abort[19]);
        // IP never flowed: the data path stayed closed although IPCP opened (SSTP.md §10 item 9).
        Assert.Empty(pair.ServerEvents.OfType<SessionEvent.TunnelUp>());
        Assert.True(pair.Server.Ipcp!.IsOpened);
    }

    [Fact]
    public void CallConnectedAfterIpcp_StillBinds()
    {
        // Some sstpc builds send CALL_CONNECTED only after IPCP is opened (INTEROP.md §3 case 2).
        var pair = Pair();
        byte[]? held = null;
        pair.TamperClientToServer = unit =>
        {
            if (IsControl(unit, SstpMessageType.CallConnected))
            {
                held = unit;
                return null;
            }

            return unit;
        };
        pair.RunUntil(() => pair.Client.Ipcp?.IsOpened == true && pair.Server.Ipcp?.IsOpened == true);
        Assert.NotNull(held);
        Assert.False(pair.Server.CurrentDataPath.IsOpen);

        pair.TamperClientToServer = null;
        pair.InjectToServer(held);
        pair.RunUntilUp();

        Assert.True(pair.BothUp);
        Assert.Equal(CryptoBindingResult.Ok, pair.Server.Sstp.BindingResult);
    }

    [Fact]
    public void CallConnectedRightAfterAuth_BeforeIpcp_Binds()
    {
        // Windows and sstpc 1.0.18 send CALL_CONNECTED right after authentication (INTEROP.md §1, §3).
        var pair = Pair();
        pair.RunUntilUp();

        int connected = pair.SentByClient.FindIndex(u => IsControl(u, SstpMessageType.CallConnected));
        int firstIpcp = pair.SentByClient.FindIndex(u => IsPpp(u, 0x8021));
        Assert.True(connected >= 0 && connected < firstIpcp, $"CALL_CONNECTED at {connected}, first IPCP at {firstIpcp}");
    }

    [Fact]
    public void ClientGoesSilent_ServerClosesAfterTwoHelloIntervals()
    {
        // SSTP.md §6 Hello: echo after 60 s idle, drop (without Abort) after another silent interval.
        var pair = Pair();
        pair.RunUntilUp();
        pair.TamperClientToServer = _ => null;
        var start = pair.Now;
        pair.RunUntil(() => pair.Server.IsClosed, TimeSpan.FromMinutes(5));

        Assert.Equal(DisconnectReason.HelloTimeout, ServerClosed(pair).Reason);
        Assert.InRange(pair.Now - start, TimeSpan.FromSeconds(119), TimeSpan.FromSeconds(121));
        Assert.Contains(pair.SentByServer, u => IsControl(u, SstpMessageType.EchoRequest));
        Assert.DoesNotContain(pair.SentByServer, u => IsControl(u, SstpMessageType.CallAbort));
    }

    [Fact]
    public void ServerNeverAnswersEcho_ClientStaysUpWhileTrafficArrives()
    {
        // SoftEther never answers our SSTP echo (INTEROP.md §6); other packets keep the link alive.
        var pair = Pair();
        pair.RunUntilUp();
        pair.TamperServerToClient = unit => IsControl(unit, SstpMessageType.EchoResponse) ? null : unit;
        var packet = new byte[40];
        packet[0] = 0x45;

        // A packet every 90 s: the client idles past its 60 s Hello, echoes, hears nothing back, but the next
        // packet arrives within the following interval, so it must stay up.
        for (int round = 0; round < 12; round++)
        {
            pair.SendFromServer(packet);
            pair.RunUntil(() => false, TimeSpan.FromSeconds(90));
            Assert.False(pair.Client.IsClosed, $"client closed in round {round}");
        }

        Assert.Equal(12, pair.ClientTun.Count);
        int echoes = pair.SentByClient.Count(u => IsControl(u, SstpMessageType.EchoRequest));
        Assert.True(echoes >= 2, $"{echoes} unanswered echo requests");
    }

    [Fact]
    public void PeerTerminatesLcp_ServerEndsNormally()
    {
        var pair = Pair();
        pair.RunUntilUp();
        pair.Client.Lcp.Close();
        pair.RunUntil(() => pair.Server.IsClosed && pair.Client.IsClosed, TimeSpan.FromSeconds(30));

        Assert.Equal(DisconnectReason.PeerTerminatedPpp, ServerClosed(pair).Reason);
        Assert.Equal(0, ServerClosed(pair).Reason.WindowsErrorCode());
    }

    [Fact]
    public void ClientNeverAnswers_HttpPhase_ServerTimesOut()
    {
        var pair = Pair();
        pair.TamperClientToServer = _ => null;
        pair.RunUntil(() => pair.Server.IsClosed, TimeSpan.FromMinutes(2));

        Assert.Equal(DisconnectReason.HttpRequestRefused, ServerClosed(pair).Reason);
        Assert.Equal(TimeSpan.FromSeconds(30), pair.Now);
    }

    [Fact]
    public void GarbageInsteadOfHttp_ServerRefusesWith400()
    {
        var pair = Pair();
        pair.TamperClientToServer = unit => unit[0] == (byte)'S' ? "GARBAGE\r\n\r\n"u8.ToArray() : unit;
        pair.RunUntil(() => pair.Server.IsClosed, TimeSpan.FromSeconds(5));

        Assert.Equal(DisconnectReason.HttpRequestRefused, ServerClosed(pair).Reason);
        Assert.StartsWith("HTTP/1.1 4", System.Text.Encoding.ASCII.GetString(pair.SentByServer[0]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("11 00 00 10")]   // version 1.1
    [InlineData("10 00 00 02")]   // length < 4
    [InlineData("10 01 00 06 00 08")] // control packet shorter than 8
    public void SstpDelineationError_ServerClosesWithoutReply(string bytes)
    {
        var pair = Pair();
        pair.RunUntilUp();
        int sent = pair.SentByServer.Count;
        pair.InjectToServer(Hex.Parse(bytes));
        pair.RunUntil(() => pair.Server.IsClosed, TimeSpan.FromSeconds(1));

        Assert.Equal(DisconnectReason.SstpFramingError, ServerClosed(pair).Reason);
        Assert.Equal(sent, pair.SentByServer.Count);
    }

    [Fact]
    public void UnknownControlMessage_ServerAbortsInvalidFrame()
    {
        var pair = Pair();
        pair.RunUntilUp();
        pair.InjectToServer(Hex.Parse("10 01 00 08 00 42 00 00"));
        pair.RunUntil(() => pair.Server.IsClosed, TimeSpan.FromSeconds(10));

        Assert.Equal(DisconnectReason.SstpProtocolError, ServerClosed(pair).Reason);
        var abort = pair.SentByServer.Last(u => IsControl(u, SstpMessageType.CallAbort));
        Assert.Equal(0x07, abort[19]);
    }

    [Fact]
    public void CcpFromClient_IsProtocolRejected_AndTunnelStaysUp()
    {
        // pppd sends CCP unless told not to; we Protocol-Reject it (PPP.md §9).
        var pair = Pair();
        pair.RunUntilUp();
        pair.InjectToServer(Hex.Parse("10 00 00 0E FF 03 80 FD 01 01 00 06 12 06"));
        pair.RunUntil(() => pair.SentByServer.Any(u => IsPpp(u, 0xC021) && u[8] == 8), TimeSpan.FromSeconds(1));

        var reject = pair.SentByServer.Last(u => IsPpp(u, 0xC021) && u[8] == 8);
        Assert.Equal(0x80, reject[12]);
        Assert.Equal(0xFD, reject[13]);
        Assert.False(pair.Server.IsClosed);
        Assert.Equal(1, pair.Server.Counters.ProtocolRejectsSent);
    }

    [Fact]
    public void NoAddressLeft_ServerEndsWithNoAddressAvailable()
    {
        var server = SessionPair.ServerSettings() with { EnableIpv6 = false };
        var pair = Pair(server: server);
        pair.AssignAddresses = _ => new SessionAddresses();
        pair.RunUntilClosed();

        Assert.Equal(DisconnectReason.NoAddressAvailable, ServerClosed(pair).Reason);
    }

    [Fact]
    public void Ipv6Disabled_ClientsIpv6cpIsProtocolRejected_Ipv4Works()
    {
        var server = SessionPair.ServerSettings() with { EnableIpv6 = false };
        var pair = Pair(server: server);
        pair.RunUntilUp();
        pair.RunUntil(() => false, TimeSpan.FromSeconds(40));

        Assert.True(pair.Client.CurrentDataPath.Ipv4);
        Assert.False(pair.Client.CurrentDataPath.Ipv6);
        Assert.True(pair.Server.Counters.ProtocolRejectsSent >= 1);
        Assert.False(pair.Client.IsClosed);
    }

    [Fact]
    public void EverySstpPacket_AgreesWithA16BitLengthReader()
    {
        // sstpc, OSC and accel read the length as 16 bits (SSTP.md §4.1): R bits must be 0 and length ≤ 4095.
        var pair = Pair();
        pair.RunUntilUp();
        pair.Client.Close(pair.Now);
        pair.RunUntilClosed(TimeSpan.FromSeconds(30));

        foreach (var unit in pair.SentByServer.Concat(pair.SentByClient).Where(u => u[0] == 0x10))
        {
            Assert.Equal(unit.Length, BinaryPrimitives.ReadUInt16BigEndian(unit.AsSpan(2)));
        }
    }

    [Fact]
    public void SlowHost_CredentialsAnsweredLater_StillConnects()
    {
        // A RADIUS round trip: the session waits for CompleteAuthentication.
        var pair = Pair();
        AuthRequest? pending = null;
        pair.Authenticate = request =>
        {
            pending = request;
            return null;
        };
        pair.RunUntil(() => pending is not null);
        pair.Advance(TimeSpan.FromSeconds(2));
        pair.Server.CompleteAuthentication(pair.Verify(pending!), pair.Now);
        pair.RunUntilUp();

        Assert.True(pair.BothUp);
    }
}
