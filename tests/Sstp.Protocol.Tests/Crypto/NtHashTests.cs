using Sstp.Protocol.Crypto;
using Sstp.TestKit;

namespace Sstp.Protocol.Tests.Crypto;

public class NtHashTests
{
    [Theory]
    // AUTH.md §4.3: RFC 2759 §9.2 "clientPass" and §9.3 "MyPw".
    [InlineData("clientPass", "44 EB BA 8D 53 12 B8 D6 11 47 44 11 F5 69 89 AE")]
    [InlineData("MyPw", "FC 15 6A F7 ED CD 6C 0E DD E3 33 7D 42 7F 4E AC")]
    // Well-known NT hash of the empty password.
    [InlineData("", "31 D6 CF E0 D1 6A E9 31 B7 3C 59 D7 E0 C0 89 C0")]
    public void Compute_PublishedPasswords_Matches(string password, string expected)
    {
        var hash = new byte[16];
        NtHash.Compute(password, hash);
        Assert.Equal(Hex.Parse(expected), hash);
    }

    [Fact]
    public void Compute_LongPassword_UsesPooledBufferAndIsStable()
    {
        string password = new('x', 300);
        var first = new byte[16];
        var second = new byte[16];
        NtHash.Compute(password, first);
        NtHash.Compute(password.ToCharArray(), second);
        Assert.Equal(first, second);
        Assert.NotEqual(new byte[16], first);
    }

    [Fact]
    public void ComputeHashHash_Rfc2759Vector_Matches()
    {
        // AUTH.md §4.3 "PasswordHashHash".
        var hashHash = new byte[16];
        NtHash.ComputeHashHash(MsChapV2Tests.PasswordHash, hashHash);
        Assert.Equal(Hex.Parse("41 C0 0C 58 4B D2 D9 1C 40 17 A2 A1 2F A5 9F 3F"), hashHash);
    }

    [Fact]
    public void Compute_WrongDestination_Throws()
    {
        Assert.Throws<ArgumentException>(() => NtHash.Compute("x", new byte[15]));
    }
}
