using System.Buffers;
using System.Net;
using System.Text;
using Sstp.Protocol.Ppp.Auth;
using Sstp.Protocol.Radius;
using Sstp.TestKit;

namespace Sstp.Protocol.Tests.Radius;

public class RadiusAuthMapperTests
{
    private static readonly byte[] Secret = "testing123"u8.ToArray();
    private static readonly byte[] CountingAuthenticator = Hex.Parse("00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F");
    private static readonly byte[] SendKey = Hex.Parse("8b7cdc149b993a1ba118cb153f56dccb");
    private static readonly byte[] RecvKey = Hex.Parse("d5f0e9521e3ea9589645e86051c82226");
    private const string AuthenticatorResponse = "S=407A5589115FD0D6209F510FE9C04566932CDA56";

    private static readonly RadiusNasAttributes Nas = new()
    {
        NasIdentifier = "sstp1",
        NasIpAddress = IPAddress.Parse("192.0.2.10"),
        NasPortId = "sstp0",
        CallingStationId = "198.51.100.7",
        CalledStationId = "192.0.2.10",
    };

    private static readonly MsChapV2Request MsChap = new(
        "DOMAIN\\User",
        Hex.Parse("5B5D7C7D7B3F2F3E3C2C602132262628"),
        Hex.Parse("21402324255E262A28295F2B3A337C7E"),
        Hex.Parse("82309ECD8D708B5EA08FAA3981CD83544233114A3D85D6DF"),
        0x2A);

    [Fact]
    public void Pap_AccessRequest_MessageAuthenticatorFirst_PasswordHidden()
    {
        var request = new PapRequest("bob", "arctangent"u8.ToArray());
        var packet = BuildRequest(request);
        var attributes = RadiusReference.Attributes(packet);
        Assert.Equal((byte)RadiusAttributeType.MessageAuthenticator, attributes[0].Type);
        var ra = packet[4..20];
        Assert.Equal(RadiusReference.MessageAuthenticator(packet, ra, Secret), attributes[0].Value);
        Assert.Equal("bob"u8.ToArray(), Value(attributes, RadiusAttributeType.UserName));
        Assert.Equal(OperationStatus.Done, RadiusUserPassword.TryUnhide(Value(attributes, RadiusAttributeType.UserPassword), Secret, ra, out var password));
        Assert.Equal("arctangent"u8.ToArray(), password);
        // AUTH.md §7.3 common attributes.
        Assert.Equal(Hex.Parse("00 00 00 05"), Value(attributes, RadiusAttributeType.NasPortType));
        Assert.Equal(Hex.Parse("00 00 00 02"), Value(attributes, RadiusAttributeType.ServiceType));
        Assert.Equal(Hex.Parse("00 00 00 01"), Value(attributes, RadiusAttributeType.FramedProtocol));
        Assert.Equal(Hex.Parse("C0 00 02 0A"), Value(attributes, RadiusAttributeType.NasIpAddress));
        Assert.Equal("198.51.100.7"u8.ToArray(), Value(attributes, RadiusAttributeType.CallingStationId));
    }

    [Fact]
    public void ChapMd5_AccessRequest_ChapPasswordAndChallenge()
    {
        var challenge = Enumerable.Range(0, 16).Select(i => (byte)(0xA0 + i)).ToArray();
        var response = Enumerable.Range(0, 16).Select(i => (byte)i).ToArray();
        var attributes = RadiusReference.Attributes(BuildRequest(new ChapMd5Request("bob", 0x11, challenge, response)));
        Assert.Equal(new byte[] { 0x11 }.Concat(response).ToArray(), Value(attributes, RadiusAttributeType.ChapPassword));
        Assert.Equal(challenge, Value(attributes, RadiusAttributeType.ChapChallenge));
    }

    [Fact]
    public void MsChapV2_AccessRequest_Rfc2548Attributes()
    {
        var packet = BuildRequest(MsChap);
        Assert.Equal(OperationStatus.Done, RadiusPacket.TryRead(packet, out var view, out _));
        Assert.True(view.TryGetAttribute(RadiusAttributeType.UserName, out var user));
        Assert.Equal("DOMAIN\\User", Encoding.UTF8.GetString(user));
        Assert.True(view.TryGetMicrosoftAttribute(MicrosoftAttributeType.MsChapChallenge, out var challenge));
        Assert.Equal(MsChap.AuthenticatorChallenge, challenge.ToArray());
        Assert.True(view.TryGetMicrosoftAttribute(MicrosoftAttributeType.MsChap2Response, out var response));
        Assert.Equal(50, response.Length);
        Assert.Equal(0x2A, response[0]);
        Assert.Equal(MsChap.PeerChallenge, response.Slice(2, 16).ToArray());
        Assert.Equal(MsChap.NtResponse, response.Slice(26, 24).ToArray());
    }

    [Fact]
    public void Eap_AccessRequest_IdentityAsUserName_SplitMessage_State()
    {
        // RFC 3579 §2.1/§3.1: User-Name from Response/Identity; EAP-Message pieces; State echoed.
        var identity = Hex.Parse("02 05 00 08 01 62 6F 62");
        var state = Hex.Parse("AA BB CC");
        var packet = BuildRequest(new EapPassThroughRequest(identity), state);
        Assert.Equal(OperationStatus.Done, RadiusPacket.TryRead(packet, out var view, out _));
        Assert.True(view.TryGetAttribute(RadiusAttributeType.UserName, out var user));
        Assert.Equal("bob"u8.ToArray(), user.ToArray());
        Assert.Equal(identity, view.GetEapMessage());
        Assert.True(view.TryGetAttribute(RadiusAttributeType.State, out var echoed));
        Assert.Equal(state, echoed.ToArray());
        Assert.Equal(RadiusVerifyError.None, RadiusAuthenticator.VerifyRequest(packet, Secret, true));
    }

    [Fact]
    public void Eap_LongPacket_SplitInOrder()
    {
        var eap = new byte[600];
        new SeededRandom(3).Fill(eap);
        eap[0] = 2;
        eap[2] = 0x02;
        eap[3] = 0x58;
        eap[4] = 25;
        var packet = BuildRequest(new EapPassThroughRequest(eap), default, "bob");
        Assert.Equal(OperationStatus.Done, RadiusPacket.TryRead(packet, out var view, out _));
        Assert.Equal(3, view.CountAttributes(RadiusAttributeType.EapMessage));
        Assert.Equal(eap, view.GetEapMessage());
    }

    public static TheoryData<AuthRequest> Unencodable => new()
    {
        new PapRequest(new string('x', 254), [1]),
        new PapRequest("bob", new byte[129]),
        new ChapMd5Request("bob", 1, new byte[16], new byte[15]),
        new MsChapV2Request("bob", new byte[16], new byte[16], new byte[23], 1),
        new EapPassThroughRequest(new byte[4000]),
        new EapPassThroughRequest([]),
    };

    [Theory]
    [MemberData(nameof(Unencodable))]
    public void TryBuildAccessRequest_Unencodable_FalseNoThrow(AuthRequest request) =>
        Assert.False(RadiusAuthMapper.TryBuildAccessRequest(request, Nas, Secret, 1, new SeededRandom(), out _, default, "bob"));

    [Fact]
    public void MsChapV2_Accept_AuthenticatorResponseAndHlakFromKeys()
    {
        // AUTH.md §7.4/§7.5/§8: HLAK = Recv ‖ Send = K(Magic2) ‖ K(Magic3) (AUTH.md §5.1).
        var reply = RadiusReplyBuilder.Reply(RadiusCode.AccessAccept, 1, CountingAuthenticator, Secret, (ref RadiusPacketWriter w) =>
        {
            w.AddMicrosoft(MicrosoftAttributeType.MsChap2Success, new byte[] { 0x2A }.Concat(Encoding.ASCII.GetBytes(AuthenticatorResponse)).ToArray());
            w.AddMicrosoft(MicrosoftAttributeType.MsMppeSendKey, Hex.Parse("8001 222f78911e81bc02d486a8a0a785432f 23e948690cf7b68255e9483cdb57bb05"));
            w.AddMicrosoft(MicrosoftAttributeType.MsMppeRecvKey, Hex.Parse("8002 079eced7be05a21b6a76b65390a2fa26 897891980ea648fb09e7e96fef919a30"));
            w.AddIPv4(RadiusAttributeType.FramedIpAddress, IPAddress.Parse("10.8.0.5"));
            w.AddUInt32(RadiusAttributeType.SessionTimeout, 3600);
        });
        var result = RadiusAuthMapper.MapResponse(reply, MsChap, CountingAuthenticator, Secret);
        Assert.Equal(AuthDecisionKind.Accept, result.Decision.Kind);
        Assert.Equal(AuthenticatorResponse, result.Decision.AuthenticatorResponse);
        Assert.Equal(RecvKey.Concat(SendKey).ToArray(), result.Decision.Hlak.ToArray());
        Assert.Equal(IPAddress.Parse("10.8.0.5"), result.Authorization!.FramedIpAddress);
        Assert.Equal(TimeSpan.FromHours(1), result.Authorization.SessionTimeout);
    }

    [Fact]
    public void MsChapV2_AcceptWithoutSuccess_Reject()
    {
        var reply = RadiusReplyBuilder.Reply(RadiusCode.AccessAccept, 1, CountingAuthenticator, Secret);
        Assert.Equal(AuthDecisionKind.Reject, RadiusAuthMapper.MapResponse(reply, MsChap, CountingAuthenticator, Secret).Decision.Kind);
    }

    [Fact]
    public void MsChapV2_RejectWithError_CodeAndRetry()
    {
        var reply = RadiusReplyBuilder.Reply(RadiusCode.AccessReject, 1, CountingAuthenticator, Secret, (ref RadiusPacketWriter w) =>
            w.AddMicrosoft(MicrosoftAttributeType.MsChapError, new byte[] { 0x2A }.Concat("E=649 R=1 V=3 M=No dial-in"u8.ToArray()).ToArray()));
        var decision = RadiusAuthMapper.MapResponse(reply, MsChap, CountingAuthenticator, Secret).Decision;
        Assert.Equal(AuthDecisionKind.Reject, decision.Kind);
        Assert.Equal(649, decision.ErrorCode);
        Assert.True(decision.RetryAllowed);
        Assert.Equal("No dial-in", decision.Message);
    }

    [Fact]
    public void MsChapV2_RejectWithoutError_Default691()
    {
        var reply = RadiusReplyBuilder.Reply(RadiusCode.AccessReject, 1, CountingAuthenticator, Secret);
        Assert.Equal(AuthDecision.DefaultErrorCode, RadiusAuthMapper.MapResponse(reply, MsChap, CountingAuthenticator, Secret).Decision.ErrorCode);
    }

    [Theory]
    [InlineData(RadiusCode.AccessAccept, AuthDecisionKind.Accept)]
    [InlineData(RadiusCode.AccessReject, AuthDecisionKind.Reject)]
    [InlineData(RadiusCode.AccessChallenge, AuthDecisionKind.Reject)] // no challenge for PAP
    [InlineData(RadiusCode.AccountingResponse, AuthDecisionKind.Reject)]
    public void Pap_Answers_MapToDecision(RadiusCode code, AuthDecisionKind kind)
    {
        var reply = RadiusReplyBuilder.Reply(code, 1, CountingAuthenticator, Secret, (ref RadiusPacketWriter w) => w.AddString(RadiusAttributeType.ReplyMessage, "hi"));
        var result = RadiusAuthMapper.MapResponse(reply, new PapRequest("bob", [1]), CountingAuthenticator, Secret);
        Assert.Equal(kind, result.Decision.Kind);
        Assert.Equal("hi", result.ReplyMessage);
        Assert.Equal(kind == AuthDecisionKind.Accept, result.Authorization is not null);
    }

    [Fact]
    public void Eap_Challenge_ContinueWithConcatenatedMessageAndState()
    {
        var eapRequest = new byte[300];
        eapRequest[0] = 1;
        eapRequest[2] = 0x01;
        eapRequest[3] = 0x2C;
        eapRequest[4] = 26;
        var reply = RadiusReplyBuilder.Reply(RadiusCode.AccessChallenge, 1, CountingAuthenticator, Secret, (ref RadiusPacketWriter w) =>
        {
            w.AddEapMessage(eapRequest);
            w.Add(RadiusAttributeType.State, [1, 2, 3]);
        });
        var result = RadiusAuthMapper.MapResponse(reply, new EapPassThroughRequest(Hex.Parse("02 05 00 08 01 62 6F 62")), CountingAuthenticator, Secret);
        Assert.Equal(AuthDecisionKind.EapContinue, result.Decision.Kind);
        Assert.Equal(eapRequest, result.Decision.EapPacket);
        Assert.Equal(new byte[] { 1, 2, 3 }, result.State);
    }

    [Fact]
    public void Eap_Accept_SuccessAndHlakFrom32ByteRecvKey()
    {
        // AUTH.md §7.4/§8: for EAP the 32-byte Recv-Key alone is the HLAK (MSK[0..31]).
        var msk = Enumerable.Range(0, 32).Select(i => (byte)(i * 3)).ToArray();
        var recv = new byte[50];
        MsMppeKey.Encrypt(msk, [0x80, 0x05], Secret, CountingAuthenticator, recv);
        var reply = RadiusReplyBuilder.Reply(RadiusCode.AccessAccept, 1, CountingAuthenticator, Secret, (ref RadiusPacketWriter w) =>
        {
            w.AddEapMessage(Hex.Parse("03 07 00 04"));
            w.AddMicrosoft(MicrosoftAttributeType.MsMppeRecvKey, recv);
        });
        var decision = RadiusAuthMapper.MapResponse(reply, new EapPassThroughRequest(Hex.Parse("02 07 00 06 1A 03")), CountingAuthenticator, Secret).Decision;
        Assert.Equal(AuthDecisionKind.Accept, decision.Kind);
        Assert.Equal(msk, decision.Hlak.ToArray());
        Assert.Equal(Hex.Parse("03 07 00 04"), decision.EapPacket);
    }

    [Fact]
    public void Eap_Reject_ForwardsFailure()
    {
        var reply = RadiusReplyBuilder.Reply(RadiusCode.AccessReject, 1, CountingAuthenticator, Secret, (ref RadiusPacketWriter w) => w.AddEapMessage(Hex.Parse("04 07 00 04")));
        var decision = RadiusAuthMapper.MapResponse(reply, new EapPassThroughRequest(Hex.Parse("02 07 00 06 1A 03")), CountingAuthenticator, Secret).Decision;
        Assert.Equal(AuthDecisionKind.Reject, decision.Kind);
        Assert.Equal(Hex.Parse("04 07 00 04"), decision.EapPacket);
    }

    [Fact]
    public void MapResponse_Malformed_RejectNoThrow()
    {
        var result = RadiusAuthMapper.MapResponse(Hex.Parse("02 01 00 30"), new PapRequest("bob", [1]), CountingAuthenticator, Secret);
        Assert.Equal(AuthDecisionKind.Reject, result.Decision.Kind);
    }

    [Fact]
    public void Authorization_AllFields_Collected()
    {
        var reply = RadiusReplyBuilder.Reply(RadiusCode.AccessAccept, 1, CountingAuthenticator, Secret, (ref RadiusPacketWriter w) =>
        {
            w.AddIPv4(RadiusAttributeType.FramedIpAddress, IPAddress.Parse("255.255.255.254"));
            w.AddIPv6Prefix(RadiusAttributeType.FramedIpv6Prefix, IPAddress.Parse("2001:db8:5::"), 64);
            w.AddIPv6Prefix(RadiusAttributeType.DelegatedIpv6Prefix, IPAddress.Parse("2001:db8:100::"), 56);
            w.AddIPv6(RadiusAttributeType.DnsServerIpv6Address, IPAddress.Parse("2001:db8::53"));
            w.AddUInt32(RadiusAttributeType.IdleTimeout, 600);
            w.AddUInt32(RadiusAttributeType.AcctInterimInterval, 300);
            w.Add(RadiusAttributeType.Class, [9, 9]);
            w.Add(RadiusAttributeType.Class, [8]);
            w.AddMicrosoft(MicrosoftAttributeType.MsPrimaryDnsServer, [10, 0, 0, 53]);
            w.AddMicrosoft(MicrosoftAttributeType.MsSecondaryDnsServer, [10, 0, 1, 53]);
            w.AddUInt32(RadiusAttributeType.FramedMtu, 1400);
            w.AddString(RadiusAttributeType.FilterId, "std");
        });
        var auth = RadiusAuthMapper.MapResponse(reply, new PapRequest("bob", [1]), CountingAuthenticator, Secret).Authorization!;
        Assert.Equal(IPAddress.Parse("255.255.255.254"), auth.FramedIpAddress);
        Assert.Equal("2001:db8:5::/64", auth.FramedIpv6Prefix!.ToString());
        Assert.Equal("2001:db8:100::/56", auth.DelegatedIpv6Prefix!.ToString());
        Assert.Equal([IPAddress.Parse("2001:db8::53")], auth.Ipv6DnsServers);
        Assert.Equal(TimeSpan.FromMinutes(10), auth.IdleTimeout);
        Assert.Equal(TimeSpan.FromMinutes(5), auth.AcctInterimInterval);
        Assert.Equal([[9, 9], [8]], auth.Classes);
        Assert.Equal([IPAddress.Parse("10.0.0.53"), IPAddress.Parse("10.0.1.53")], auth.DnsServers);
        Assert.Equal(1400, auth.FramedMtu);
        Assert.Equal("std", auth.FilterId);
        Assert.Null(auth.SessionTimeout);
    }

    private static byte[] BuildRequest(AuthRequest request, byte[]? state = null, string? userName = null)
    {
        Assert.True(RadiusAuthMapper.TryBuildAccessRequest(request, Nas, Secret, 1, new SeededRandom(5), out var packet, state, userName));
        return packet;
    }

    private static byte[] Value(List<(byte Type, byte[] Value)> attributes, RadiusAttributeType type) =>
        attributes.First(a => a.Type == (byte)type).Value;
}
