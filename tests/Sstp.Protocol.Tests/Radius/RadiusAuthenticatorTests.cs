using Sstp.Protocol.Radius;
using Sstp.TestKit;

namespace Sstp.Protocol.Tests.Radius;

public class RadiusAuthenticatorTests
{
    private static readonly byte[] Secret = "testing123"u8.ToArray();
    private static readonly byte[] RequestAuthenticator = Hex.Parse("0f403f9473978057bd83d5cb98f4227a");

    [Fact]
    public void SignAccessRequest_MessageAuthenticatorFirst_MatchesIndependentHmac()
    {
        // AUTH.md §7.1 / RFC 3579 §3.2: HMAC-MD5(secret, packet with MA = 16 zeros), authenticator as sent.
        var packet = Build(RadiusCode.AccessRequest, 5, RequestAuthenticator, withMessageAuthenticator: true);
        RadiusAuthenticator.SignAccessRequest(packet, Secret);
        Assert.Equal(RequestAuthenticator, packet[4..20]);
        Assert.Equal((byte)RadiusAttributeType.MessageAuthenticator, packet[20]);
        Assert.Equal(RadiusReference.MessageAuthenticator(packet, RequestAuthenticator, Secret), packet[22..38]);
        Assert.Equal(RadiusVerifyError.None, RadiusAuthenticator.VerifyRequest(packet, Secret, requireMessageAuthenticator: true));
    }

    [Fact]
    public void SignResponse_MessageAuthenticatorThenResponseAuthenticator_MatchIndependentComputation()
    {
        // RFC 3579 §3.2: MA over the reply with the *request* authenticator, then the Response Authenticator
        // MD5(Code ‖ Id ‖ Length ‖ RequestAuth ‖ Attributes ‖ Secret) over the packet including that MA.
        var packet = Build(RadiusCode.AccessAccept, 5, new byte[16], withMessageAuthenticator: true);
        RadiusAuthenticator.SignResponse(packet, RequestAuthenticator, Secret);
        int ma = RadiusReference.FindValue(packet, 80);
        Assert.Equal(RadiusReference.MessageAuthenticator(packet, RequestAuthenticator, Secret), packet[ma..(ma + 16)]);
        Assert.Equal(RadiusReference.ResponseAuthenticator(packet, RequestAuthenticator, Secret), packet[4..20]);
        Assert.Equal(RadiusVerifyError.None, RadiusAuthenticator.VerifyResponse(packet, RequestAuthenticator, Secret, true));
    }

    [Theory]
    [InlineData(RadiusCode.AccountingRequest)]
    [InlineData(RadiusCode.DisconnectRequest)]
    [InlineData(RadiusCode.CoARequest)]
    public void SignRequest_ZeroAuthenticatorMd5_MatchesIndependentComputation(RadiusCode code)
    {
        // RFC 2866 §3, RFC 5176 §2.3/§3.1: MD5 over the packet with 16 zero octets in the field; MA with zeros too.
        var packet = Build(code, 9, RequestAuthenticator, withMessageAuthenticator: true);
        RadiusAuthenticator.SignRequest(packet, Secret);
        int ma = RadiusReference.FindValue(packet, 80);
        Assert.Equal(RadiusReference.MessageAuthenticator(packet, new byte[16], Secret), packet[ma..(ma + 16)]);
        Assert.Equal(RadiusReference.ResponseAuthenticator(packet, new byte[16], Secret), packet[4..20]);
        Assert.Equal(RadiusVerifyError.None, RadiusAuthenticator.VerifyRequest(packet, Secret, requireMessageAuthenticator: true));
    }

    public static TheoryData<string, RadiusVerifyError> Tampering => new()
    {
        { "none", RadiusVerifyError.None },
        { "attribute", RadiusVerifyError.BadAuthenticator },
        { "authenticator", RadiusVerifyError.BadAuthenticator },
        { "secret", RadiusVerifyError.BadAuthenticator },
        { "ma-resigned", RadiusVerifyError.BadMessageAuthenticator },
        { "no-ma", RadiusVerifyError.MissingMessageAuthenticator },
        { "two-ma", RadiusVerifyError.MalformedMessageAuthenticator },
        { "truncated", RadiusVerifyError.Malformed },
    };

    [Theory]
    [MemberData(nameof(Tampering))]
    public void VerifyResponse_Tampered_ExactError(string tamper, RadiusVerifyError expected)
    {
        var packet = Build(RadiusCode.AccessAccept, 5, new byte[16], withMessageAuthenticator: tamper != "no-ma", twoMessageAuthenticators: tamper == "two-ma");
        if (tamper == "two-ma")
        {
            // Sign by hand: the signer refuses a packet with two MAs.
            RadiusReference.ResponseAuthenticator(packet, RequestAuthenticator, Secret).CopyTo(packet, 4);
        }
        else
        {
            RadiusAuthenticator.SignResponse(packet, RequestAuthenticator, Secret);
        }

        var secret = Secret;
        switch (tamper)
        {
            case "attribute":
                packet[^1] ^= 1;
                break;
            case "authenticator":
                packet[4] ^= 1;
                break;
            case "secret":
                secret = "other"u8.ToArray();
                break;
            case "ma-resigned":
                // A forged MA with a recomputed Response Authenticator: only the HMAC catches it.
                packet[RadiusReference.FindValue(packet, 80)] ^= 1;
                RadiusReference.ResponseAuthenticator(packet, RequestAuthenticator, Secret).CopyTo(packet, 4);
                break;
            case "truncated":
                packet = packet[..^1];
                break;
            default:
                break;
        }

        Assert.Equal(expected, RadiusAuthenticator.VerifyResponse(packet, RequestAuthenticator, secret, requireMessageAuthenticator: true));
    }

    [Fact]
    public void VerifyResponse_NoMessageAuthenticator_AllowedWhenNotRequired()
    {
        var packet = Build(RadiusCode.AccountingResponse, 5, new byte[16], withMessageAuthenticator: false);
        RadiusAuthenticator.SignResponse(packet, RequestAuthenticator, Secret);
        Assert.Equal(RadiusVerifyError.None, RadiusAuthenticator.VerifyResponse(packet, RequestAuthenticator, Secret, requireMessageAuthenticator: false));
    }

    [Fact]
    public void VerifyRequest_TamperedAccounting_BadAuthenticator()
    {
        var packet = Build(RadiusCode.AccountingRequest, 9, new byte[16], withMessageAuthenticator: false);
        RadiusAuthenticator.SignRequest(packet, Secret);
        packet[^1] ^= 1;
        Assert.Equal(RadiusVerifyError.BadAuthenticator, RadiusAuthenticator.VerifyRequest(packet, Secret, false));
    }

    [Fact]
    public void CreateRequestAuthenticator_UsesRandomSource()
    {
        var fixedBytes = Hex.Parse("00112233445566778899AABBCCDDEEFF");
        Assert.Equal(fixedBytes, RadiusAuthenticator.CreateRequestAuthenticator(new ScriptedRandom(fixedBytes)));
    }

    private static byte[] Build(RadiusCode code, byte id, byte[] authenticator, bool withMessageAuthenticator, bool twoMessageAuthenticators = false)
    {
        var buffer = new byte[300];
        var writer = new RadiusPacketWriter(buffer, code, id, authenticator);
        if (withMessageAuthenticator)
        {
            writer.AddMessageAuthenticator();
        }

        if (twoMessageAuthenticators)
        {
            writer.Add(RadiusAttributeType.MessageAuthenticator, new byte[16]);
        }

        writer.AddString(RadiusAttributeType.UserName, "bob");
        writer.AddUInt32(RadiusAttributeType.SessionTimeout, 3600);
        return buffer[..writer.Finish()];
    }
}
