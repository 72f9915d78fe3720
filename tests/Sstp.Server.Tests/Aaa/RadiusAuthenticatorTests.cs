using System.Buffers;
using System.Net;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Sstp.Protocol.Ppp.Auth;
using Sstp.Protocol.Radius;
using Sstp.TestKit;
using static Sstp.Server.Tests.Aaa.AaaTestSupport;
using RadiusSigner = Sstp.Protocol.Radius.RadiusAuthenticator;

namespace Sstp.Server.Tests.Aaa;

/// <summary>Sstp.Server.Aaa.RadiusAuthenticator: PPP credentials → Access-Request → decision, over a fake server.</summary>
public sealed class RadiusAuthenticatorTests
{
    // AUTH.md §4.3 (RFC 2759 §9.2): user "User", password "clientPass".
    private static readonly byte[] AuthenticatorChallenge = Hex.Parse("5B 5D 7C 7D 7B 3F 2F 3E 3C 2C 60 21 32 26 26 28");
    private static readonly byte[] PeerChallenge = Hex.Parse("21 40 23 24 25 5E 26 2A 28 29 5F 2B 3A 33 7C 7E");
    private static readonly byte[] NtResponse = Hex.Parse("82 30 9E CD 8D 70 8B 5E A0 8F AA 39 81 CD 83 54 42 33 11 4A 3D 85 D6 DF");
    private const string AuthenticatorResponse = "S=407A5589115FD0D6209F510FE9C04566932CDA56";

    // AUTH.md §5.1: server MasterSendKey = K(Magic3), MasterReceiveKey = K(Magic2); HLAK = Recv ‖ Send.
    private static readonly byte[] ServerSendKey = Hex.Parse("8b7cdc149b993a1ba118cb153f56dccb");
    private static readonly byte[] ServerRecvKey = Hex.Parse("d5f0e9521e3ea9589645e86051c82226");
    private static readonly byte[] ExpectedHlak = Hex.Parse("d5f0e9521e3ea9589645e86051c82226 8b7cdc149b993a1ba118cb153f56dccb");

    private static readonly RadiusNasAttributes Nas = new() { NasIdentifier = "sstp-test", CallingStationId = "192.0.2.7" };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>An Access-Accept the way FreeRADIUS answers MS-CHAPv2 (AUTH.md §7.4, §7.5).</summary>
    private static byte[] MsChapV2Accept(byte[] request, byte[] secret)
    {
        var requestAuthenticator = request.AsSpan(4, 16);
        var buffer = new byte[RadiusPacket.MaxLength];
        var writer = new RadiusPacketWriter(buffer, RadiusCode.AccessAccept, request[1], new byte[16]);
        writer.AddMessageAuthenticator();
        var success = new byte[1 + AuthenticatorResponse.Length];
        success[0] = 7;
        Encoding.ASCII.GetBytes(AuthenticatorResponse, success.AsSpan(1));
        writer.AddMicrosoft(MicrosoftAttributeType.MsChap2Success, success);
        Span<byte> key = stackalloc byte[MsMppeKey.GetEncodedLength(16)];
        MsMppeKey.Encrypt(ServerSendKey, [0x80, 0x01], secret, requestAuthenticator, key);
        writer.AddMicrosoft(MicrosoftAttributeType.MsMppeSendKey, key);
        MsMppeKey.Encrypt(ServerRecvKey, [0x80, 0x02], secret, requestAuthenticator, key);
        writer.AddMicrosoft(MicrosoftAttributeType.MsMppeRecvKey, key);
        writer.AddIPv4(RadiusAttributeType.FramedIpAddress, IPAddress.Parse("10.1.2.3"));
        writer.Add(RadiusAttributeType.Class, "billing-7"u8);
        int length = writer.Finish();
        RadiusSigner.SignResponse(buffer.AsSpan(0, length), requestAuthenticator, secret);
        return buffer[..length];
    }

    [Fact]
    public async Task MsChapV2Accept_GivesAuthenticatorResponseHlakAndAuthorization()
    {
        await using var server = new FakeRadiusServer(Secret) { Reply = MsChapV2Accept };
        await using var client = NewClient(server, TimeProvider.System);
        var authenticator = new Sstp.Server.Aaa.RadiusAuthenticator(client);

        var result = await authenticator.AuthenticateAsync(new MsChapV2Request("User", AuthenticatorChallenge, PeerChallenge, NtResponse, 7), Nas, null, Ct);

        Assert.NotNull(result);
        Assert.Equal(AuthDecisionKind.Accept, result.Decision.Kind);
        Assert.Equal(AuthenticatorResponse, result.Decision.AuthenticatorResponse);
        Assert.Equal(ExpectedHlak, result.Decision.Hlak.ToArray());
        Assert.Equal(IPAddress.Parse("10.1.2.3"), result.Authorization!.FramedIpAddress);
        Assert.Equal("billing-7"u8.ToArray(), Assert.Single(result.Authorization.Classes));

        // The request carried the RFC 2759 values (AUTH.md §7.3) and our NAS attributes.
        var request = Assert.Single(server.Received);
        Assert.Equal("User", Encoding.UTF8.GetString(Single(request, RadiusAttributeType.UserName)));
        Assert.Equal("192.0.2.7", Encoding.UTF8.GetString(Single(request, RadiusAttributeType.CallingStationId)));
        Assert.Equal(RadiusAttributeType.MessageAuthenticator, Attributes(request)[0].Type);
        Assert.Equal(OperationStatus.Done, RadiusPacket.TryRead(request, out var view, out _));
        Assert.True(view.TryGetMicrosoftAttribute(MicrosoftAttributeType.MsChapChallenge, out var challenge));
        Assert.Equal(AuthenticatorChallenge, challenge.ToArray());
        Assert.True(view.TryGetMicrosoftAttribute(MicrosoftAttributeType.MsChap2Response, out var response));
        Assert.Equal(NtResponse, response[26..].ToArray());
        Assert.Equal(PeerChallenge, response.Slice(2, 16).ToArray());
    }

    [Theory]
    [InlineData("right-password", AuthDecisionKind.Accept)]
    [InlineData("wrong-password", AuthDecisionKind.Reject)]
    public async Task Pap_ServerChecksTheHiddenPassword(string password, AuthDecisionKind expected)
    {
        await using var server = new FakeRadiusServer(Secret)
        {
            Reply = (request, secret) =>
            {
                var hidden = Single(request, RadiusAttributeType.UserPassword);
                RadiusUserPassword.TryUnhide(hidden, secret, request.AsSpan(4, 16), out var clear);
                var code = clear.AsSpan().SequenceEqual("right-password"u8) ? RadiusCode.AccessAccept : RadiusCode.AccessReject;
                return FakeRadiusServer.Sign(code, request, secret, true);
            },
        };
        await using var client = NewClient(server, TimeProvider.System);
        var authenticator = new Sstp.Server.Aaa.RadiusAuthenticator(client);

        var result = await authenticator.AuthenticateAsync(new PapRequest("alice", Encoding.UTF8.GetBytes(password)), Nas, null, Ct);

        Assert.Equal(expected, result!.Decision.Kind);
    }

    [Fact]
    public async Task EapChallenge_ReturnsStateWhichTheNextRequestEchoes()
    {
        byte[] identity = Hex.Parse("02 01 00 09 01 55 73 65 72"); // EAP-Response/Identity "User"
        byte[] eapRequest = Hex.Parse("01 02 00 06 1A 01");
        byte[] state = [0xAB, 0xCD, 0xEF];
        await using var server = new FakeRadiusServer(Secret)
        {
            Reply = (request, secret) =>
            {
                var buffer = new byte[RadiusPacket.MaxLength];
                var writer = new RadiusPacketWriter(buffer, RadiusCode.AccessChallenge, request[1], new byte[16]);
                writer.AddMessageAuthenticator();
                writer.AddEapMessage(eapRequest);
                writer.Add(RadiusAttributeType.State, state);
                int length = writer.Finish();
                RadiusSigner.SignResponse(buffer.AsSpan(0, length), request.AsSpan(4, 16), secret);
                return buffer[..length];
            },
        };
        await using var client = NewClient(server, TimeProvider.System);
        var authenticator = new Sstp.Server.Aaa.RadiusAuthenticator(client);

        var first = await authenticator.AuthenticateAsync(new EapPassThroughRequest(identity), Nas, null, Ct);
        Assert.Equal(AuthDecisionKind.EapContinue, first!.Decision.Kind);
        Assert.Equal(eapRequest, first.Decision.EapPacket);
        Assert.Equal(state, first.State);
        Assert.False(Has(server.Received[0], RadiusAttributeType.State));

        await authenticator.AuthenticateAsync(new EapPassThroughRequest(Hex.Parse("02 02 00 06 03 1A")), Nas, first.State, "User", Ct);
        var second = server.Received[1];
        Assert.Equal(state, Single(second, RadiusAttributeType.State));
        Assert.Equal("User", Encoding.UTF8.GetString(Single(second, RadiusAttributeType.UserName)));
    }

    [Fact]
    public async Task NoServerAnswers_ReturnsNull()
    {
        var time = new FakeTimeProvider();
        await using var server = new FakeRadiusServer(Secret, FakeRadiusMode.Silent);
        await using var client = NewClient(server, time, maxTries: 1);
        var authenticator = new Sstp.Server.Aaa.RadiusAuthenticator(client);

        var pending = authenticator.AuthenticateAsync(new PapRequest("alice", "pw"u8.ToArray()), Nas, null, Ct);
        await server.WaitForAsync(1);
        time.Advance(RetryTimeout);

        Assert.Null(await pending);
    }

    [Fact]
    public async Task UnencodableRequest_IsRejectedWithoutAsking()
    {
        await using var server = new FakeRadiusServer(Secret);
        await using var client = NewClient(server, TimeProvider.System);
        var authenticator = new Sstp.Server.Aaa.RadiusAuthenticator(client);

        var result = await authenticator.AuthenticateAsync(new PapRequest(new string('u', 300), "pw"u8.ToArray()), Nas, null, Ct);

        Assert.Equal(AuthDecisionKind.Reject, result!.Decision.Kind);
        Assert.Equal(0, server.Count);
    }
}
