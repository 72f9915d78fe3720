namespace Sstp.Protocol.Sstp;

/// <summary>
/// Higher-Layer Authentication Key helpers [MS-SSTP §3.2.5.2.2, §3.2.5.2.4], SSTP.md §8.3. The HLAK is always
/// 32 bytes: longer key material is cut to its first 32 bytes, shorter is padded with zeros.
/// Server: first 32 bytes of (MPPE-Recv-Key ‖ MPPE-Send-Key) of the server; client: first 32 bytes of
/// (MPPE-Send-Key ‖ MPPE-Recv-Key) of the client; 32 zeros when the PPP authentication made no keys
/// (PAP, CHAP-MD5, none). With MS-CHAPv2 both sides end up with K(Magic2) ‖ K(Magic3).
/// </summary>
public static class Hlak
{
    /// <summary>Size of an HLAK.</summary>
    public const int Length = 32;

    private static readonly byte[] ZeroKey = new byte[Length];

    /// <summary>The all-zero HLAK (no keys from PPP authentication).</summary>
    public static ReadOnlySpan<byte> Zero => ZeroKey;

    /// <summary>Server HLAK from the server's receive and send keys (e.g. RADIUS MS-MPPE-Recv/Send-Key).</summary>
    public static byte[] FromServerKeys(ReadOnlySpan<byte> receiveKey, ReadOnlySpan<byte> sendKey) =>
        Concatenate(receiveKey, sendKey);

    /// <summary>Client HLAK from the client's send and receive keys.</summary>
    public static byte[] FromClientKeys(ReadOnlySpan<byte> sendKey, ReadOnlySpan<byte> receiveKey) =>
        Concatenate(sendKey, receiveKey);

    /// <summary>Applies the cut/pad rule to arbitrary key material (e.g. an EAP MSK).</summary>
    public static byte[] Normalize(ReadOnlySpan<byte> keyMaterial) => Concatenate(keyMaterial, default);

    private static byte[] Concatenate(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second)
    {
        var hlak = new byte[Length];
        int n = Math.Min(first.Length, Length);
        first[..n].CopyTo(hlak);
        int m = Math.Min(second.Length, Length - n);
        second[..m].CopyTo(hlak.AsSpan(n));
        return hlak;
    }
}
