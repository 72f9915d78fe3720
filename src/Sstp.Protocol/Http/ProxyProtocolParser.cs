using System.Buffers;

namespace Sstp.Protocol.Http;

/// <summary>
/// Parses the PROXY protocol header (haproxy proxy-protocol.txt, versions 1 and 2) that a trusted load
/// balancer puts at the very start of the TCP stream, before the TLS ClientHello or, with TLS terminated
/// upstream, before the HTTP request (INTEROP.md §9.2, SSTP.md §9).
/// <code>
/// v1: "PROXY TCP4 192.0.2.1 198.51.100.2 51234 443" CRLF          (at most 107 bytes)
/// v2: 0D 0A 0D 0A 00 0D 0A 51 55 49 54 0A | ver/cmd | fam/proto | len (2, BE) | addresses | TLVs
/// </code>
/// Detection: the v2 signature, else "PROXY ", else <see cref="ProxyProtocolError.BadSignature"/> (a
/// listener configured for the PROXY protocol drops connections without a valid header). Only use this on
/// listeners configured for it and for trusted peers.
/// </summary>
public static partial class ProxyProtocolParser
{
    /// <summary>The longest v1 header, including CRLF.</summary>
    public const int MaxV1Length = 107;

    /// <summary>The v2 fixed part: signature (12), version/command, family/protocol, length (2).</summary>
    public const int V2HeaderLength = 16;

    /// <summary>The v2 signature, bytes 0..11.</summary>
    private static ReadOnlySpan<byte> V2Signature => [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A];

    /// <summary>The v1 signature.</summary>
    private static ReadOnlySpan<byte> V1Signature => "PROXY "u8;

    /// <summary>
    /// Parses a PROXY header at the start of <paramref name="input"/>. Never throws and never reads past it.
    /// </summary>
    /// <returns>
    /// <see cref="OperationStatus.NeedMoreData"/> (consumed 0) while the header is incomplete;
    /// <see cref="OperationStatus.Done"/> with <paramref name="consumed"/> = the header length (what
    /// follows is TLS or HTTP); or <see cref="OperationStatus.InvalidData"/> with <paramref name="error"/>.
    /// </returns>
    public static OperationStatus TryParse(
        ReadOnlySpan<byte> input, out ProxyHeader header, out int consumed, out ProxyProtocolError error)
    {
        header = default;
        consumed = 0;
        error = ProxyProtocolError.None;

        int v2 = Math.Min(input.Length, V2Signature.Length);
        if (input[..v2].SequenceEqual(V2Signature[..v2]))
        {
            return input.Length < V2Signature.Length
                ? OperationStatus.NeedMoreData
                : TryParseV2(input, out header, out consumed, out error);
        }

        int v1 = Math.Min(input.Length, V1Signature.Length);
        if (input[..v1].SequenceEqual(V1Signature[..v1]))
        {
            return input.Length < V1Signature.Length
                ? OperationStatus.NeedMoreData
                : TryParseV1(input, out header, out consumed, out error);
        }

        error = ProxyProtocolError.BadSignature;
        return OperationStatus.InvalidData;
    }
}
