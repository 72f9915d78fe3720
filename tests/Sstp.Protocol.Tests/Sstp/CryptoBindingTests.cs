using System.Security.Cryptography;
using Sstp.Protocol.Sstp;
using Sstp.TestKit;

namespace Sstp.Protocol.Tests.Sstp;

public class CryptoBindingTests
{
    // SSTP.md §8.8(c): MS-CHAPv2 keys of RFC 2759 §9.2 credentials; HLAK = K(Magic2) ‖ K(Magic3) on both sides.
    private const string SendKeyC = "d5 f0 e9 52 1e 3e a9 58 96 45 e8 60 51 c8 22 26";
    private const string RecvKeyC = "8b 7c dc 14 9b 99 3a 1b a1 18 cb 15 3f 56 dc cb";

    // SSTP.md §8.8 (a), (b) and (c): HLAK, hash, nonce, cert → CMK and Compound MAC.
    public static TheoryData<string, CertHashProtocol, string, string, string, string> Vectors => new()
    {
        { SstpTestData.HlakA, CertHashProtocol.Sha256, SstpTestData.NonceA, SstpTestData.CertA, SstpTestData.CmkA, SstpTestData.MacA },
        { SstpTestData.HlakB, CertHashProtocol.Sha1, SstpTestData.NonceB, SstpTestData.CertB, SstpTestData.CmkB, SstpTestData.MacB },
        {
            SendKeyC + RecvKeyC, CertHashProtocol.Sha256, SstpTestData.NonceA, SstpTestData.CertA,
            "150707e682b16f4ca9430560c562894afd10050db4182d35c3e9e06284445271",
            "fc0f8e272dd23c80526c2a271158a12195eb2df59780b17e6ef641ba0fe699d0"
        },
        {
            SendKeyC + RecvKeyC, CertHashProtocol.Sha1, SstpTestData.NonceB, SstpTestData.CertB,
            "3afbff0ba79dd9743bd09949fa99f9d0c92d3698", "ff9d1b065cbac8e7a71ad85cad75eee5b14890c9"
        },
    };

    [Theory]
    [MemberData(nameof(Vectors))]
    public void ComputeCmk_SpecVector_Matches(string hlak, CertHashProtocol hash, string nonce, string cert, string cmk, string mac)
    {
        _ = (nonce, cert, mac);
        var output = new byte[32];
        int n = CryptoBinding.ComputeCmk(hash, Hex.Parse(hlak), output);
        Assert.Equal(SstpMachineHarness.Norm(cmk), Hex.Format(output.AsSpan(0, n)));
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void WriteCallConnected_SpecVector_WholeMessageMatches(
        string hlak, CertHashProtocol hash, string nonce, string cert, string cmk, string mac)
    {
        _ = cmk;
        var buffer = new byte[112];
        Assert.Equal(112, CryptoBinding.WriteCallConnected(buffer, hash, Hex.Parse(nonce), Hex.Parse(cert), Hex.Parse(hlak)));
        var expected = new byte[112];
        SstpControlMessage.WriteCallConnected(expected, hash, Hex.Parse(nonce), Hex.Parse(cert), Hex.Parse(mac));
        Assert.Equal(Hex.Format(expected), Hex.Format(buffer));
    }

    [Fact]
    public void WriteCallConnected_VectorsAAndB_EqualPublishedBytes()
    {
        // SSTP.md §8.8(a)/(b): the full CALL_CONNECTED as published in [MS-SSTP §4.7].
        var buffer = new byte[112];
        CryptoBinding.WriteCallConnected(buffer, CertHashProtocol.Sha256, Hex.Parse(SstpTestData.NonceA), Hex.Parse(SstpTestData.CertA), Hex.Parse(SstpTestData.HlakA));
        Assert.Equal(SstpMachineHarness.Norm(SstpTestData.CallConnectedA), Hex.Format(buffer));
        CryptoBinding.WriteCallConnected(buffer, CertHashProtocol.Sha1, Hex.Parse(SstpTestData.NonceB), Hex.Parse(SstpTestData.CertB), Hex.Parse(SstpTestData.HlakB));
        Assert.Equal(SstpMachineHarness.Norm(SstpTestData.CallConnectedB), Hex.Format(buffer));
    }

    [Fact]
    public void ComputeCompoundMac_IgnoresWhateverIsInMacArea()
    {
        var message = Hex.Parse(SstpTestData.CallConnectedB);
        var cmk = Hex.Parse(SstpTestData.CmkB);
        var mac = new byte[20];
        Assert.Equal(20, CryptoBinding.ComputeCompoundMac(CertHashProtocol.Sha1, cmk, message, mac));
        Assert.Equal(SstpMachineHarness.Norm(SstpTestData.MacB), Hex.Format(mac));
    }

    [Fact]
    [System.Diagnostics.CodeAnalysis.SuppressMessage(
        "Security", "CA5350:Do Not Use Weak Cryptographic Algorithms", Justification = "Recomputes the SHA-1 binding of SSTP.md §8.8 on purpose.")]
    public void Sha1Binding_PrfLength32_GivesDocumentedWrongMac()
    {
        // SSTP.md §8.8 negative check: LEN = 32 (two PRF+ blocks) for SHA-1 gives 8c7e4c65…a231 — wrong.
        var hlak = Hex.Parse(SstpTestData.HlakB);
        var seed = CryptoBinding.CmkSeed.ToArray();
        byte[] len = [32, 0];
        var t1 = HMACSHA1.HashData(hlak, (byte[])[.. seed, .. len, 1]);
        var t2 = HMACSHA1.HashData(hlak, (byte[])[.. t1, .. seed, .. len, 2]);
        var wrongCmk = t1.Concat(t2).Take(32).ToArray();
        var wrongMac = HMACSHA1.HashData(wrongCmk, ZeroMac(SstpTestData.CallConnectedB));
        Assert.Equal("8c7e4c651f05a217646204e787d5675db102a231", Hex.Format(wrongMac));
        Assert.NotEqual(SstpMachineHarness.Norm(SstpTestData.MacB), Hex.Format(wrongMac));
    }

    [Fact]
    [System.Diagnostics.CodeAnalysis.SuppressMessage(
        "Security", "CA5350:Do Not Use Weak Cryptographic Algorithms", Justification = "Recomputes the SHA-1 binding of SSTP.md §8.8 on purpose.")]
    public void Sha1Binding_Sha256Prf_GivesDocumentedWrongMac()
    {
        // SSTP.md §8.8 negative check: the SHA-256 PRF for a SHA-1 binding gives 0d6f00de…53fc — wrong.
        var seed = CryptoBinding.CmkSeed.ToArray();
        var wrongCmk = HMACSHA256.HashData(Hex.Parse(SstpTestData.HlakB), (byte[])[.. seed, 20, 0, 1]).Take(20).ToArray();
        var wrongMac = HMACSHA1.HashData(wrongCmk, ZeroMac(SstpTestData.CallConnectedB));
        Assert.Equal("0d6f00ded87cce11d8abbca6135956ae02b353fc", Hex.Format(wrongMac));
        Assert.NotEqual(SstpMachineHarness.Norm(SstpTestData.MacB), Hex.Format(wrongMac));
    }

    [Theory]
    [InlineData(SstpTestData.CallConnectedA, CertHashProtocol.Sha256, SstpTestData.NonceA, SstpTestData.HlakA)]
    [InlineData(SstpTestData.CallConnectedB, CertHashProtocol.Sha1, SstpTestData.NonceB, SstpTestData.HlakB)]
    public void Verify_PublishedVector_Ok(string message, CertHashProtocol offered, string nonce, string hlak)
    {
        var settings = SstpTestData.ServerSettings();
        Assert.Equal(
            CryptoBindingResult.Ok,
            CryptoBinding.Verify(Hex.Parse(message), Hex.Parse(nonce), offered, settings.CertHashesSha1, settings.CertHashesSha256, Hex.Parse(hlak)));
    }

    // SSTP.md §8.6: one row per failed check, on vector (b) (SHA-1) mutated at one byte offset.
    [Theory]
    [InlineData(20, CertHashProtocol.Sha1 | CertHashProtocol.Sha256, CryptoBindingResult.NonceMismatch)]
    [InlineData(47, CertHashProtocol.Sha1 | CertHashProtocol.Sha256, CryptoBindingResult.NonceMismatch)]
    [InlineData(-1, CertHashProtocol.Sha256, CryptoBindingResult.HashProtocolNotOffered)]
    [InlineData(48, CertHashProtocol.Sha1 | CertHashProtocol.Sha256, CryptoBindingResult.CertHashMismatch)]
    [InlineData(67, CertHashProtocol.Sha1 | CertHashProtocol.Sha256, CryptoBindingResult.CertHashMismatch)]
    [InlineData(80, CertHashProtocol.Sha1 | CertHashProtocol.Sha256, CryptoBindingResult.MacMismatch)]
    [InlineData(99, CertHashProtocol.Sha1 | CertHashProtocol.Sha256, CryptoBindingResult.MacMismatch)]
    [InlineData(100, CertHashProtocol.Sha1 | CertHashProtocol.Sha256, CryptoBindingResult.Ok)]
    [InlineData(70, CertHashProtocol.Sha1 | CertHashProtocol.Sha256, CryptoBindingResult.MacMismatch)]
    public void Verify_MutatedVectorB_ExactResult(int flipOffset, CertHashProtocol offered, CryptoBindingResult expected)
    {
        // Offsets 100..111 are Padding1 (ignored on receipt); 68..79 are Padding but part of the MAC input.
        var message = Hex.Parse(SstpTestData.CallConnectedB);
        if (flipOffset >= 0)
        {
            message[flipOffset] ^= 0x01;
        }

        var settings = SstpTestData.ServerSettings();
        Assert.Equal(
            expected,
            CryptoBinding.Verify(message, Hex.Parse(SstpTestData.NonceB), offered, settings.CertHashesSha1, settings.CertHashesSha256, Hex.Parse(SstpTestData.HlakB)));
    }

    [Theory]
    [InlineData(0x00, CryptoBindingResult.HashProtocolNotOffered)]
    [InlineData(0x03, CryptoBindingResult.HashProtocolNotOffered)]
    [InlineData(0x04, CryptoBindingResult.HashProtocolNotOffered)]
    public void Verify_HashProtocolNotSingleValue_NotOffered(byte hashByte, CryptoBindingResult expected)
    {
        var message = Hex.Parse(SstpTestData.CallConnectedA);
        message[15] = hashByte;
        var settings = SstpTestData.ServerSettings();
        Assert.Equal(
            expected,
            CryptoBinding.Verify(message, Hex.Parse(SstpTestData.NonceA), CertHashProtocol.Sha1 | CertHashProtocol.Sha256, settings.CertHashesSha1, settings.CertHashesSha256, Hex.Parse(SstpTestData.HlakA)));
    }

    // SSTP.md §8.7: shape failures.
    [Theory]
    [InlineData("10 01 00 14 00 04 00 01 00 02 00 0C 00 00 00 00 00 00 00 00", CryptoBindingResult.MissingAttribute)]
    [InlineData("10 01 00 08 00 04 00 00", CryptoBindingResult.MissingAttribute)]
    [InlineData("10 01 00 0C 00 04 00 01 00 03 00 04", CryptoBindingResult.BadLength)]
    [InlineData("10 01 00 0C 00 04 00 01 00 03 00 05", CryptoBindingResult.BadLength)]
    [InlineData("10 01 00 84 00 04 00 02 00 02 00 14 00 00 00 03 00 00 00 04 00 00 00 00 00 00 00 00 " + "00 03 00 68 00 00 00 02 "
        + SstpTestData.NonceA + " " + SstpTestData.CertA + " " + SstpTestData.MacA, CryptoBindingResult.MissingAttribute)]
    public void Verify_BadShape_ExactResult(string hex, CryptoBindingResult expected)
    {
        var settings = SstpTestData.ServerSettings();
        Assert.Equal(
            expected,
            CryptoBinding.Verify(Hex.Parse(hex), Hex.Parse(SstpTestData.NonceA), CertHashProtocol.Sha256, settings.CertHashesSha1, settings.CertHashesSha256, Hex.Parse(SstpTestData.HlakA)));
    }

    [Fact]
    public void Verify_NoConfiguredHashForChosenProtocol_CertHashMismatch()
    {
        Assert.Equal(
            CryptoBindingResult.CertHashMismatch,
            CryptoBinding.Verify(Hex.Parse(SstpTestData.CallConnectedA), Hex.Parse(SstpTestData.NonceA), CertHashProtocol.Sha256, [], [], Hex.Parse(SstpTestData.HlakA)));
    }

    [Fact]
    public void Hlak_ServerAndClientRules_GiveSameKeyForMsChapV2()
    {
        // SSTP.md §8.3 + §8.8(c): server (recv ‖ send) and client (send ‖ recv) meet at K(Magic2) ‖ K(Magic3).
        var client = Hlak.FromClientKeys(Hex.Parse(SendKeyC), Hex.Parse(RecvKeyC));
        var server = Hlak.FromServerKeys(Hex.Parse(SendKeyC), Hex.Parse(RecvKeyC));
        Assert.Equal(SstpMachineHarness.Norm(SendKeyC + RecvKeyC), Hex.Format(client));
        Assert.Equal(client, server);
    }

    [Theory]
    [InlineData("", "", "0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("01 02", "03", "0102030000000000000000000000000000000000000000000000000000000000")]
    [InlineData(SstpTestData.HlakA, "FF FF", SstpTestData.HlakA)]
    [InlineData(SstpTestData.HlakA + SstpTestData.HlakB, "", SstpTestData.HlakA)]
    public void Hlak_CutOrPad_Always32Bytes(string first, string second, string expected)
    {
        var hlak = Hlak.FromServerKeys(Hex.Parse(first), Hex.Parse(second));
        Assert.Equal(SstpMachineHarness.Norm(expected), Hex.Format(hlak));
        Assert.Equal(32, Hlak.Zero.Length);
        Assert.True(Hlak.Zero.IndexOfAnyExcept((byte)0) < 0);
    }

    [Fact]
    public void ComputeCmk_HlakNot32Bytes_Throws()
    {
        Assert.Throws<ArgumentException>(() => CryptoBinding.ComputeCmk(CertHashProtocol.Sha1, new byte[16], new byte[32]));
        Assert.Throws<ArgumentException>(() => CryptoBinding.ComputeCmk(CertHashProtocol.None, new byte[32], new byte[32]));
    }

    private static byte[] ZeroMac(string callConnected)
    {
        var message = Hex.Parse(callConnected);
        message.AsSpan(80).Clear();
        return message;
    }
}
