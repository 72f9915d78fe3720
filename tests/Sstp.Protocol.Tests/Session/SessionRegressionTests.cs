using System.Buffers.Binary;
using Sstp.Protocol.Ppp.Auth;
using Sstp.Protocol.Ppp.Lcp;
using Sstp.Protocol.Session;
using Sstp.TestKit;

namespace Sstp.Protocol.Tests.Session;

/// <summary>Defects found by review of the session composition, kept fixed.</summary>
public class SessionRegressionTests
{
    private static readonly Dictionary<string, string> Users = new() { ["alice"] = "correct horse" };

    private static SessionPair Pair(ServerSessionSettings? server = null, int seed = 1) =>
        new(server ?? SessionPair.ServerSettings(), SessionPair.ClientSettings("alice", "correct horse"), Users, seed);

    private static bool IsPpp(byte[] unit, ushort protocol) =>
        unit.Length >= 8 && unit[0] == 0x10 && unit[1] == 0x00 && BinaryPrimitives.ReadUInt16BigEndian(unit.AsSpan(6)) == protocol;

    private static List<SessionEvent> Drain(SstpSession session)
    {
        var events = new List<SessionEvent>();
        while (session.TryPollEvent(out var e))
        {
            events.Add(e!);
        }

        return events;
    }

    /// <summary>Fuzz regression tests/Sstp.Fuzz/regressions/client-session/empty-ip-frame.</summary>
    [Theory]
    [InlineData("10 00 00 08 FF 03 00 21")]
    [InlineData("10 00 00 08 FF 03 00 57")]
    [InlineData("10 00 00 06 00 21")]
    public void EmptyIpFrame_IsDroppedNotDelivered(string frame)
    {
        var pair = Pair();
        pair.RunUntilUp();
        var bytes = Hex.Parse(frame);

        foreach (SstpSession session in new SstpSession[] { pair.Client, pair.Server })
        {
            long malformed = session.Counters.MalformedFrames;
            var result = session.Receive(bytes, pair.Now);

            Assert.Equal(ReceiveStatus.Handled, result.Status);
            Assert.Equal(bytes.Length, result.Consumed);
            Assert.Equal(malformed + 1, session.Counters.MalformedFrames);
            Assert.False(session.IsClosed);
        }
    }

    [Fact]
    public void Ipv6UpAndIpcpDead_TunnelUpIsStillRaised()
    {
        var pair = Pair();
        pair.TamperClientToServer = u => IsPpp(u, 0x8021) ? null : u;
        pair.TamperServerToClient = u => IsPpp(u, 0x8021) ? null : u;
        pair.RunUntil(() => pair.ServerEvents.OfType<SessionEvent.TunnelUp>().Any(), TimeSpan.FromMinutes(3));

        var info = Assert.Single(pair.ServerEvents.OfType<SessionEvent.TunnelUp>()).Info;
        Assert.Null(info.PeerIPv4);
        Assert.NotEqual(0UL, info.PeerInterfaceId);
    }

    [Fact]
    public void ProtocolRejectedNcp_IsNotTerminated()
    {
        // A Protocol-Rejected NCP stops without a Terminate-Request the peer would only reject again.
        var pair = Pair(SessionPair.ServerSettings() with { EnableIpv6 = false });
        pair.RunUntilUp();
        pair.RunUntil(() => false, TimeSpan.FromSeconds(40));

        Assert.DoesNotContain(pair.SentByClient, u => IsPpp(u, 0x8057) && u[8] == 5);
        Assert.Equal(1, pair.Server.Counters.ProtocolRejectsSent);
    }

    [Fact]
    public void OversizedHostMessage_EndsTheSessionInsteadOfWedgingIt()
    {
        var pair = Pair(SessionPair.ServerSettings(AuthProtocolOption.ChapMd5));
        pair.Authenticate = _ => AuthDecision.Accept(new string('x', 5000));
        pair.RunUntil(() => pair.Server.IsClosed, TimeSpan.FromMinutes(1));

        Assert.Equal(DisconnectReason.AuthenticationFailed, pair.ServerEvents.OfType<SessionEvent.Closed>().Single().Reason);
    }

    [Fact]
    public void PeerDisconnectThenTcpClose_IsANormalEnding()
    {
        // OSC sends a bare Call Disconnect and closes TCP as soon as it has our Disconnect Ack.
        var pair = Pair();
        pair.RunUntilUp();
        pair.Server.Receive(Hex.Parse("10 01 00 08 00 06 00 00"), pair.Now);
        pair.Server.LowerLayerDown(pair.Now + TimeSpan.FromMilliseconds(50));

        var closed = Drain(pair.Server).OfType<SessionEvent.Closed>().Single();
        Assert.Equal(DisconnectReason.PeerDisconnect, closed.Reason);
    }

    [Fact]
    public void BindingAbortThenTcpClose_KeepsTheBindingReason()
    {
        var pair = Pair();
        bool aborted = false;
        pair.TamperClientToServer = u =>
        {
            if (u.Length >= 112 && u[0] == 0x10 && u[1] == 0x01 && u[5] == 0x04)
            {
                u[100] ^= 1;
            }

            return aborted ? null : u;
        };
        pair.TamperServerToClient = u =>
        {
            aborted |= u.Length >= 8 && u[0] == 0x10 && u[1] == 0x01 && u[5] == 0x05;
            return u;
        };
        pair.RunUntil(() => aborted, TimeSpan.FromSeconds(30));
        pair.Server.LowerLayerDown(pair.Now + TimeSpan.FromMilliseconds(50));

        var closed = Drain(pair.Server).OfType<SessionEvent.Closed>().Single();
        Assert.Equal(DisconnectReason.CryptoBindingFailed, closed.Reason);
    }

    [Fact]
    public void WindowsMru4091_IsNakedTo1500_AndBecomesTheMtu()
    {
        // PPP.md §10.1: Windows proposes 4091; its adapter takes about 1614 without registry changes.
        var client = SessionPair.ClientSettings("alice", "correct horse");
        client = client with { Lcp = client.Lcp with { Mru = 4091 > LcpSettings.MaxMru ? LcpSettings.MaxMru : 4091 } };
        var pair = new SessionPair(SessionPair.ServerSettings(), client, Users);
        pair.RunUntilUp();

        Assert.Equal(1500, pair.ServerEvents.OfType<SessionEvent.TunnelUp>().Single().Info.Mtu);
    }

    [Fact]
    public void IpcpBeforeAddresses_IsAnsweredWhenTheHostAnswers()
    {
        // The host takes 2 s to pick an address; the client's first IPCP request must not be lost meanwhile.
        var pair = Pair(SessionPair.ServerSettings() with { EnableIpv6 = false });
        string? waiting = null;
        var addresses = pair.AssignAddresses;
        pair.AssignAddresses = user =>
        {
            waiting = user;
            return null;
        };
        pair.RunUntil(() => waiting is not null && pair.SentByClient.Any(u => IsPpp(u, 0x8021)));
        pair.RunUntil(() => false, TimeSpan.FromSeconds(1));
        var assignedAt = pair.Now;
        pair.Server.AssignAddresses(addresses(waiting!)!, pair.Now);
        pair.RunUntilUp(TimeSpan.FromSeconds(2));

        // Up at once, not one restart interval (3 s) later when the client would have retransmitted.
        Assert.True(pair.BothUp);
        Assert.Equal(assignedAt, pair.Now);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void RandomCorruption_NeverThrows_NeverHangs_NeverDuplicatesEvents(int block)
    {
        // 100 sessions per row, 8 % of packets get one or two random bytes changed after the SSTP header.
        for (int seed = block * 100; seed < (block + 1) * 100; seed++)
        {
            var rng = new Random(seed);
            var pair = Pair(seed: seed + 1);
            byte[]? Tamper(byte[] u)
            {
                if (u.Length <= 8 || u[0] != 0x10 || rng.NextDouble() >= 0.08)
                {
                    return u;
                }

                var copy = (byte[])u.Clone();
                for (int i = rng.Next(1, 3); i > 0; i--)
                {
                    copy[rng.Next(4, copy.Length)] = (byte)rng.Next(256);
                }

                return copy;
            }

            pair.TamperClientToServer = Tamper;
            pair.TamperServerToClient = Tamper;
            pair.RunUntil(() => pair.BothUp || (pair.Server.IsClosed && pair.Client.IsClosed), TimeSpan.FromMinutes(10));

            Assert.True(pair.BothUp || (pair.Server.IsClosed && pair.Client.IsClosed) || pair.Server.NextDeadline is not null,
                $"seed {seed}: stuck in {pair.Server.Sstp.State}/{pair.Server.Lcp.State}");
            Assert.True(pair.ServerEvents.OfType<SessionEvent.Closed>().Count() <= 1, $"seed {seed}");
            Assert.True(pair.ClientEvents.OfType<SessionEvent.Closed>().Count() <= 1, $"seed {seed}");
            Assert.True(pair.ServerEvents.OfType<SessionEvent.TunnelUp>().Count() <= 1, $"seed {seed}");
        }
    }
}
