using Sstp.Protocol.Crypto;
using Sstp.Protocol.Ppp.Auth;
using Sstp.TestKit;

namespace Sstp.Protocol.Tests.Ppp.Auth;

/// <summary>Authenticator ↔ peer pairs in memory for every method (brief §4; AUTH.md §2–§6).</summary>
public class AuthPairTests
{
    private const string Password = "clientPass";
    private static readonly byte[] ZeroHlak = new byte[32];

    public static TheoryData<string> Methods => ["pap", "chap-md5", "mschapv2", "eap-mschapv2"];

    internal static AuthLink CreatePair(string method, string user, string clientPassword, string serverPassword,
        AuthenticatorSettings? settings = null, int seed = 1)
    {
        settings ??= new AuthenticatorSettings();
        var peerSettings = new AuthPeerSettings(user, clientPassword);
        var serverRandom = new SeededRandom(seed);
        var clientRandom = new SeededRandom(seed + 100);
        return method switch
        {
            "pap" => new AuthLink(new PapAuthenticator(settings, serverRandom), new PapPeer(peerSettings, clientRandom),
                r => PapVerifier.Verify(serverPassword, (PapRequest)r)),
            "chap-md5" => new AuthLink(new ChapMd5Authenticator(settings, serverRandom), new ChapPeer(peerSettings, clientRandom, ChapAlgorithm.Md5),
                r => ChapMd5Verifier.Verify(serverPassword, (ChapMd5Request)r)),
            "mschapv2" => new AuthLink(new MsChapV2Authenticator(settings, serverRandom), new ChapPeer(peerSettings, clientRandom, ChapAlgorithm.MsChapV2),
                r => MsChapV2Verifier.Verify(serverPassword.AsSpan(), (MsChapV2Request)r)),
            "eap-mschapv2" => new AuthLink(new EapAuthenticator(settings, serverRandom), new EapPeer(peerSettings, clientRandom),
                r => MsChapV2Verifier.Verify(serverPassword.AsSpan(), (MsChapV2Request)r)),
            _ => throw new ArgumentOutOfRangeException(nameof(method)),
        };
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void RightPassword_BothSidesSucceed(string method)
    {
        var link = CreatePair(method, "alice", Password, Password);
        link.Start();
        Assert.Equal(AuthStatus.Succeeded, link.Server.Status);
        Assert.Equal(AuthStatus.Succeeded, link.Client.Status);
        Assert.Equal("alice", link.ServerOutcome().UserName);
        Assert.Equal("alice", link.ClientOutcome().UserName);
        Assert.Null(link.Server.NextDeadline);
        Assert.Null(link.Client.NextDeadline);
    }

    [Theory]
    [InlineData("pap")]
    [InlineData("chap-md5")]
    public void PapAndChapMd5_Success_HlakIsZeros(string method)
    {
        // SSTP.md §8.3: PAP and CHAP-MD5 give an all-zero HLAK.
        var link = CreatePair(method, "alice", Password, Password);
        link.Start();
        Assert.Equal(ZeroHlak, link.ServerOutcome().Hlak);
        Assert.Equal(ZeroHlak, link.ClientOutcome().Hlak);
    }

    [Theory]
    [InlineData("mschapv2", AuthMethod.MsChapV2)]
    [InlineData("eap-mschapv2", AuthMethod.EapMsChapV2)]
    public void MsChapV2Methods_Success_HlaksEqualAndMatchKeys(string method, AuthMethod expectedMethod)
    {
        var link = CreatePair(method, "alice", Password, Password);
        link.Start();
        var server = link.ServerOutcome();
        var client = link.ClientOutcome();
        Assert.Equal(expectedMethod, server.Method);
        Assert.Equal(server.Hlak, client.Hlak);
        Assert.NotEqual(ZeroHlak, server.Hlak);
        var request = Assert.IsType<MsChapV2Request>(link.ServerEvents.OfType<AuthEvent.CredentialsReceived>().Single().Request);
        var hash = new byte[16];
        NtHash.Compute(Password, hash);
        var expected = new byte[32];
        MppeKeys.GetHlak(hash, request.NtResponse, expected);
        Assert.Equal(expected, server.Hlak);
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void WrongPassword_BothSidesFail(string method)
    {
        var link = CreatePair(method, "alice", "wrong", Password);
        link.Start();
        Assert.Equal(AuthStatus.Failed, link.Server.Status);
        Assert.Equal(AuthStatus.Failed, link.Client.Status);
        var serverFail = Assert.IsType<AuthEvent.Failed>(link.ServerEvents.Last());
        var clientFail = Assert.IsType<AuthEvent.Failed>(link.ClientEvents.Last());
        Assert.Equal(AuthFailure.BadCredentials, serverFail.Reason);
        Assert.Equal(AuthFailure.BadCredentials, clientFail.Reason);
    }

    [Theory]
    [InlineData("mschapv2")]
    [InlineData("eap-mschapv2")]
    public void MsChapV2Methods_WrongPassword_PeerSeesE691(string method)
    {
        var link = CreatePair(method, "alice", "wrong", Password);
        link.Start();
        var clientFail = Assert.IsType<AuthEvent.Failed>(link.ClientEvents.Last());
        Assert.Equal(691, clientFail.ErrorCode);
        Assert.Equal("Authentication failed", clientFail.Message);
    }

    [Theory]
    [InlineData("mschapv2")]
    [InlineData("eap-mschapv2")]
    public void MsChapV2Methods_DomainUser_HashUsesPlainNameAndRequestKeepsDomain(string method)
    {
        var link = CreatePair(method, "CORP\\alice", Password, Password);
        link.Start();
        Assert.Equal(AuthStatus.Succeeded, link.Client.Status);
        var request = Assert.IsType<MsChapV2Request>(link.ServerEvents.OfType<AuthEvent.CredentialsReceived>().Single().Request);
        Assert.Equal("CORP\\alice", request.User);
        Assert.Equal("CORP\\alice", link.ServerOutcome().UserName);
    }

    [Fact]
    public void EapMsChapV2_WireSequence_MatchesAuthMdSection61()
    {
        var link = CreatePair("eap-mschapv2", "alice", Password, Password);
        link.Start();
        // Server: Request/Identity, Request/MSCHAPv2 Challenge, Request/MSCHAPv2 Success, EAP-Success.
        Assert.Equal(4, link.ToClient.Count);
        Assert.Equal([1, 1], link.ToClient[0][0..1].Concat(link.ToClient[0][4..5]).ToArray());
        Assert.Equal(26, link.ToClient[1][4]);
        Assert.Equal(1, link.ToClient[1][5]);
        Assert.Equal(3, link.ToClient[2][5]);
        Assert.Equal(3, link.ToClient[3][0]);
        // Peer: Response/Identity, Response/MSCHAPv2 Response, one-byte Success acknowledgement "1A 03".
        Assert.Equal(3, link.ToServer.Count);
        Assert.Equal([0x1A, 0x03], link.ToServer[2][4..]);
        // Each Response carries its Request's Identifier; EAP-Success carries the acknowledgement's.
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(link.ToClient[i][1], link.ToServer[i][1]);
        }

        Assert.Equal(link.ToServer[2][1], link.ToClient[3][1]);
    }
}
