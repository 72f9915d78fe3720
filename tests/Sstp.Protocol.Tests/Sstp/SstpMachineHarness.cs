using System.Buffers;
using Sstp.Protocol.Sstp;
using Sstp.TestKit;

namespace Sstp.Protocol.Tests.Sstp;

/// <summary>Feeds and drains an SSTP state machine; drives it into any state of the spec tables.</summary>
internal static class SstpMachineHarness
{
    public static readonly TimeSpan T0 = TimeSpan.FromSeconds(100);

    public static void Feed(SstpStateMachine machine, byte[] packet, TimeSpan now)
    {
        Assert.Equal(OperationStatus.Done, SstpPacket.TryRead(packet, out var view, out int consumed, out _));
        Assert.Equal(packet.Length, consumed);
        machine.ReceivePacket(view, now);
    }

    public static void Feed(SstpStateMachine machine, string hex, TimeSpan now) => Feed(machine, Hex.Parse(hex), now);

    public static List<string> Transmitted(SstpStateMachine machine)
    {
        var list = new List<string>();
        var buffer = new byte[SstpPacket.MaxPacketLength];
        while (machine.TryPollTransmit(buffer, out int n))
        {
            // Every packet a machine emits must read the same with a 16-bit length reader (sstpc, OSC, accel).
            Assert.Equal(n, System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(buffer.AsSpan(2)));
            list.Add(Hex.Format(buffer.AsSpan(0, n)));
        }

        return list;
    }

    public static List<SstpEvent> Events(SstpStateMachine machine)
    {
        var list = new List<SstpEvent>();
        while (machine.TryPollEvent(out var e))
        {
            list.Add(e);
        }

        return list;
    }

    public static string Norm(string hex) => Hex.Format(Hex.Parse(hex));

    /// <summary>A server with the §8.8(a) nonce, driven to <paramref name="target"/>, outputs drained.</summary>
    public static SstpServerStateMachine Server(SstpState target, SstpServerSettings? settings = null)
    {
        var server = new SstpServerStateMachine(settings ?? SstpTestData.ServerSettings(), new ScriptedRandom(Hex.Parse(SstpTestData.NonceA)));
        var now = T0;
        if (target != SstpState.ServerCallDisconnected)
        {
            server.Start(now);
        }

        if (target is SstpState.ServerCallConnectedPending or SstpState.ServerCallConnected)
        {
            Feed(server, SstpTestData.ConnectRequest, now);
        }

        if (target == SstpState.ServerCallConnected)
        {
            server.CompleteAuthentication(Hex.Parse(SstpTestData.HlakA), now);
            Feed(server, SstpTestData.CallConnectedA, now);
        }

        DriveTeardown(server, target, now);
        Transmitted(server);
        Events(server);
        Assert.Equal(target, server.State);
        return server;
    }

    /// <summary>A client with the §8.8(a) certificate hashes, driven to <paramref name="target"/>, outputs drained.</summary>
    public static SstpClientStateMachine Client(SstpState target, SstpClientSettings? settings = null)
    {
        var client = new SstpClientStateMachine(settings ?? SstpTestData.ClientSettings(), new SeededRandom());
        var now = T0;
        if (target != SstpState.ClientCallDisconnected)
        {
            client.Start(now);
        }

        if (target is SstpState.ClientConnectAckReceived or SstpState.ClientCallConnected)
        {
            Feed(client, SstpTestData.AckA, now);
        }

        if (target == SstpState.ClientCallConnected)
        {
            client.CompleteAuthentication(Hex.Parse(SstpTestData.HlakA), now);
        }

        DriveTeardown(client, target, now);
        Transmitted(client);
        Events(client);
        Assert.Equal(target, client.State);
        return client;
    }

    /// <summary>
    /// Applies one table input: a packet in hex, or "@start", "@auth" (HLAK of §8.8(a)), "@timeout" (at
    /// NextDeadline), "@disconnect", "@abort". Then asserts the packets sent ('|'-separated, "" for none) and the
    /// next state.
    /// </summary>
    public static void Run(SstpStateMachine machine, string input, string expectedTx, SstpState expectedState)
    {
        var now = T0 + TimeSpan.FromSeconds(1);
        switch (input)
        {
            case "@start":
                machine.Start(now);
                break;
            case "@auth":
                machine.CompleteAuthentication(Hex.Parse(SstpTestData.HlakA), now);
                break;
            case "@timeout":
                Assert.NotNull(machine.NextDeadline);
                machine.HandleTimeout(machine.NextDeadline.Value);
                break;
            case "@disconnect":
                machine.Disconnect(now);
                break;
            case "@abort":
                machine.Abort(SstpStatus.NegotiationTimeout, now);
                break;
            default:
                Feed(machine, input, now);
                break;
        }

        var expected = expectedTx.Length == 0 ? [] : expectedTx.Split('|').Select(Norm).ToList();
        Assert.Equal(expected, Transmitted(machine));
        Assert.Equal(expectedState, machine.State);
    }

    public static SstpStateMachine Machine(string role, SstpState target) =>
        role == "server" ? Server(target) : Client(target);

    private static void DriveTeardown(SstpStateMachine machine, SstpState target, TimeSpan now)
    {
        if (target is < SstpState.CallAbortInProgress1)
        {
            return;
        }

        Feed(machine, machine is SstpServerStateMachine ? SstpTestData.ConnectRequest : SstpTestData.AckA, now);
        switch (target)
        {
            case SstpState.CallAbortPending:
                machine.Abort(SstpStatus.NegotiationTimeout, now);
                break;
            case SstpState.CallAbortTimeoutPending:
                Feed(machine, SstpTestData.AbortBare, now);
                break;
            case SstpState.CallDisconnectAckPending:
                machine.Disconnect(now);
                break;
            case SstpState.CallDisconnectTimeoutPending:
                Feed(machine, SstpTestData.Disconnect, now);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(target), target, "transient state");
        }
    }
}
