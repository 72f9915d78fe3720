using Sstp.Protocol.Ppp.Auth;
using Sstp.TestKit;

namespace Sstp.Protocol.Tests.Ppp.Auth;

public class AuthDecisionTests
{
    [Theory]
    // SSTP.md §8.3 server rule: first 32 bytes of Recv ‖ Send, zero-padded.
    [InlineData(16, 16, "R16S16")]
    [InlineData(32, 32, "R32")]
    [InlineData(0, 0, "zeros")]
    [InlineData(8, 0, "R8pad")]
    public void ServerHlak_LengthNormalisation(int receiveLength, int sendLength, string expectation)
    {
        var receive = Enumerable.Range(1, receiveLength).Select(i => (byte)i).ToArray();
        var send = Enumerable.Range(101, sendLength).Select(i => (byte)i).ToArray();
        var hlak = AuthDecision.ServerHlak(receive, send);
        Assert.Equal(32, hlak.Length);
        byte[] expected = expectation switch
        {
            "R16S16" => [.. receive, .. send],
            "R32" => receive,
            "zeros" => new byte[32],
            _ => [.. receive, .. new byte[24]],
        };
        Assert.Equal(expected, hlak);
    }

    [Fact]
    public void AcceptMsChapV2_KeysServerView_HlakIsRecvThenSend()
    {
        var send = Hex.Parse("8b7cdc149b993a1ba118cb153f56dccb");
        var receive = Hex.Parse("d5f0e9521e3ea9589645e86051c82226");
        var decision = AuthDecision.AcceptMsChapV2("S=407A5589115FD0D6209F510FE9C04566932CDA56", send, receive, "hi");
        Assert.Equal(Hex.Parse("d5f0e9521e3ea9589645e86051c82226 8b7cdc149b993a1ba118cb153f56dccb"), decision.Hlak.ToArray());
        Assert.Equal("hi", decision.Message);
    }

    [Theory]
    [InlineData("S=407A")]
    [InlineData("X=407A5589115FD0D6209F510FE9C04566932CDA56")]
    public void AcceptMsChapV2_MalformedS_Throws(string response)
    {
        Assert.Throws<ArgumentException>(() => AuthDecision.AcceptMsChapV2WithHlak(response, new byte[32]));
    }

    [Fact]
    public void Reject_Defaults_691NoRetry()
    {
        var decision = AuthDecision.Reject();
        Assert.Equal((AuthDecisionKind.Reject, 691, false), (decision.Kind, decision.ErrorCode, decision.RetryAllowed));
        Assert.Equal(new byte[32], decision.Hlak.ToArray());
    }

    [Fact]
    public void PapVerifier_ConstantTimeCompare_RightAndWrong()
    {
        var request = new PapRequest("bob", "pw"u8.ToArray());
        Assert.Equal(AuthDecisionKind.Accept, PapVerifier.Verify("pw", request).Kind);
        Assert.Equal(AuthDecisionKind.Reject, PapVerifier.Verify("pW", request).Kind);
        Assert.Equal(AuthDecisionKind.Reject, PapVerifier.Verify("pw2", request).Kind);
    }
}
