using Sstp.Protocol.Sstp;
using Sstp.TestKit;

namespace Sstp.Protocol.Tests.Sstp;

/// <summary>Byte vectors shared by the SSTP tests (SSTP.md §4.4 templates and §8.8 vectors).</summary>
internal static class SstpTestData
{
    // SSTP.md §4.4 templates.
    public const string ConnectRequest = "10 01 00 0E 00 01 00 01 00 01 00 06 00 01";
    public const string Disconnect = "10 01 00 14 00 06 00 01 00 02 00 0C 00 00 00 00 00 00 00 00";
    public const string DisconnectBare = "10 01 00 08 00 06 00 00";
    public const string DisconnectAck = "10 01 00 08 00 07 00 00";
    public const string EchoRequest = "10 01 00 08 00 08 00 00";
    public const string EchoResponse = "10 01 00 08 00 09 00 00";
    public const string AbortBare = "10 01 00 08 00 05 00 00";
    public const string DataLcp = "10 00 00 0C FF 03 C0 21 09 01 00 04";
    public const string ConnectNak = "10 01 00 16 00 03 00 01 00 02 00 0E 00 00 00 01 00 00 00 04 00 02";

    // SSTP.md §8.8(a), [MS-SSTP §4.7], SHA-256.
    public const string NonceA = "41 2B 48 9A EB D7 EC C7 D0 89 66 F2 6B E7 CD 72 B2 31 A0 E9 21 0D 7C 91 B3 08 86 2B 03 44 C4 35";
    public const string HlakA = "2A 1B B4 0D 55 AB 0F 5E F3 2F 06 F2 B3 CC 73 C4 8F D3 FA C4 1D 7A 13 15 A1 92 28 D9 02 4C A1 64";
    public const string CertA = "79 93 EF 31 4C 49 3D AC E9 F0 2D 60 E7 E6 1C 84 B6 69 0A AF E9 D7 AE EA 92 CB BE 8A D5 99 42 2D";
    public const string CmkA = "ec f5 9a c9 fe 15 5c f0 a9 e7 d6 6a dc 1b 36 3c 1a d7 ba 91 a9 21 7f 0c ec 2a 53 42 98 82 8d f6";
    public const string MacA = "52 A6 8E FD 8C FF BF 52 77 0B 8F 0F E8 EC 73 71 65 83 AF 6D 61 1E B6 D1 79 B3 B2 08 40 98 54 49";
    public const string AckA = "10 01 00 30 00 02 00 01 00 04 00 28 00 00 00 02 " + NonceA;
    public const string CallConnectedA = "10 01 00 70 00 04 00 01 00 03 00 68 00 00 00 02 " + NonceA + " " + CertA + " " + MacA;

    // SSTP.md §8.8(b), [MS-SSTP §4.7], SHA-1.
    public const string NonceB = "0F 1A 2D 58 D4 A3 E3 00 0F AD 3C E4 90 6E 07 B7 07 AA 9E 44 1C CE AC 5C BD 7B 2C C1 C9 D8 6C DF";
    public const string HlakB = "4B 31 28 F4 39 25 D9 00 6E EF B1 C4 E8 65 15 A1 D8 8E 56 BA B3 CA 2B DF 03 73 B7 F5 A8 A1 3B 19";
    public const string CertB = "58 26 B6 29 BD A5 9B 8E 6F D8 DC D2 62 2F D3 4C 53 48 05 A5";
    public const string CmkB = "a9 8b 86 2a 38 cc 7e 22 4b 42 cd 12 85 86 ac b2 2f 0b d1 e9";
    public const string MacB = "69 91 5D D5 83 D8 06 2F EF 16 F6 1D B2 F0 32 90 EC 27 CB 6C";
    public const string AckB = "10 01 00 30 00 02 00 01 00 04 00 28 00 00 00 01 " + NonceB;
    public const string CallConnectedB = "10 01 00 70 00 04 00 01 00 03 00 68 00 00 00 01 " + NonceB + " " + CertB
        + " 00 00 00 00 00 00 00 00 00 00 00 00 " + MacB + " 00 00 00 00 00 00 00 00 00 00 00 00";

    public static string Abort(byte attributeId, byte status) =>
        $"10 01 00 14 00 05 00 01 00 02 00 0C 00 00 00 {attributeId:X2} 00 00 00 {status:X2}";

    public static SstpServerSettings ServerSettings(CertHashProtocol offered = CertHashProtocol.Sha1 | CertHashProtocol.Sha256) => new()
    {
        OfferedHashes = offered,
        CertHashesSha1 = [Hex.Parse("00 11 22 33 44 55 66 77 88 99 AA BB CC DD EE FF 00 11 22 33"), Hex.Parse(CertB)],
        CertHashesSha256 = [Hex.Parse(CertA)],
    };

    public static SstpClientSettings ClientSettings(CertHashProtocol supported = CertHashProtocol.Sha1 | CertHashProtocol.Sha256) => new()
    {
        SupportedHashes = supported,
        ServerCertHashSha1 = Hex.Parse(CertB),
        ServerCertHashSha256 = Hex.Parse(CertA),
    };
}
