using Sstp.Protocol.Ppp.Auth;
using Sstp.Protocol.Tests.Crypto;
using Sstp.TestKit;

namespace Sstp.Protocol.Tests.Ppp.Auth;

/// <summary>
/// One row per (state × input) cell of the authenticator behaviour described on
/// <see cref="ChapAuthenticator"/> and <see cref="PapAuthenticator"/> (RFC 1994 §4, RFC 1334 §2, PPP.md §6).
/// </summary>
public class AuthenticatorStateTableTests
{
    private static readonly TimeSpan T0 = TimeSpan.FromSeconds(1);
    private const byte Id = 0x10;

    public enum State
    {
        ChallengeSent,
        AwaitingHost,
        Succeeded,
        Failed,
    }

    public enum Input
    {
        ResponseSameId,
        ResponseOtherId,
        ResponseBadValueSize,
        ChallengePacket,
        SuccessPacket,
        Garbage,
    }

    private static byte[] Build(Input input)
    {
        var value = new byte[49];
        MsChapV2Response.Write(value, MsChapV2Tests.PeerChallenge, MsChapV2Tests.NtResponse);
        var packet = new byte[4 + 1 + 49 + 4];
        switch (input)
        {
            case Input.ResponseSameId:
                ChapPacket.WriteChallengeOrResponse(packet, ChapCode.Response, Id, value, "User"u8);
                return packet;
            case Input.ResponseOtherId:
                ChapPacket.WriteChallengeOrResponse(packet, ChapCode.Response, Id + 1, value, "User"u8);
                return packet;
            case Input.ResponseBadValueSize:
                return Hex.Parse("02 10 00 09 04 00 00 00 00");
            case Input.ChallengePacket:
                ChapPacket.WriteChallengeOrResponse(packet, ChapCode.Challenge, Id, value, "User"u8);
                return packet;
            case Input.SuccessPacket:
                return Hex.Parse("03 10 00 04");
            default:
                return Hex.Parse("02 10 FF");
        }
    }

    private static MsChapV2Authenticator InState(State state)
    {
        var server = new MsChapV2Authenticator(new AuthenticatorSettings(), new ScriptedRandom([Id], MsChapV2Tests.AuthChallenge));
        server.Start(T0);
        Drain(server);
        if (state == State.ChallengeSent)
        {
            return server;
        }

        server.Receive(Build(Input.ResponseSameId), T0);
        while (server.TryPollEvent(out _))
        {
        }

        if (state == State.Succeeded)
        {
            server.Complete(MsChapV2Verifier.Verify("clientPass".AsSpan(), new MsChapV2Request("User", MsChapV2Tests.AuthChallenge, MsChapV2Tests.PeerChallenge, MsChapV2Tests.NtResponse, Id)), T0);
        }
        else if (state == State.Failed)
        {
            server.Complete(AuthDecision.Reject(), T0);
        }

        Drain(server);
        while (server.TryPollEvent(out _))
        {
        }

        return server;
    }

    private static int Drain(AuthMachine machine)
    {
        int count = 0;
        var buffer = new byte[300];
        while (machine.TryPollTransmit(buffer, out _))
        {
            count++;
        }

        return count;
    }

    private static int CountEvents(AuthMachine machine)
    {
        int count = 0;
        while (machine.TryPollEvent(out _))
        {
            count++;
        }

        return count;
    }

    public static TheoryData<State, Input, AuthStatus, int, int> ChapTable => new()
    {
        // state, input → status after, packets sent, events emitted
        { State.ChallengeSent, Input.ResponseSameId, AuthStatus.AwaitingHost, 0, 1 },
        { State.ChallengeSent, Input.ResponseOtherId, AuthStatus.InProgress, 0, 0 },
        { State.ChallengeSent, Input.ResponseBadValueSize, AuthStatus.InProgress, 0, 0 },
        { State.ChallengeSent, Input.ChallengePacket, AuthStatus.InProgress, 0, 0 },
        { State.ChallengeSent, Input.SuccessPacket, AuthStatus.InProgress, 0, 0 },
        { State.ChallengeSent, Input.Garbage, AuthStatus.InProgress, 0, 0 },
        { State.AwaitingHost, Input.ResponseSameId, AuthStatus.AwaitingHost, 0, 0 },
        { State.AwaitingHost, Input.ResponseOtherId, AuthStatus.AwaitingHost, 0, 0 },
        { State.AwaitingHost, Input.ResponseBadValueSize, AuthStatus.AwaitingHost, 0, 0 },
        { State.AwaitingHost, Input.ChallengePacket, AuthStatus.AwaitingHost, 0, 0 },
        { State.AwaitingHost, Input.SuccessPacket, AuthStatus.AwaitingHost, 0, 0 },
        { State.AwaitingHost, Input.Garbage, AuthStatus.AwaitingHost, 0, 0 },
        { State.Succeeded, Input.ResponseSameId, AuthStatus.Succeeded, 1, 0 },
        { State.Succeeded, Input.ResponseOtherId, AuthStatus.Succeeded, 0, 0 },
        { State.Succeeded, Input.ResponseBadValueSize, AuthStatus.Succeeded, 1, 0 },
        { State.Succeeded, Input.ChallengePacket, AuthStatus.Succeeded, 0, 0 },
        { State.Succeeded, Input.SuccessPacket, AuthStatus.Succeeded, 0, 0 },
        { State.Succeeded, Input.Garbage, AuthStatus.Succeeded, 0, 0 },
        { State.Failed, Input.ResponseSameId, AuthStatus.Failed, 1, 0 },
        { State.Failed, Input.ResponseOtherId, AuthStatus.Failed, 0, 0 },
        { State.Failed, Input.ResponseBadValueSize, AuthStatus.Failed, 1, 0 },
        { State.Failed, Input.ChallengePacket, AuthStatus.Failed, 0, 0 },
        { State.Failed, Input.SuccessPacket, AuthStatus.Failed, 0, 0 },
        { State.Failed, Input.Garbage, AuthStatus.Failed, 0, 0 },
    };

    [Theory]
    [MemberData(nameof(ChapTable))]
    public void MsChapV2Authenticator_Cell_Outcome(State state, Input input, AuthStatus status, int sent, int events)
    {
        var server = InState(state);
        server.Receive(Build(input), T0);
        Assert.Equal(status, server.Status);
        Assert.Equal(sent, Drain(server));
        Assert.Equal(events, CountEvents(server));
    }

    public static TheoryData<string, string, AuthStatus, int, int> PapTable => new()
    {
        // state, input hex → status after, packets sent, events
        { "started", "01 07 00 0B 03 62 6F 62 02 70 77", AuthStatus.AwaitingHost, 0, 1 },
        { "started", "01 07 00 08 03 62 6F 62", AuthStatus.InProgress, 0, 0 },
        { "started", "02 07 00 05 00", AuthStatus.InProgress, 0, 0 },
        { "awaiting", "01 07 00 0B 03 62 6F 62 02 70 77", AuthStatus.AwaitingHost, 0, 0 },
        { "awaiting", "01 08 00 0B 03 62 6F 62 02 70 77", AuthStatus.AwaitingHost, 0, 0 },
        { "acked", "01 07 00 0B 03 62 6F 62 02 70 77", AuthStatus.Succeeded, 1, 0 },
        { "acked", "01 08 00 0B 03 62 6F 62 02 70 78", AuthStatus.Succeeded, 1, 0 },
        { "acked", "03 07 00 05 00", AuthStatus.Succeeded, 0, 0 },
        { "naked", "01 07 00 0B 03 62 6F 62 02 70 77", AuthStatus.Failed, 1, 0 },
    };

    [Theory]
    [MemberData(nameof(PapTable))]
    public void PapAuthenticator_Cell_Outcome(string state, string input, AuthStatus status, int sent, int events)
    {
        var server = new PapAuthenticator(new AuthenticatorSettings(), new SeededRandom());
        server.Start(T0);
        if (state != "started")
        {
            server.Receive(Hex.Parse("01 07 00 0B 03 62 6F 62 02 70 77"), T0);
            CountEvents(server);
            if (state != "awaiting")
            {
                server.Complete(state == "acked" ? AuthDecision.Accept() : AuthDecision.Reject(), T0);
                Drain(server);
                CountEvents(server);
            }
        }

        server.Receive(Hex.Parse(input), T0);
        Assert.Equal(status, server.Status);
        Assert.Equal(sent, Drain(server));
        Assert.Equal(events, CountEvents(server));
    }

    [Fact]
    public void BeforeStart_ReceiveIgnoredAndNoDeadline()
    {
        var server = new PapAuthenticator(new AuthenticatorSettings(), new SeededRandom());
        server.Receive(Hex.Parse("01 07 00 0B 03 62 6F 62 02 70 77"), T0);
        Assert.False(server.TryPollEvent(out _));
        Assert.Null(server.NextDeadline);
        server.Start(T0);
        Assert.Throws<InvalidOperationException>(() => server.Start(T0));
    }

    [Fact]
    public void TryPollTransmit_DestinationTooSmall_ThrowsAndKeepsPacket()
    {
        var server = new ChapMd5Authenticator(new AuthenticatorSettings(), new SeededRandom());
        server.Start(T0);
        Assert.Throws<ArgumentException>(() => server.TryPollTransmit(new byte[4], out _));
        Assert.True(server.TryPollTransmit(new byte[100], out int n));
        Assert.Equal(4 + 1 + 16, n);
    }
}
