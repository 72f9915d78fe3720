using Sstp.Protocol.Ppp.Auth;
using Sstp.Protocol.Tests.Crypto;
using Sstp.TestKit;

namespace Sstp.Protocol.Tests.Ppp.Auth;

/// <summary>Retransmission, duplicates and timeouts (PPP.md §6, INTEROP.md §3–§4, AUTH.md §2–§3).</summary>
public class AuthenticatorQuirkTests
{
    private static readonly TimeSpan T0 = TimeSpan.FromSeconds(10);

    private static List<byte[]> Drain(AuthMachine machine)
    {
        var list = new List<byte[]>();
        var buffer = new byte[1600];
        while (machine.TryPollTransmit(buffer, out int n))
        {
            list.Add(buffer[..n]);
        }

        return list;
    }

    private static List<AuthEvent> Events(AuthMachine machine)
    {
        var list = new List<AuthEvent>();
        while (machine.TryPollEvent(out var e))
        {
            list.Add(e);
        }

        return list;
    }

    [Theory]
    [InlineData("chap-md5")]
    [InlineData("mschapv2")]
    [InlineData("eap-mschapv2")]
    public void FirstChallengeLost_RetransmittedAndAnswered(string method)
    {
        // pppd drops packets before its LCP is open: the authenticator must re-send (INTEROP.md §3).
        var link = AuthPairTests.CreatePair(method, "alice", "pw", "pw");
        link.DropToClient = (_, index) => index == 0;
        link.Start();
        Assert.Equal(AuthStatus.InProgress, link.Server.Status);
        Assert.Equal(link.Now + TimeSpan.FromSeconds(3), link.Server.NextDeadline);
        link.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(link.ToClient[0], link.ToClient[1]);
        Assert.Equal(AuthStatus.Succeeded, link.Server.Status);
        Assert.Equal(AuthStatus.Succeeded, link.Client.Status);
    }

    [Fact]
    public void ChallengeNeverAnswered_TenRetransmissionsThenTimeout()
    {
        var server = new MsChapV2Authenticator(new AuthenticatorSettings(), new SeededRandom());
        server.Start(T0);
        var now = T0;
        int sent = Drain(server).Count;
        while (server.NextDeadline is TimeSpan deadline && server.Status == AuthStatus.InProgress)
        {
            now = deadline;
            server.HandleTimeout(now);
            sent += Drain(server).Count;
        }

        Assert.Equal(11, sent);
        Assert.Equal(T0 + TimeSpan.FromSeconds(33), now);
        var failed = Assert.IsType<AuthEvent.Failed>(Assert.Single(Events(server)));
        Assert.Equal(AuthFailure.Timeout, failed.Reason);
    }

    [Fact]
    public void HostNeverAnswers_OverallTimeoutFails()
    {
        var link = AuthPairTests.CreatePair("mschapv2", "alice", "pw", "pw", new AuthenticatorSettings { OverallTimeout = TimeSpan.FromSeconds(20) });
        link.Host = null;
        link.Start();
        Assert.Equal(AuthStatus.AwaitingHost, link.Server.Status);
        Assert.Equal(link.Now + TimeSpan.FromSeconds(20), link.Server.NextDeadline);
        link.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(AuthFailure.Timeout, Assert.IsType<AuthEvent.Failed>(link.ServerEvents.Last()).Reason);
        Assert.Throws<InvalidOperationException>(() => link.Server.Complete(AuthDecision.Accept(), link.Now));
    }

    [Fact]
    public void PapSentOnce_NoRetransmission_StillAccepted()
    {
        // OSC sends its Authenticate-Request once (INTEROP.md §4).
        var server = new PapAuthenticator(new AuthenticatorSettings(), new SeededRandom());
        server.Start(T0);
        var request = new byte[PapPacket.GetRequestLength(3, 2)];
        PapPacket.WriteRequest(request, 0x33, "osc"u8, "pw"u8);
        server.Receive(request, T0);
        var credentials = Assert.IsType<AuthEvent.CredentialsReceived>(Assert.Single(Events(server)));
        server.Complete(PapVerifier.Verify("pw", (PapRequest)credentials.Request), T0 + TimeSpan.FromSeconds(1));
        var ack = Assert.Single(Drain(server));
        Assert.Equal(Hex.Parse("02 33 00 13 0E") , ack[..5]);
        Assert.Equal("Access granted"u8.ToArray(), ack[5..]);
        Assert.Equal(AuthStatus.Succeeded, server.Status);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void PapDuplicateRequest_AnsweredIdentically(bool accept)
    {
        var server = new PapAuthenticator(new AuthenticatorSettings(), new SeededRandom());
        server.Start(T0);
        var request = new byte[PapPacket.GetRequestLength(3, 2)];
        PapPacket.WriteRequest(request, 7, "bob"u8, "pw"u8);
        server.Receive(request, T0);
        server.Receive(request, T0); // duplicate while the host decides: dropped
        Assert.Single(Events(server));
        server.Complete(accept ? AuthDecision.Accept("ok") : AuthDecision.Reject("no"), T0);
        var first = Assert.Single(Drain(server));
        server.Receive(request, T0 + TimeSpan.FromSeconds(3));
        var second = Assert.Single(Drain(server));
        Assert.Equal(first, second);
        Assert.Equal(accept ? 2 : 3, first[0]);
    }

    [Theory]
    [InlineData("chap-md5")]
    [InlineData("mschapv2")]
    public void RetransmittedChapResponse_SameResultResent(string method)
    {
        var link = AuthPairTests.CreatePair(method, "alice", "pw", "pw");
        link.Start();
        var result = link.ToClient.Last();
        link.Server.Receive(link.ToServer.Last(), link.Now);
        var buffer = new byte[200];
        Assert.True(link.Server.TryPollTransmit(buffer, out int n));
        Assert.Equal(result, buffer[..n]);
    }

    [Fact]
    public void PapPeer_RetransmitsUntilAck()
    {
        var link = AuthPairTests.CreatePair("pap", "alice", "pw", "pw");
        link.DropToServer = (_, index) => index < 2;
        link.Start();
        link.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(AuthStatus.InProgress, link.Client.Status);
        link.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(AuthStatus.Succeeded, link.Client.Status);
        Assert.Equal(3, link.ToServer.Count);
        Assert.All(link.ToServer, p => Assert.Equal(link.ToServer[0], p));
        Assert.Null(link.Client.NextDeadline);
    }

    [Fact]
    public void MsChapV2Reject_RetryAllowed_SendsR1AndAcceptsNextResponse()
    {
        // RFC 2759 §6: R=1 with a new challenge; the peer answers with Identifier + 1.
        var settings = new AuthenticatorSettings { MsChapV2Retries = 1 };
        var server = new MsChapV2Authenticator(settings, new ScriptedRandom([0x10], MsChapV2Tests.AuthChallenge));
        server.Start(T0);
        Drain(server);
        var value = new byte[49];
        MsChapV2Response.Write(value, MsChapV2Tests.PeerChallenge, MsChapV2Tests.NtResponse);
        var response = new byte[4 + 1 + 49 + 4];
        ChapPacket.WriteChallengeOrResponse(response, ChapCode.Response, 0x10, value, MsChapV2Tests.User);
        server.Receive(response, T0);
        Events(server);
        server.Complete(AuthDecision.Reject(retryAllowed: true), T0);
        var failure = Assert.Single(Drain(server));
        Assert.StartsWith("E=691 R=1 C=", System.Text.Encoding.ASCII.GetString(failure, 4, failure.Length - 4));
        Assert.Equal(AuthStatus.InProgress, server.Status);
        ChapPacket.WriteChallengeOrResponse(response, ChapCode.Response, 0x11, value, MsChapV2Tests.User);
        server.Receive(response, T0);
        var again = Assert.IsType<AuthEvent.CredentialsReceived>(Assert.Single(Events(server)));
        Assert.Equal(0x11, ((MsChapV2Request)again.Request).Id);
        server.Complete(AuthDecision.Reject(retryAllowed: true), T0);
        var last = Assert.Single(Drain(server));
        Assert.StartsWith("E=691 R=0 C=", System.Text.Encoding.ASCII.GetString(last, 4, last.Length - 4));
        Assert.Equal(AuthStatus.Failed, server.Status);
    }

    [Fact]
    public void MsChapV2Verifier_Rfc2759Vector_GivesPublishedSAndHlak()
    {
        var request = new MsChapV2Request("User", MsChapV2Tests.AuthChallenge, MsChapV2Tests.PeerChallenge, MsChapV2Tests.NtResponse, 1);
        var decision = MsChapV2Verifier.Verify(MsChapV2Tests.PasswordHash, request);
        Assert.Equal(AuthDecisionKind.Accept, decision.Kind);
        Assert.Equal(MsChapV2Tests.AuthResponse, decision.AuthenticatorResponse);
        // SSTP.md §8.3 server rule: Recv ‖ Send = K(Magic2) ‖ K(Magic3) = SSTP.md §8.8(c).
        Assert.Equal(Hex.Parse("d5f0e9521e3ea9589645e86051c82226 8b7cdc149b993a1ba118cb153f56dccb"), decision.Hlak.ToArray());
        var wrong = MsChapV2Verifier.Verify("other".AsSpan(), request);
        Assert.Equal(AuthDecisionKind.Reject, wrong.Kind);
        Assert.Equal(691, wrong.ErrorCode);
    }

    [Fact]
    public void Complete_WrongDecisionShape_Throws()
    {
        var link = AuthPairTests.CreatePair("mschapv2", "alice", "pw", "pw");
        link.Host = null;
        link.Start();
        Assert.Throws<ArgumentException>(() => link.Server.Complete(AuthDecision.Accept(), link.Now));
        Assert.Throws<ArgumentException>(() => link.Server.Complete(AuthDecision.EapContinue([1, 1, 0, 5, 1]), link.Now));
    }
}
