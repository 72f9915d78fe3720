using System.Buffers;
using System.Text;
using CsCheck;
using Sstp.Protocol.Ppp.Auth;
using Sstp.Protocol.Tests.Crypto;

namespace Sstp.Protocol.Tests.Ppp.Auth;

/// <summary>MS-CHAPv2 Success/Failure message text (RFC 2759 §5–§6, AUTH.md §4.1).</summary>
public class MsChapV2MessageTests
{
    [Fact]
    public void SuccessWrite_AlwaysHasSpaceBeforeM()
    {
        var buffer = new byte[MsChapV2SuccessMessage.GetEncodedLength(7)];
        MsChapV2SuccessMessage.Write(buffer, Encoding.ASCII.GetBytes(MsChapV2Tests.AuthResponse), "Welcome"u8);
        Assert.Equal(MsChapV2Tests.AuthResponse + " M=Welcome", Encoding.ASCII.GetString(buffer));
    }

    [Theory]
    [InlineData(MsChapV2Tests.AuthResponse + " M=Welcome", "Welcome")]
    [InlineData(MsChapV2Tests.AuthResponse + "M=Welcome", "Welcome")] // Windows Server 2019 (INTEROP.md §2)
    [InlineData(MsChapV2Tests.AuthResponse, "")]
    [InlineData(MsChapV2Tests.AuthResponse + " X=1", "")]
    [InlineData("S=1", "")]
    public void SuccessGetText_Variants(string message, string expected)
    {
        Assert.Equal(expected, Encoding.ASCII.GetString(MsChapV2SuccessMessage.GetText(Encoding.ASCII.GetBytes(message))));
    }

    [Fact]
    public void FailureParse_FullMessage_AllFields()
    {
        var text = "E=691 R=1 C=00112233445566778899AABBCCDDEEFF V=3 M=Bad user name or password"u8;
        Assert.Equal(OperationStatus.Done, MsChapV2FailureMessage.TryParse(text, out var failure, out _));
        Assert.Equal(691, failure!.ErrorCode);
        Assert.True(failure.RetryAllowed);
        Assert.Equal(Convert.FromHexString("00112233445566778899AABBCCDDEEFF"), failure.Challenge);
        Assert.Equal(3, failure.Version);
        Assert.Equal("Bad user name or password", failure.Text);
    }

    [Theory]
    [InlineData("E=646 R=0 V=3", 646, false, "")]
    [InlineData("E=647", 647, false, "")]
    [InlineData("E=648 R=0 C=00112233445566778899aabbccddeeff V=3 M=expired", 648, false, "expired")]
    [InlineData("E=649 R=0 C=0011 V=0 M=", 649, false, "")]
    [InlineData("E=709 Z=what R=1 M=a M=b", 709, true, "a M=b")]
    public void FailureParse_Variants(string message, int code, bool retry, string text)
    {
        Assert.Equal(OperationStatus.Done, MsChapV2FailureMessage.TryParse(Encoding.ASCII.GetBytes(message), out var failure, out _));
        Assert.Equal(code, failure!.ErrorCode);
        Assert.Equal(retry, failure.RetryAllowed);
        Assert.Equal(text, failure.Text);
    }

    [Theory]
    [InlineData("", AuthParseError.FailureCodeMissing)]
    [InlineData("R=0 V=3 M=no code", AuthParseError.FailureCodeMissing)]
    [InlineData("E= R=0", AuthParseError.FailureCodeMissing)]
    [InlineData("E=69x R=0", AuthParseError.FailureCodeMissing)]
    [InlineData("E=691 R=2", AuthParseError.FailureFieldInvalid)]
    [InlineData("E=691 C=0G", AuthParseError.FailureFieldInvalid)]
    [InlineData("E=691 C=001", AuthParseError.FailureFieldInvalid)]
    [InlineData("E=691 V=three", AuthParseError.FailureFieldInvalid)]
    public void FailureParse_Malformed_ExactError(string message, AuthParseError expected)
    {
        Assert.Equal(OperationStatus.InvalidData, MsChapV2FailureMessage.TryParse(Encoding.ASCII.GetBytes(message), out var failure, out var error));
        Assert.Null(failure);
        Assert.Equal(expected, error);
    }

    [Fact]
    public void FailureToBytes_AuthMdLayout()
    {
        // AUTH.md §4.1 / brief: "E=691 R=0 C=<32 hex> V=3 M=…".
        var failure = new MsChapV2FailureMessage(691, false, new byte[16], 3, "denied");
        Assert.Equal("E=691 R=0 C=00000000000000000000000000000000 V=3 M=denied", Encoding.ASCII.GetString(failure.ToBytes()));
    }

    [Fact]
    public void Failure_ToBytesThenParse_RoundTrips()
    {
        Gen.Select(Gen.Int[0, 99999], Gen.Bool, Gen.Byte.Array[16], Gen.String[Gen.Char.AlphaNumeric, 0, 60]).Sample((code, retry, challenge, text) =>
        {
            var original = new MsChapV2FailureMessage(code, retry, challenge, 3, text);
            Assert.Equal(OperationStatus.Done, MsChapV2FailureMessage.TryParse(original.ToBytes(), out var parsed, out _));
            Assert.Equal(code, parsed!.ErrorCode);
            Assert.Equal(retry, parsed.RetryAllowed);
            Assert.Equal(challenge, parsed.Challenge);
            Assert.Equal(text, parsed.Text);
        });
    }

    [Fact]
    public void FailureParse_RandomBytes_NeverThrows()
    {
        Gen.Byte.Array[0, 600].Sample(bytes =>
        {
            var status = MsChapV2FailureMessage.TryParse(bytes, out var failure, out _);
            Assert.Equal(status == OperationStatus.Done, failure is not null);
            _ = MsChapV2SuccessMessage.GetText(bytes);
        });
    }
}
