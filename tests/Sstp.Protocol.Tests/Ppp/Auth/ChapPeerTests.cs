using System.Text;
using Sstp.Protocol.Ppp.Auth;
using Sstp.Protocol.Tests.Crypto;
using Sstp.TestKit;

namespace Sstp.Protocol.Tests.Ppp.Auth;

/// <summary>MS-CHAPv2 peer against the RFC 2759 §9.2 vector and the Success-message quirks of AUTH.md §4.1.</summary>
public class ChapPeerTests
{
    private static readonly TimeSpan Now = TimeSpan.FromSeconds(5);

    private static (ChapPeer Peer, byte[] Response) AnswerVectorChallenge(byte id = 0x2A)
    {
        var peer = new ChapPeer(new AuthPeerSettings("User", "clientPass"), new ScriptedRandom(MsChapV2Tests.PeerChallenge), ChapAlgorithm.MsChapV2);
        peer.Start(Now);
        var challenge = new byte[4 + 17];
        ChapPacket.WriteChallengeOrResponse(challenge, ChapCode.Challenge, id, MsChapV2Tests.AuthChallenge, default);
        peer.Receive(challenge, Now);
        var buffer = new byte[100];
        Assert.True(peer.TryPollTransmit(buffer, out int n));
        return (peer, buffer[..n]);
    }

    private static byte[] Success(byte id, string message)
    {
        var bytes = Encoding.ASCII.GetBytes(message);
        var packet = new byte[4 + bytes.Length];
        ChapPacket.WriteMessage(packet, ChapCode.Success, id, bytes);
        return packet;
    }

    [Fact]
    public void Challenge_Rfc2759Vector_ResponsePacketMatchesAuthMd()
    {
        // AUTH.md §4.3: the full CHAP Response packet for the §9.2 values.
        var (_, response) = AnswerVectorChallenge();
        Assert.Equal(Hex.Parse("02 2A 00 3A 31 21402324255E262A28295F2B3A337C7E 0000000000000000"
            + " 82309ECD8D708B5EA08FAA3981CD83544233114A3D85D6DF 00 55 73 65 72"), response);
    }

    [Theory]
    [InlineData(MsChapV2Tests.AuthResponse + " M=Welcome")]
    [InlineData(MsChapV2Tests.AuthResponse + "M=Welcome")] // Windows Server 2019, no space (ppp PR #156)
    [InlineData("S=407a5589115fd0d6209f510fe9c04566932cda56 M=hi")] // lower-case hex on receive
    [InlineData(MsChapV2Tests.AuthResponse + " M=This message is much longer than the forty-two bytes of the S= part")]
    [InlineData(MsChapV2Tests.AuthResponse)]
    public void Success_LenientVariants_SucceedWithSstp88cHlak(string message)
    {
        var (peer, _) = AnswerVectorChallenge();
        peer.Receive(Success(0x2A, message), Now);
        Assert.Equal(AuthStatus.Succeeded, peer.Status);
        Assert.True(peer.TryPollEvent(out var e));
        var outcome = Assert.IsType<AuthEvent.Succeeded>(e).Outcome;
        // SSTP.md §8.8(c): HLAK (client = server) for the RFC 2759 credentials.
        Assert.Equal(Hex.Parse("d5f0e9521e3ea9589645e86051c82226 8b7cdc149b993a1ba118cb153f56dccb"), outcome.Hlak);
    }

    [Theory]
    [InlineData("")]
    [InlineData("M=Welcome")]
    [InlineData("S=407A5589115FD0D6209F510FE9C04566932CDA57 M=Welcome")]
    [InlineData("S=407A5589115FD0D6209F510FE9C04566932CDA M=short")]
    public void Success_MissingOrWrongS_FailsAuthenticatorNotVerified(string message)
    {
        // RFC 2759 §5: the peer MUST verify S= and end the session if it is missing or wrong.
        var (peer, _) = AnswerVectorChallenge();
        peer.Receive(Success(0x2A, message), Now);
        Assert.Equal(AuthStatus.Failed, peer.Status);
        Assert.True(peer.TryPollEvent(out var e));
        Assert.Equal(AuthFailure.AuthenticatorNotVerified, Assert.IsType<AuthEvent.Failed>(e).Reason);
    }

    [Fact]
    public void Success_OtherIdentifier_Ignored()
    {
        var (peer, _) = AnswerVectorChallenge();
        peer.Receive(Success(0x2B, MsChapV2Tests.AuthResponse), Now);
        Assert.Equal(AuthStatus.InProgress, peer.Status);
    }

    [Fact]
    public void Failure_E691_ParsedIntoEvent()
    {
        var (peer, _) = AnswerVectorChallenge();
        var text = "E=691 R=0 C=00112233445566778899AABBCCDDEEFF V=3 M=Access denied"u8;
        var packet = new byte[4 + text.Length];
        ChapPacket.WriteMessage(packet, ChapCode.Failure, 0x2A, text);
        peer.Receive(packet, Now);
        Assert.True(peer.TryPollEvent(out var e));
        var failed = Assert.IsType<AuthEvent.Failed>(e);
        Assert.Equal((AuthFailure.BadCredentials, 691, "Access denied"), (failed.Reason, failed.ErrorCode, failed.Message));
    }

    [Fact]
    public void RepeatedChallenge_SameResponseResent()
    {
        var peer = new ChapPeer(new AuthPeerSettings("User", "clientPass"), new SeededRandom(3), ChapAlgorithm.MsChapV2);
        peer.Start(Now);
        var challenge = new byte[4 + 17];
        ChapPacket.WriteChallengeOrResponse(challenge, ChapCode.Challenge, 9, MsChapV2Tests.AuthChallenge, default);
        var buffer = new byte[100];
        peer.Receive(challenge, Now);
        Assert.True(peer.TryPollTransmit(buffer, out int n1));
        var first = buffer[..n1];
        peer.Receive(challenge, Now);
        Assert.True(peer.TryPollTransmit(buffer, out int n2));
        Assert.Equal(first, buffer[..n2]);
    }

    [Fact]
    public void Md5Challenge_AuthMdSection3Example_ResponseValue()
    {
        // AUTH.md §3: id 1, secret "secret", challenge 00..ff → 204bb003….
        var peer = new ChapPeer(new AuthPeerSettings("bob", "secret"), new SeededRandom(), ChapAlgorithm.Md5);
        peer.Start(Now);
        var challenge = new byte[4 + 17];
        ChapPacket.WriteChallengeOrResponse(challenge, ChapCode.Challenge, 1, Hex.Parse("00112233445566778899aabbccddeeff"), default);
        peer.Receive(challenge, Now);
        var buffer = new byte[100];
        Assert.True(peer.TryPollTransmit(buffer, out int n));
        Assert.Equal(Hex.Parse("02 01 00 18 10 204bb003332f6932b63b47c2c4e1a547 62 6F 62"), buffer[..n]);
    }

    [Fact]
    public void MsChapV2Challenge_WrongSize_Discarded()
    {
        var peer = new ChapPeer(new AuthPeerSettings("User", "clientPass"), new SeededRandom(), ChapAlgorithm.MsChapV2);
        peer.Start(Now);
        var challenge = new byte[4 + 9];
        ChapPacket.WriteChallengeOrResponse(challenge, ChapCode.Challenge, 1, new byte[8], default);
        peer.Receive(challenge, Now);
        Assert.False(peer.TryPollTransmit(new byte[100], out _));
    }

    [Fact]
    public void Constructor_UnknownAlgorithm_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ChapPeer(new AuthPeerSettings("a", "b"), new SeededRandom(), (ChapAlgorithm)0x80));
    }
}
