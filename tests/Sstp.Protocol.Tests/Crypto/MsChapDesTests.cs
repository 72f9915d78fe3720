using CsCheck;
using Sstp.Protocol.Crypto;
using Sstp.TestKit;

namespace Sstp.Protocol.Tests.Crypto;

public class MsChapDesTests
{
    [Theory]
    // AUTH.md §4.3 / RFC 2759 §9.3: raw key → parity key for "MyPw".
    [InlineData("FC 15 6A F7 ED CD 6C", "FD 0B 5B 5E 7F 6E 34 D9")]
    [InlineData("0E DD E3 33 7D 42 7F", "0E 6E 79 67 37 EA 08 FE")]
    public void ExpandKey_Rfc2759Section93_Matches(string raw, string expected)
    {
        var key8 = new byte[8];
        MsChapDes.ExpandKey(Hex.Parse(raw), key8);
        Assert.Equal(Hex.Parse(expected), key8);
    }

    [Fact]
    public void Encrypt_ClassicDesVector_Matches()
    {
        // Classic DES vector: key 01 23 45 67 89 AB CD EF, "Now is t" → 3F A4 0E 8A 98 4D 48 15. The raw
        // 7-byte key below is that key with its parity bits removed; expansion must give the key back.
        var raw = Hex.Parse("00 45 13 38 95 73 77");
        var expanded = new byte[8];
        MsChapDes.ExpandKey(raw, expanded);
        Assert.Equal(Hex.Parse("01 23 45 67 89 AB CD EF"), expanded);
        var cipher = new byte[8];
        MsChapDes.Encrypt(raw, "Now is t"u8, cipher);
        Assert.Equal(Hex.Parse("3F A4 0E 8A 98 4D 48 15"), cipher);
    }

    [Fact]
    public void ExpandKey_AllResults_HaveOddParity()
    {
        Gen.Byte.Array[7].Sample(raw =>
        {
            var key8 = new byte[8];
            MsChapDes.ExpandKey(raw, key8);
            foreach (byte b in key8)
            {
                Assert.Equal(1, System.Numerics.BitOperations.PopCount(b) & 1);
            }
        });
    }
}
