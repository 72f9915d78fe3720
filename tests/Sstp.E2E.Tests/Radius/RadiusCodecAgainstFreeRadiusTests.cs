using System.Net;
using System.Net.Sockets;
using System.Text;
using Sstp.Protocol.Crypto;
using Sstp.Protocol.Ppp.Auth;
using Sstp.Protocol.Radius;
using Sstp.TestKit;

namespace Sstp.E2E.Tests.Radius;

/// <summary>
/// Our RADIUS codec (<see cref="RadiusAuthMapper"/>) against the real FreeRADIUS, without the server: the
/// MS-CHAPv2 Access-Request we build is accepted, and the Access-Accept yields the authenticator response and
/// the HLAK a client derives from the password on its own (AUTH.md §7.3, §7.5; SSTP.md §8.3). This is the
/// part of the crypto binding that depends on RADIUS, checked where a failure is easy to read.
/// </summary>
public sealed class RadiusCodecAgainstFreeRadiusTests
{
    private static readonly byte[] Secret = Encoding.ASCII.GetBytes(FreeRadiusServer.Secret);

    [Fact(Timeout = 60_000)]
    public async Task MsChapV2_Accept_GivesTheClientsAuthenticatorResponseAndHlak_AndTheClass()
    {
        await using var radius = await FreeRadiusServer.StartAsync();
        var random = new SeededRandom(7);
        var (request, passwordHash) = MsChapV2For(RadiusUsers.Alice, RadiusUsers.AlicePassword, random);

        var result = await ExchangeAsync(radius, request, random);

        Assert.Equal(AuthDecisionKind.Accept, result.Decision.Kind);
        string expected = MsChapV2.GenerateAuthenticatorResponse(
            passwordHash, request.NtResponse, request.PeerChallenge, request.AuthenticatorChallenge, Encoding.UTF8.GetBytes(request.User));
        Assert.Equal(expected, result.Decision.AuthenticatorResponse);
        var hlak = new byte[32];
        MppeKeys.GetHlak(passwordHash, request.NtResponse, hlak);
        Assert.Equal(hlak, result.Decision.Hlak.ToArray());
        Assert.NotNull(result.Authorization);
        Assert.Contains(result.Authorization.Classes, c => c.AsSpan().SequenceEqual(Encoding.ASCII.GetBytes(RadiusUsers.AliceClass)));
    }

    [Fact(Timeout = 60_000)]
    public async Task MsChapV2_WrongPassword_RejectWithError691()
    {
        await using var radius = await FreeRadiusServer.StartAsync();
        var random = new SeededRandom(8);
        var (request, _) = MsChapV2For(RadiusUsers.Alice, "wrong", random);

        var result = await ExchangeAsync(radius, request, random);

        Assert.Equal(AuthDecisionKind.Reject, result.Decision.Kind);
        Assert.Equal(691, result.Decision.ErrorCode);
    }

    [Fact(Timeout = 60_000)]
    public async Task Pap_FramedIpAndSessionTimeout_AreMapped()
    {
        await using var radius = await FreeRadiusServer.StartAsync();
        var random = new SeededRandom(9);

        var bob = await ExchangeAsync(radius, new PapRequest(RadiusUsers.Bob, Encoding.UTF8.GetBytes(RadiusUsers.BobPassword)), random);
        var carol = await ExchangeAsync(radius, new PapRequest(RadiusUsers.Carol, Encoding.UTF8.GetBytes(RadiusUsers.CarolPassword)), random);

        Assert.Equal(AuthDecisionKind.Accept, bob.Decision.Kind);
        Assert.Equal(IPAddress.Parse(RadiusUsers.BobAddress), bob.Authorization?.FramedIpAddress);
        Assert.Equal(AuthDecisionKind.Accept, carol.Decision.Kind);
        Assert.Equal(TimeSpan.FromSeconds(RadiusUsers.CarolSessionTimeoutSeconds), carol.Authorization?.SessionTimeout);
    }

    private static (MsChapV2Request Request, byte[] PasswordHash) MsChapV2For(string user, string password, SeededRandom random)
    {
        var passwordHash = new byte[NtHash.Length];
        NtHash.Compute(password, passwordHash);
        var authenticatorChallenge = new byte[MsChapV2.ChallengeLength];
        var peerChallenge = new byte[MsChapV2.ChallengeLength];
        random.Fill(authenticatorChallenge);
        random.Fill(peerChallenge);
        var ntResponse = new byte[MsChapV2.NtResponseLength];
        MsChapV2.GenerateNtResponse(authenticatorChallenge, peerChallenge, Encoding.UTF8.GetBytes(user), passwordHash, ntResponse);
        return (new MsChapV2Request(user, authenticatorChallenge, peerChallenge, ntResponse, 1), passwordHash);
    }

    private static async Task<RadiusAuthResult> ExchangeAsync(FreeRadiusServer radius, AuthRequest request, SeededRandom random)
    {
        var nas = new RadiusNasAttributes { NasIdentifier = "sstp-e2e", NasIpAddress = IPAddress.Loopback };
        Assert.True(RadiusAuthMapper.TryBuildAccessRequest(request, nas, Secret, 42, random, out byte[]? packet));
        using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        await udp.SendAsync(packet, new IPEndPoint(IPAddress.Loopback, radius.AuthPort), TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        var answer = await udp.ReceiveAsync(timeout.Token);

        // Response Authenticator and Message-Authenticator both verify under the shared secret.
        Assert.Equal(RadiusVerifyError.None, RadiusAuthenticator.VerifyResponse(answer.Buffer, packet.AsSpan(4, 16), Secret, requireMessageAuthenticator: true));
        return RadiusAuthMapper.MapResponse(answer.Buffer, request, packet.AsSpan(4, 16), Secret);
    }
}
