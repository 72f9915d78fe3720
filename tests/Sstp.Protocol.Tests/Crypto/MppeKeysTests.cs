using Sstp.Protocol.Crypto;
using Sstp.TestKit;

namespace Sstp.Protocol.Tests.Crypto;

/// <summary>RFC 3079 §3.5 vectors and the HLAK companion values of AUTH.md §5.1 / SSTP.md §8.8(c).</summary>
public class MppeKeysTests
{
    private static readonly byte[] MasterKey = Hex.Parse("FD EC E3 71 7A 8C 83 8C B3 88 E5 27 AE 3C DD 31");
    private static readonly byte[] KMagic2 = Hex.Parse("d5 f0 e9 52 1e 3e a9 58 96 45 e8 60 51 c8 22 26");
    private static readonly byte[] KMagic3 = Hex.Parse("8B 7C DC 14 9B 99 3A 1B A1 18 CB 15 3F 56 DC CB");

    [Fact]
    public void GetMasterKey_Rfc3079Vector_Matches()
    {
        var hashHash = new byte[16];
        NtHash.ComputeHashHash(MsChapV2Tests.PasswordHash, hashHash);
        var master = new byte[16];
        MppeKeys.GetMasterKey(hashHash, MsChapV2Tests.NtResponse, master);
        Assert.Equal(MasterKey, master);
    }

    [Theory]
    // AUTH.md §5.1 trap: the RFC's SendStartKey is IsSend = true, IsServer = true (Magic3).
    [InlineData(16, true, true, "8B 7C DC 14 9B 99 3A 1B A1 18 CB 15 3F 56 DC CB")]
    [InlineData(8, true, true, "8B 7C DC 14 9B 99 3A 1B")]
    [InlineData(16, false, false, "8B 7C DC 14 9B 99 3A 1B A1 18 CB 15 3F 56 DC CB")]
    [InlineData(16, true, false, "d5 f0 e9 52 1e 3e a9 58 96 45 e8 60 51 c8 22 26")]
    [InlineData(16, false, true, "d5 f0 e9 52 1e 3e a9 58 96 45 e8 60 51 c8 22 26")]
    public void GetAsymmetricStartKey_Directions_Match(int length, bool isSend, bool isServer, string expected)
    {
        var key = new byte[length];
        MppeKeys.GetAsymmetricStartKey(MasterKey, key, isSend, isServer);
        Assert.Equal(Hex.Parse(expected), key);
    }

    [Fact]
    public void GetNewKeyFromSha_EightBytes_MatchesIntermediate()
    {
        // AUTH.md §5.1 "GetNewKeyFromSHA(8)".
        var start = KMagic3[..8];
        var interim = new byte[8];
        MppeKeys.GetNewKeyFromSha(start, start, interim);
        Assert.Equal(Hex.Parse("96 5C 00 C4 9F A6 2E 3E"), interim);
    }

    [Theory]
    // AUTH.md §5.1: SendSessionKey128 / 40 / 56 (RFC 3079 §3.5).
    [InlineData(MppeKeyStrength.Bits128, "40 5C B2 24 7A 79 56 E6 E2 11 00 7A E2 7B 22 D4")]
    [InlineData(MppeKeyStrength.Bits40, "D1 26 9E C4 9F A6 2E 3E")]
    [InlineData(MppeKeyStrength.Bits56, "D1 5C 00 C4 9F A6 2E 3E")]
    public void GetInitialSessionKey_Rfc3079Vectors_Match(MppeKeyStrength strength, string expected)
    {
        var expectedBytes = Hex.Parse(expected);
        var session = new byte[expectedBytes.Length];
        MppeKeys.GetInitialSessionKey(KMagic3.AsSpan(0, session.Length), strength, session);
        Assert.Equal(expectedBytes, session);
    }

    [Fact]
    public void GetClientAndServerKeys_AreMirrored()
    {
        var clientSend = new byte[16];
        var clientRecv = new byte[16];
        var serverSend = new byte[16];
        var serverRecv = new byte[16];
        MppeKeys.GetClientKeys(MsChapV2Tests.PasswordHash, MsChapV2Tests.NtResponse, clientSend, clientRecv);
        MppeKeys.GetServerKeys(MsChapV2Tests.PasswordHash, MsChapV2Tests.NtResponse, serverSend, serverRecv);
        Assert.Equal(KMagic2, clientSend);
        Assert.Equal(KMagic3, clientRecv);
        Assert.Equal(clientSend, serverRecv);
        Assert.Equal(clientRecv, serverSend);
    }

    [Fact]
    public void GetHlak_Sstp88c_Matches()
    {
        // SSTP.md §8.8(c) / AUTH.md §5.1: HLAK = K(Magic2) ‖ K(Magic3).
        var hlak = new byte[32];
        MppeKeys.GetHlak(MsChapV2Tests.PasswordHash, MsChapV2Tests.NtResponse, hlak);
        Assert.Equal(Hex.Parse("d5f0e9521e3ea9589645e86051c82226 8b7cdc149b993a1ba118cb153f56dccb"), hlak);
    }
}
