using System.Buffers;
using System.Text;
using CsCheck;
using Sstp.Protocol.Radius;
using Sstp.TestKit;

namespace Sstp.Protocol.Tests.Radius;

public class RadiusCryptoTests
{
    private static readonly byte[] Secret = "testing123"u8.ToArray();
    private static readonly byte[] CountingAuthenticator = Hex.Parse("00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F");

    [Fact]
    public void UserPassword_Rfc2865Vector_Hides()
    {
        // AUTH.md §7.2 (RFC 2865 §7.1): secret "xyzzy5461", password "arctangent".
        var ra = Hex.Parse("0f403f9473978057bd83d5cb98f4227a");
        var hidden = new byte[16];
        int written = RadiusUserPassword.Hide("arctangent"u8, "xyzzy5461"u8, ra, hidden);
        Assert.Equal(16, written);
        Assert.Equal(Hex.Parse("0d be 70 8d 93 d4 13 ce 31 96 e4 3f 78 2a 0a ee"), hidden);
    }

    [Fact]
    public void UserPassword_Rfc2865Vector_Unhides()
    {
        // AUTH.md §7.2, reversed.
        var ra = Hex.Parse("0f403f9473978057bd83d5cb98f4227a");
        Assert.Equal(OperationStatus.Done, RadiusUserPassword.TryUnhide(Hex.Parse("0d be 70 8d 93 d4 13 ce 31 96 e4 3f 78 2a 0a ee"), "xyzzy5461"u8, ra, out var password));
        Assert.Equal("arctangent", Encoding.ASCII.GetString(password));
    }

    [Fact]
    public void UserPassword_LongPassword_MatchesChainedFormula()
    {
        // RFC 2865 §5.2: c2 = p2 XOR MD5(S ‖ c1), checked with an independent MD5.
        var password = Encoding.ASCII.GetBytes("a-password-longer-than-16");
        var hidden = new byte[32];
        Assert.Equal(32, RadiusUserPassword.Hide(password, Secret, CountingAuthenticator, hidden));
        var padded = new byte[32];
        password.CopyTo(padded, 0);
        var b1 = RadiusReference.Md5(Secret, CountingAuthenticator);
        var c1 = padded[..16].Zip(b1, (p, b) => (byte)(p ^ b)).ToArray();
        var b2 = RadiusReference.Md5(Secret, c1);
        var c2 = padded[16..].Zip(b2, (p, b) => (byte)(p ^ b)).ToArray();
        Assert.Equal(c1.Concat(c2).ToArray(), hidden);
    }

    [Fact]
    public void UserPassword_HideUnhide_RoundTrips()
    {
        Gen.Select(Gen.Byte[1, 255].Array[0, 128], Gen.Byte.Array[1, 40], Gen.Byte.Array[16]).Sample((password, secret, ra) =>
        {
            var hidden = new byte[128];
            int length = RadiusUserPassword.Hide(password, secret, ra, hidden);
            Assert.Equal(RadiusUserPassword.GetHiddenLength(password.Length), length);
            Assert.Equal(OperationStatus.Done, RadiusUserPassword.TryUnhide(hidden.AsSpan(0, length), secret, ra, out var back));
            Assert.Equal(password, back);
        });
    }

    [Theory]
    [InlineData(0)]
    [InlineData(15)]
    [InlineData(17)]
    [InlineData(144)]
    public void UserPassword_BadHiddenLength_Invalid(int length) =>
        Assert.Equal(OperationStatus.InvalidData, RadiusUserPassword.TryUnhide(new byte[length], Secret, CountingAuthenticator, out _));

    [Fact]
    public void UserPassword_Over128_Throws() =>
        Assert.Throws<ArgumentException>(() => RadiusUserPassword.Hide(new byte[129], Secret, CountingAuthenticator, new byte[160]));

    public static TheoryData<string, string, string> MppeVectors => new()
    {
        // AUTH.md §7.5: secret testing123, RA 00..0F, MS-CHAPv2 keys of AUTH.md §5.1.
        { "8b7cdc149b993a1ba118cb153f56dccb", "80 01", "8001 222f78911e81bc02d486a8a0a785432f 23e948690cf7b68255e9483cdb57bb05" },
        { "d5f0e9521e3ea9589645e86051c82226", "80 02", "8002 079eced7be05a21b6a76b65390a2fa26 897891980ea648fb09e7e96fef919a30" },
    };

    [Theory]
    [MemberData(nameof(MppeVectors))]
    public void MppeKey_Vector_Encrypts(string key, string salt, string expected)
    {
        var value = new byte[34];
        Assert.Equal(34, MsMppeKey.Encrypt(Hex.Parse(key), Hex.Parse(salt), Secret, CountingAuthenticator, value));
        Assert.Equal(Hex.Parse(expected), value);
    }

    [Theory]
    [MemberData(nameof(MppeVectors))]
    public void MppeKey_Vector_Decrypts(string key, string salt, string encoded)
    {
        _ = salt;
        Assert.Equal(OperationStatus.Done, MsMppeKey.TryDecrypt(Hex.Parse(encoded), Secret, CountingAuthenticator, out var decrypted, out var error));
        Assert.Equal(MsMppeKeyError.None, error);
        Assert.Equal(Hex.Parse(key), decrypted);
    }

    [Fact]
    public void MppeKey_EncryptDecrypt_RoundTrips()
    {
        Gen.Select(Gen.Byte.Array[1, 64], Gen.Byte.Array[2], Gen.Byte.Array[1, 32], Gen.Byte.Array[16]).Sample((key, salt, secret, ra) =>
        {
            salt[0] |= 0x80;
            var value = new byte[MsMppeKey.GetEncodedLength(key.Length)];
            MsMppeKey.Encrypt(key, salt, secret, ra, value);
            Assert.Equal(salt, value[..2]);
            Assert.Equal(OperationStatus.Done, MsMppeKey.TryDecrypt(value, secret, ra, out var back, out _));
            Assert.Equal(key, back);
        });
    }

    [Fact]
    public void MppeKey_32ByteKey_Is50OctetValue() => Assert.Equal(50, MsMppeKey.GetEncodedLength(32));

    [Theory]
    [InlineData("", MsMppeKeyError.BadLength)]
    [InlineData("80 01", MsMppeKeyError.BadLength)]
    [InlineData("80 01 00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E", MsMppeKeyError.BadLength)]
    public void MppeKey_Malformed_ExactError(string hex, MsMppeKeyError expected)
    {
        Assert.Equal(OperationStatus.InvalidData, MsMppeKey.TryDecrypt(Hex.Parse(hex), Secret, CountingAuthenticator, out _, out var error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void MppeKey_WrongAuthenticator_BadKeyLengthOrWrongKey()
    {
        // A wrong Request Authenticator garbles the length octet (or yields a different key) — never the real key.
        var encoded = Hex.Parse("8001 222f78911e81bc02d486a8a0a785432f 23e948690cf7b68255e9483cdb57bb05");
        var status = MsMppeKey.TryDecrypt(encoded, Secret, new byte[16], out var key, out var error);
        Assert.True(status == OperationStatus.InvalidData ? error == MsMppeKeyError.BadKeyLength : key.Length > 0);
        Assert.NotEqual(Hex.Parse("8b7cdc149b993a1ba118cb153f56dccb"), key);
    }

    [Fact]
    public void MppeKey_RandomValues_NeverThrow()
    {
        Gen.Byte.Array[0, 80].Sample(value => MsMppeKey.TryDecrypt(value, Secret, CountingAuthenticator, out _, out _));
    }
}
