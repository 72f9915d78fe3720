using System.Text;
using CsCheck;
using Sstp.Protocol.Crypto;
using Sstp.TestKit;

namespace Sstp.Protocol.Tests.Crypto;

/// <summary>Published vectors of RFC 2759 §9.2/§9.3 as listed in AUTH.md §4.3.</summary>
public class MsChapV2Tests
{
    internal static readonly byte[] User = Hex.Parse("55 73 65 72");
    internal static readonly byte[] AuthChallenge = Hex.Parse("5B 5D 7C 7D 7B 3F 2F 3E 3C 2C 60 21 32 26 26 28");
    internal static readonly byte[] PeerChallenge = Hex.Parse("21 40 23 24 25 5E 26 2A 28 29 5F 2B 3A 33 7C 7E");
    internal static readonly byte[] PasswordHash = Hex.Parse("44 EB BA 8D 53 12 B8 D6 11 47 44 11 F5 69 89 AE");
    internal static readonly byte[] NtResponse = Hex.Parse("82 30 9E CD 8D 70 8B 5E A0 8F AA 39 81 CD 83 54 42 33 11 4A 3D 85 D6 DF");
    internal const string AuthResponse = "S=407A5589115FD0D6209F510FE9C04566932CDA56";

    [Fact]
    public void ChallengeHash_Rfc2759Vector_Matches()
    {
        // AUTH.md §4.3 "Challenge (hash)".
        var hash = new byte[8];
        MsChapV2.ChallengeHash(PeerChallenge, AuthChallenge, User, hash);
        Assert.Equal(Hex.Parse("D0 2E 43 86 BC E9 12 26"), hash);
    }

    [Fact]
    public void ChallengeHash_DomainPrefix_IsStripped()
    {
        // AUTH.md §4.1: only the part after the backslash enters the hash.
        var plain = new byte[8];
        var withDomain = new byte[8];
        MsChapV2.ChallengeHash(PeerChallenge, AuthChallenge, User, plain);
        MsChapV2.ChallengeHash(PeerChallenge, AuthChallenge, "CORP\\User"u8, withDomain);
        Assert.Equal(plain, withDomain);
    }

    [Theory]
    [InlineData("User", "User")]
    [InlineData("DOM\\User", "User")]
    [InlineData("A\\B\\User", "User")]
    [InlineData("User\\", "")]
    [InlineData("user@realm", "user@realm")]
    public void StripDomain_Variants_KeepsPartAfterLastBackslash(string input, string expected)
    {
        Assert.Equal(expected, Encoding.UTF8.GetString(MsChapV2.StripDomain(Encoding.UTF8.GetBytes(input))));
    }

    [Fact]
    public void GenerateNtResponse_Rfc2759Vector_Matches()
    {
        // AUTH.md §4.3 "NT-Response".
        var response = new byte[24];
        MsChapV2.GenerateNtResponse(AuthChallenge, PeerChallenge, User, PasswordHash, response);
        Assert.Equal(NtResponse, response);
    }

    [Fact]
    public void GenerateAuthenticatorResponse_Rfc2759Vector_Matches()
    {
        // AUTH.md §4.3 "AuthenticatorResponse", upper-case hex.
        string text = MsChapV2.GenerateAuthenticatorResponse(PasswordHash, NtResponse, PeerChallenge, AuthChallenge, User);
        Assert.Equal(AuthResponse, text);
    }

    [Theory]
    [InlineData(AuthResponse, true)]
    [InlineData(AuthResponse + " M=Welcome", true)]
    [InlineData(AuthResponse + "M=Welcome", true)] // Windows Server 2019: no space before M= (INTEROP.md §2)
    [InlineData("S=407a5589115fd0d6209f510fe9c04566932cda56", true)] // lower case on receive (AUTH.md §4.1)
    [InlineData(AuthResponse + " M=a message that is clearly longer than forty-two bytes of text", true)]
    [InlineData("S=407A5589115FD0D6209F510FE9C04566932CDA57", false)]
    [InlineData("S=407A5589115FD0D6209F510FE9C04566932CDA5", false)]
    [InlineData("X=407A5589115FD0D6209F510FE9C04566932CDA56", false)]
    [InlineData("S=407A5589115FD0D6209F510FE9C04566932CDAZZ", false)]
    [InlineData("", false)]
    [InlineData("M=only a message", false)]
    public void CheckAuthenticatorResponse_Variants_Lenient(string message, bool expected)
    {
        bool ok = MsChapV2.CheckAuthenticatorResponse(PasswordHash, NtResponse, PeerChallenge, AuthChallenge, User,
            Encoding.ASCII.GetBytes(message));
        Assert.Equal(expected, ok);
    }

    [Fact]
    public void CheckAuthenticatorResponse_RandomBytes_NeverThrows()
    {
        Gen.Byte.Array[0, 100].Sample(bytes =>
            Assert.False(MsChapV2.CheckAuthenticatorResponse(PasswordHash, NtResponse, PeerChallenge, AuthChallenge, User, bytes)));
    }

    [Fact]
    public void ChallengeHash_WrongLength_Throws()
    {
        Assert.Throws<ArgumentException>(() => MsChapV2.ChallengeHash(new byte[15], AuthChallenge, User, new byte[8]));
    }
}
