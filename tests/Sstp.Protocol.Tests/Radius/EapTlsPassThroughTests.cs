using System.Buffers;
using Sstp.Protocol.Ppp.Auth;
using Sstp.Protocol.Radius;
using Sstp.TestKit;

namespace Sstp.Protocol.Tests.Radius;

/// <summary>
/// EAP-TLS (type 13, RFC 5216) through the pass-through: the server never looks inside, so fragments with the L and M
/// flags go to RADIUS and back byte for byte, each round with the State of the last challenge. (The real method runs
/// end to end with sstpc and FreeRADIUS in the E2E suite.)
/// </summary>
public class EapTlsPassThroughTests
{
    private static readonly byte[] Secret = "testing123"u8.ToArray();
    private static readonly byte[] RequestAuthenticator = Hex.Parse("0F 0E 0D 0C 0B 0A 09 08 07 06 05 04 03 02 01 00");

    /// <summary>An EAP-TLS packet: Code, Id, Length, Type 13, Flags (L|M), TLS Message Length, then TLS bytes.</summary>
    private static byte[] EapTls(byte code, byte id, int tlsBytes, int seed)
    {
        var packet = new byte[10 + tlsBytes];
        new SeededRandom(seed).Fill(packet);
        packet[0] = code;
        packet[1] = id;
        packet[2] = (byte)(packet.Length >> 8);
        packet[3] = (byte)packet.Length;
        packet[4] = (byte)EapType.Tls;
        packet[5] = 0xC0;   // L and M: the first fragment of a longer TLS flight
        packet[6] = 0;
        packet[7] = 0;
        packet[8] = 0x10;
        packet[9] = 0x00;
        return packet;
    }

    [Fact]
    public void Response_RelayedUnchanged_WithStateAndIdentity()
    {
        var response = EapTls(2, 0x49, 1014, 7);
        var state = Hex.Parse("5A 11 22 33 44 55 66 77");

        Assert.True(RadiusAuthMapper.TryBuildAccessRequest(
            new EapPassThroughRequest(response), new RadiusNasAttributes { NasIdentifier = "sstp1" }, Secret, 9, new SeededRandom(), out var packet, state, "ivan"));

        Assert.Equal(OperationStatus.Done, RadiusPacket.TryRead(packet, out var view, out _));
        Assert.Equal(response, view.GetEapMessage());                   // split over several EAP-Message attributes, rejoined equal
        Assert.True(view.CountAttributes(RadiusAttributeType.EapMessage) >= 4);
        Assert.True(view.TryGetAttribute(RadiusAttributeType.State, out var echoed));
        Assert.Equal(state, echoed.ToArray());
        Assert.True(view.TryGetAttribute(RadiusAttributeType.UserName, out var user));
        Assert.Equal("ivan"u8.ToArray(), user.ToArray());
        Assert.Equal(RadiusVerifyError.None, RadiusAuthenticator.VerifyRequest(packet, Secret, true));
    }

    [Fact]
    public void Challenge_RelayedUnchanged_NewStateKept()
    {
        var request = EapTls(1, 0x4A, 1200, 8);
        var reply = RadiusReplyBuilder.Reply(RadiusCode.AccessChallenge, 9, RequestAuthenticator, Secret, (ref RadiusPacketWriter w) =>
        {
            w.AddEapMessage(request);
            w.Add(RadiusAttributeType.State, [0x5A, 0x12]);
        });

        var result = RadiusAuthMapper.MapResponse(reply, new EapPassThroughRequest(EapTls(2, 0x49, 20, 9)), RequestAuthenticator, Secret);

        Assert.Equal(AuthDecisionKind.EapContinue, result.Decision.Kind);
        Assert.Equal(request, result.Decision.EapPacket);
        Assert.Equal(new byte[] { 0x5A, 0x12 }, result.State);
    }
}
