using System.Buffers;
using Sstp.Protocol.Ppp.Auth;
using Sstp.TestKit;

namespace Sstp.Protocol.Tests.Ppp.Auth;

/// <summary>EAP peer and authenticator behaviour (RFC 3748; AUTH.md §6; INTEROP.md §3–§4).</summary>
public class EapTests
{
    private static readonly TimeSpan T0 = TimeSpan.FromSeconds(1);

    private static byte[]? Next(AuthMachine machine)
    {
        var buffer = new byte[1600];
        return machine.TryPollTransmit(buffer, out int n) ? buffer[..n] : null;
    }

    private static EapPeer StartedPeer(params EapType[] allowed)
    {
        var settings = allowed.Length == 0
            ? new AuthPeerSettings("alice", "pw".ToCharArray())
            : new AuthPeerSettings("alice", "pw") { AllowedEapTypes = allowed };
        var peer = new EapPeer(settings, new SeededRandom());
        peer.Start(T0);
        return peer;
    }

    public static TheoryData<string, string> PeerRequestTable => new()
    {
        // Request/Identity → Response/Identity "alice" (RFC 3748 §5.1).
        { "01 05 00 05 01", "02 05 00 0A 01 61 6C 69 63 65" },
        // Identity request with a displayable prompt: still answered with the identity.
        { "01 06 00 08 01 48 69 21", "02 06 00 0A 01 61 6C 69 63 65" },
        // Notification → empty Notification Response (RFC 3748 §5.2).
        { "01 07 00 09 02 48 65 79 21", "02 07 00 05 02" },
        // EAP-TLS Start → Legacy Nak wanting 26 (OSC's "03 1A", AUTH.md §6).
        { "01 08 00 06 0D 20", "02 08 00 06 03 1A" },
        // MD5-Challenge → Legacy Nak wanting 26.
        { "01 09 00 16 04 10 00112233445566778899AABBCCDDEEFF", "02 09 00 06 03 1A" },
        // PEAP → Legacy Nak wanting 26.
        { "01 0A 00 06 19 20", "02 0A 00 06 03 1A" },
    };

    [Theory]
    [MemberData(nameof(PeerRequestTable))]
    public void PeerRequest_AnsweredPerRfc3748(string request, string expectedResponse)
    {
        var peer = StartedPeer();
        peer.Receive(Hex.Parse(request), T0);
        Assert.Equal(Hex.Parse(expectedResponse), Next(peer));
        Assert.Null(Next(peer));
        Assert.Equal(AuthStatus.InProgress, peer.Status);
    }

    [Fact]
    public void PeerWithNoAllowedTypes_LegacyNakListsZero()
    {
        var peer = new EapPeer(new AuthPeerSettings("alice", "pw") { AllowedEapTypes = [] }, new SeededRandom());
        peer.Start(T0);
        // EAP-MSCHAPv2 Challenge, but the type is not allowed → Nak with "no alternative" (0).
        peer.Receive(Hex.Parse("01 05 00 1A 1A 01 05 00 15 10 00112233445566778899AABBCCDDEEFF"), T0);
        Assert.Equal(Hex.Parse("02 05 00 06 03 00"), Next(peer));
    }

    [Fact]
    public void PeerDuplicateRequest_SameResponseAgain()
    {
        var peer = StartedPeer();
        var challenge = Hex.Parse("01 05 00 1A 1A 01 05 00 15 10 00112233445566778899AABBCCDDEEFF");
        peer.Receive(challenge, T0);
        var first = Next(peer);
        peer.Receive(challenge, T0);
        Assert.Equal(first, Next(peer));
        Assert.Equal(64, first!.Length); // 5 + 4 + 1 + 49 + "alice"
    }

    [Fact]
    public void PeerSuccessBeforeAnyMethod_FailsNotVerified()
    {
        var peer = StartedPeer();
        peer.Receive(Hex.Parse("03 01 00 04"), T0);
        Assert.True(peer.TryPollEvent(out var e));
        Assert.Equal(AuthFailure.AuthenticatorNotVerified, Assert.IsType<AuthEvent.Failed>(e).Reason);
    }

    [Fact]
    public void PeerFailure_Fails()
    {
        var peer = StartedPeer();
        peer.Receive(Hex.Parse("04 01 00 04"), T0);
        Assert.Equal(AuthStatus.Failed, peer.Status);
    }

    [Fact]
    public void NoEapSuccess_NetworkPhaseCountsAsSuccess()
    {
        // pppd 2.4.9 as authenticator sends no EAP-Success and goes to IPCP (INTEROP.md §3).
        var link = AuthPairTests.CreatePair("eap-mschapv2", "alice", "pw", "pw");
        link.DropToClient = (packet, _) => packet[0] == (byte)EapCode.Success;
        link.Start();
        Assert.Equal(AuthStatus.Succeeded, link.Server.Status);
        Assert.Equal(AuthStatus.InProgress, link.Client.Status);
        link.Client.NotifyNetworkPhaseStarted();
        link.Pump();
        Assert.Equal(AuthStatus.Succeeded, link.Client.Status);
        Assert.Equal(link.ServerOutcome().Hlak, link.ClientOutcome().Hlak);
    }

    [Fact]
    public void NetworkPhaseBeforeMsChapV2Success_Ignored()
    {
        var peer = StartedPeer();
        peer.NotifyNetworkPhaseStarted();
        Assert.Equal(AuthStatus.InProgress, peer.Status);
        Assert.False(peer.TryPollEvent(out _));
    }

    [Fact]
    public void AuthenticatorGetsLegacyNak_SendsFailurePeerRefused()
    {
        var server = new EapAuthenticator(new AuthenticatorSettings(), new ScriptedRandom([0x20]));
        server.Start(T0);
        Assert.Equal(Hex.Parse("01 20 00 05 01"), Next(server));
        server.Receive(Hex.Parse("02 20 00 07 01 62 6F"), T0);
        var challenge = Next(server)!;
        Assert.Equal(0x21, challenge[1]);
        Assert.Equal("bo", server.Identity);
        server.Receive(Hex.Parse("02 21 00 06 03 0D"), T0);
        Assert.Equal(Hex.Parse("04 21 00 04"), Next(server));
        Assert.True(server.TryPollEvent(out var e));
        Assert.Equal(AuthFailure.PeerRefused, Assert.IsType<AuthEvent.Failed>(e).Reason);
    }

    [Theory]
    [InlineData("02 21 00 05 01")] // wrong Identifier
    [InlineData("01 20 00 05 01")] // a Request, not a Response
    [InlineData("02 20 00")] // malformed
    [InlineData("02 20 00 05 02")] // Notification Response while waiting for Identity
    public void AuthenticatorWaitingForIdentity_IgnoresOtherPackets(string hex)
    {
        var server = new EapAuthenticator(new AuthenticatorSettings(), new ScriptedRandom([0x20]));
        server.Start(T0);
        Next(server);
        server.Receive(Hex.Parse(hex), T0);
        Assert.Null(Next(server));
        Assert.Equal(AuthStatus.InProgress, server.Status);
        Assert.Equal(T0 + TimeSpan.FromSeconds(3), server.NextDeadline);
    }

    [Theory]
    [InlineData("alice", "pw", AuthStatus.Succeeded)]
    [InlineData("alice", "bad", AuthStatus.Failed)]
    public void PassThrough_HostPlaysRadiusWithLocalEapMsChapV2(string user, string password, AuthStatus expected)
    {
        // The host relays every EAP Response to a "RADIUS server" — here a second EapAuthenticator in local
        // mode seeded like the outer one so that both pick the same first Identifier (RFC 3579 §2.1 flow).
        var settings = new AuthenticatorSettings();
        var radius = new EapAuthenticator(settings, new SeededRandom(5));
        radius.Start(T0);
        Next(radius); // its Request/Identity is the one the NAS already sent
        var outer = new EapAuthenticator(settings with { EapPassThrough = true }, new SeededRandom(5));
        var peer = new EapPeer(new AuthPeerSettings(user, password), new SeededRandom(9));
        var link = new AuthLink(outer, peer, request =>
        {
            radius.Receive(((EapPassThroughRequest)request).EapPacket, T0);
            AuthOutcome? outcome = null;
            while (radius.TryPollEvent(out var e))
            {
                if (e is AuthEvent.CredentialsReceived c)
                {
                    radius.Complete(MsChapV2Verifier.Verify("pw".AsSpan(), (MsChapV2Request)c.Request), T0);
                }
                else if (e is AuthEvent.Succeeded s)
                {
                    outcome = s.Outcome;
                }
            }

            var reply = Next(radius)!;
            return (EapCode)reply[0] switch
            {
                EapCode.Request => AuthDecision.EapContinue(reply),
                // RADIUS view: MS-MPPE-Recv-Key ‖ MS-MPPE-Send-Key = HLAK halves.
                EapCode.Success => AuthDecision.EapAccept(outcome!.Hlak.AsSpan(0, 16), outcome.Hlak.AsSpan(16), reply),
                _ => AuthDecision.EapReject(reply),
            };
        });
        link.Start();
        Assert.Equal(expected, outer.Status);
        Assert.Equal(expected, peer.Status);
        if (expected == AuthStatus.Succeeded)
        {
            Assert.Equal(AuthMethod.EapPassThrough, link.ServerOutcome().Method);
            Assert.Equal(user, link.ServerOutcome().UserName);
            Assert.Equal(link.ServerOutcome().Hlak, link.ClientOutcome().Hlak);
            // Relayed: Response/Identity, the MSCHAPv2 Response, the Success acknowledgement.
            Assert.Equal(3, link.ServerEvents.OfType<AuthEvent.CredentialsReceived>().Count());
        }
        else
        {
            Assert.Equal(691, Assert.IsType<AuthEvent.Failed>(link.ClientEvents.Last()).ErrorCode);
        }
    }

    [Fact]
    public void PassThrough_ContinueRequestIsRetransmitted()
    {
        var outer = new EapAuthenticator(new AuthenticatorSettings { EapPassThrough = true }, new ScriptedRandom([0x40]));
        outer.Start(T0);
        Next(outer);
        outer.Receive(Hex.Parse("02 40 00 06 01 61"), T0);
        Assert.True(outer.TryPollEvent(out var e));
        var relay = Assert.IsType<EapPassThroughRequest>(Assert.IsType<AuthEvent.CredentialsReceived>(e).Request);
        Assert.Equal(Hex.Parse("02 40 00 06 01 61"), relay.EapPacket);
        var next = Hex.Parse("01 41 00 06 0D 20");
        outer.Complete(AuthDecision.EapContinue(next), T0);
        Assert.Equal(next, Next(outer));
        outer.HandleTimeout(T0 + TimeSpan.FromSeconds(3));
        Assert.Equal(next, Next(outer));
        outer.Receive(Hex.Parse("02 41 00 06 03 1A"), T0);
        Assert.Equal(AuthStatus.AwaitingHost, outer.Status);
        // Host misuse: a Response is not something to send to the peer; the machine keeps waiting.
        Assert.Throws<ArgumentException>(() => outer.Complete(AuthDecision.EapContinue([2, 0, 0, 4]), T0));
        Assert.Equal(AuthStatus.AwaitingHost, outer.Status);
    }

    [Fact]
    public void PeerEapTlsRefused_ByOscStyleNak_ParsesAsLegacyNak()
    {
        Assert.Equal(OperationStatus.Done, EapPacket.TryRead(Hex.Parse("02 08 00 06 03 1A"), out var eap, out _));
        Assert.Equal(EapType.LegacyNak, eap.Type);
        Assert.Equal((byte)EapType.MsChapV2, eap.TypeData[0]);
    }
}
