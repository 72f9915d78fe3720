using System.Buffers;
using System.Buffers.Binary;
using CsCheck;
using Sstp.Protocol.Sstp;
using Sstp.TestKit;
using static Sstp.Protocol.Tests.Sstp.SstpMachineHarness;
using S = Sstp.Protocol.Sstp.SstpState;

namespace Sstp.Protocol.Tests.Sstp;

/// <summary>Client and server machines connected back to back, and the Hello/echo keepalive (SSTP.md §6).</summary>
public class SstpPairTests
{
    private static readonly TimeSpan Hello = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(CertHashProtocol.Sha1 | CertHashProtocol.Sha256, CertHashProtocol.Sha1 | CertHashProtocol.Sha256, CertHashProtocol.Sha256)]
    [InlineData(CertHashProtocol.Sha256, CertHashProtocol.Sha1 | CertHashProtocol.Sha256, CertHashProtocol.Sha256)]
    [InlineData(CertHashProtocol.Sha1, CertHashProtocol.Sha1 | CertHashProtocol.Sha256, CertHashProtocol.Sha1)]
    [InlineData(CertHashProtocol.Sha1 | CertHashProtocol.Sha256, CertHashProtocol.Sha1, CertHashProtocol.Sha1)]
    public void Handshake_BothHashes_BothConnectedAndBindingOk(CertHashProtocol offered, CertHashProtocol supported, CertHashProtocol expected)
    {
        var wire = new List<byte[]>();
        var server = new SstpServerStateMachine(SstpTestData.ServerSettings(offered), new SeededRandom(11));
        var client = new SstpClientStateMachine(SstpTestData.ClientSettings(supported), new SeededRandom(12));
        var now = TimeSpan.FromSeconds(5);
        server.Start(now);
        client.Start(now);
        Shuttle(client, server, now, wire);
        Assert.Equal([new SstpEvent.PppLowerLayerUp()], Events(server));
        Assert.Equal([new SstpEvent.PppLowerLayerUp()], Events(client));

        // MS-CHAPv2: both sides derive the same HLAK (SSTP.md §8.3); the client finishes first here.
        var hlak = Hlak.FromClientKeys(Hex.Parse("d5f0e9521e3ea9589645e86051c82226"), Hex.Parse("8b7cdc149b993a1ba118cb153f56dccb"));
        client.CompleteAuthentication(hlak, now);
        Shuttle(client, server, now, wire);
        Assert.Equal(S.ServerCallConnectedPending, server.State);
        server.CompleteAuthentication(Hlak.FromServerKeys(Hex.Parse("d5f0e9521e3ea9589645e86051c82226"), Hex.Parse("8b7cdc149b993a1ba118cb153f56dccb")), now);

        Assert.Equal([new SstpEvent.CallConnected(expected, CryptoBindingResult.Ok)], Events(server));
        Assert.Equal([new SstpEvent.CallConnected(expected, null)], Events(client));
        Assert.Equal((S.ServerCallConnected, S.ClientCallConnected), (server.State, client.State));
        Assert.True(server.AllowsPppData && client.AllowsPppData);

        // Graceful teardown from the client: Disconnect → Ack → client closes now, server after TIMER_DISCONNECT_2.
        client.Disconnect(now);
        Shuttle(client, server, now, wire);
        Assert.Equal([new SstpEvent.Closed(SstpCloseReason.LocalDisconnect, null)], Events(client));
        Assert.Equal(S.CallDisconnectTimeoutPending, server.State);
        server.HandleTimeout(now + TimeSpan.FromSeconds(1));
        Assert.Equal([new SstpEvent.Closed(SstpCloseReason.PeerDisconnect, SstpStatus.NoError)], Events(server));

        // Every packet either side emitted: 16-bit length readers (sstpc, OSC, accel) agree with the 12-bit one.
        Assert.NotEmpty(wire);
        Assert.All(wire, p => Assert.Equal(p.Length, BinaryPrimitives.ReadUInt16BigEndian(p.AsSpan(2))));
    }

    [Fact]
    public void Handshake_WrongHlakAtServer_ClientSeesAbort()
    {
        var server = new SstpServerStateMachine(SstpTestData.ServerSettings(), new SeededRandom(3));
        var client = new SstpClientStateMachine(SstpTestData.ClientSettings(), new SeededRandom(4));
        var now = TimeSpan.Zero;
        server.Start(now);
        client.Start(now);
        Shuttle(client, server, now, []);
        server.CompleteAuthentication(Hlak.Zero, now);
        client.CompleteAuthentication(Hex.Parse(SstpTestData.HlakA), now);
        Shuttle(client, server, now, []);
        Assert.Equal(CryptoBindingResult.MacMismatch, server.BindingResult);
        Assert.Equal(S.CallAbortTimeoutPending, server.State);
        Assert.Equal(S.CallAbortTimeoutPending, client.State);
        server.HandleTimeout(now + TimeSpan.FromSeconds(1));
        client.HandleTimeout(now + TimeSpan.FromSeconds(1));
        Assert.Contains(new SstpEvent.Closed(SstpCloseReason.CryptoBindingFailed, SstpStatus.ValueNotSupported), Events(server));
        Assert.Contains(new SstpEvent.Closed(SstpCloseReason.PeerAbort, SstpStatus.ValueNotSupported), Events(client));
    }

    [Fact]
    public void Hello_IdleInterval_SendsEchoThenClosesAfterSilentInterval()
    {
        // [MS-SSTP §3.1.2.3]: echo after an idle interval; nothing in the next one → drop without CALL_ABORT.
        var server = Server(S.ServerCallConnected);
        Assert.Equal(T0 + Hello, server.NextDeadline);
        server.HandleTimeout(T0 + Hello - TimeSpan.FromSeconds(1));
        Assert.Empty(Transmitted(server));
        server.HandleTimeout(T0 + Hello);
        Assert.Equal([Norm(SstpTestData.EchoRequest)], Transmitted(server));
        Assert.Equal(T0 + (2 * Hello), server.NextDeadline);
        server.HandleTimeout(T0 + (2 * Hello));
        Assert.Empty(Transmitted(server));
        Assert.Equal([new SstpEvent.Closed(SstpCloseReason.HelloTimeout, null)], Events(server));
        Assert.Equal(S.ServerCallDisconnected, server.State);
    }

    [Fact]
    public void Hello_EchoUnansweredButDataArrives_StaysUp()
    {
        // INTEROP.md §6: SoftEther never answers our echo; its own traffic keeps the call alive.
        var client = Client(S.ClientCallConnected);
        var now = T0 + Hello;
        client.HandleTimeout(now);
        Assert.Equal([Norm(SstpTestData.EchoRequest)], Transmitted(client));
        for (int i = 0; i < 10; i++)
        {
            now += TimeSpan.FromSeconds(30);
            Feed(client, SstpTestData.EchoRequest, now);
            Assert.Equal([Norm(SstpTestData.EchoResponse)], Transmitted(client));
            client.HandleTimeout(now);
            Assert.Equal(now + Hello, client.NextDeadline);
        }

        Assert.False(client.IsClosed);
        Assert.Empty(Events(client));
    }

    [Fact]
    public void Hello_DataPacketRestartsTimer()
    {
        var server = Server(S.ServerCallConnected);
        Feed(server, SstpTestData.DataLcp, T0 + TimeSpan.FromSeconds(50));
        Assert.Equal(T0 + TimeSpan.FromSeconds(110), server.NextDeadline);
        server.HandleTimeout(T0 + TimeSpan.FromSeconds(110));
        Assert.Equal([Norm(SstpTestData.EchoRequest)], Transmitted(server));
        Feed(server, SstpTestData.EchoResponse, T0 + TimeSpan.FromSeconds(111));
        server.HandleTimeout(T0 + TimeSpan.FromSeconds(170));
        Assert.Empty(Transmitted(server));
        Assert.False(server.IsClosed);
        Assert.Equal(T0 + TimeSpan.FromSeconds(171), server.NextDeadline);
    }

    [Fact]
    public void TryPollTransmit_DestinationTooSmall_Throws()
    {
        var client = new SstpClientStateMachine(SstpTestData.ClientSettings(), new SeededRandom());
        client.Start(T0);
        Assert.Throws<ArgumentException>(() => client.TryPollTransmit(new byte[13], out _));
        Assert.True(client.TryPollTransmit(new byte[14], out int n));
        Assert.Equal(14, n);
    }

    [Fact]
    public void ReceivePacket_RandomControlPackets_NeverThrow()
    {
        Gen.Byte.Array[4, 200].Sample(bytes =>
        {
            bytes[0] = 0x10;
            bytes[1] = 0x01;
            BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(2), (ushort)bytes.Length);
            foreach (var machine in new SstpStateMachine[] { Server(S.ServerCallConnectedPending), Client(S.ClientConnectRequestSent) })
            {
                if (SstpPacket.TryRead(bytes, out var view, out _, out _) == OperationStatus.Done)
                {
                    machine.ReceivePacket(view, T0);
                }

                Transmitted(machine);
                Events(machine);
            }
        });
    }

    private static void Shuttle(SstpClientStateMachine client, SstpServerStateMachine server, TimeSpan now, List<byte[]> wire)
    {
        var buffer = new byte[SstpPacket.MaxPacketLength];
        bool moved = true;
        while (moved)
        {
            moved = false;
            while (client.TryPollTransmit(buffer, out int n))
            {
                wire.Add(buffer[..n]);
                Feed(server, buffer[..n], now);
                moved = true;
            }

            while (server.TryPollTransmit(buffer, out int n))
            {
                wire.Add(buffer[..n]);
                Feed(client, buffer[..n], now);
                moved = true;
            }
        }
    }
}
