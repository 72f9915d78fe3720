using Sstp.Protocol.Crypto;
using Sstp.TestKit;

namespace Sstp.Protocol.Tests.Crypto;

public class ChapMd5Tests
{
    [Fact]
    public void ComputeResponse_AuthMdSection3Example_Matches()
    {
        // AUTH.md §3 self-computed example.
        var response = ChapMd5.ComputeResponse(0x01, "secret"u8, Hex.Parse("00112233445566778899aabbccddeeff"));
        Assert.Equal(Hex.Parse("204bb003332f6932b63b47c2c4e1a547"), response);
    }

    [Fact]
    public void Verify_RightAndWrong_Distinguished()
    {
        var challenge = Hex.Parse("00112233445566778899aabbccddeeff");
        var good = Hex.Parse("204bb003332f6932b63b47c2c4e1a547");
        Assert.True(ChapMd5.Verify(1, "secret"u8, challenge, good));
        Assert.False(ChapMd5.Verify(2, "secret"u8, challenge, good));
        Assert.False(ChapMd5.Verify(1, "Secret"u8, challenge, good));
        Assert.False(ChapMd5.Verify(1, "secret"u8, challenge, good.AsSpan(0, 15)));
    }
}
