using System.Buffers.Binary;

namespace Sstp.Protocol.Ppp.Lcp;

/// <summary>
/// The value of the LCP Authentication-Protocol option (RFC 1661 §6.2, PPP.md §5.1):
/// <code>
/// +------+------+-------------+-----------+
/// |  3   | 4|5  |  Protocol   | Algorithm |   Algorithm only for CHAP (RFC 1994 §3)
/// +------+------+-------------+-----------+
/// </code>
/// </summary>
/// <param name="Protocol">The authentication protocol (PAP <c>C0 23</c>, CHAP <c>C2 23</c>, EAP <c>C2 27</c>).</param>
/// <param name="Algorithm">For CHAP the algorithm byte (5 MD5, 0x81 MS-CHAPv2); 0 when the option has none.</param>
public readonly record struct AuthProtocolOption(PppProtocol Protocol, byte Algorithm)
{
    /// <summary>CHAP algorithm value for MD5 (RFC 1994 §3).</summary>
    public const byte ChapAlgorithmMd5 = 0x05;

    /// <summary>CHAP algorithm value for MS-CHAPv2 (RFC 2759 §2).</summary>
    public const byte ChapAlgorithmMsChapV2 = 0x81;

    /// <summary>PAP: <c>C0 23</c> (RFC 1334).</summary>
    public static AuthProtocolOption Pap => new(PppProtocol.Pap, 0);

    /// <summary>CHAP with MD5: <c>C2 23 05</c> (RFC 1994).</summary>
    public static AuthProtocolOption ChapMd5 => new(PppProtocol.Chap, ChapAlgorithmMd5);

    /// <summary>MS-CHAPv2: <c>C2 23 81</c> (RFC 2759).</summary>
    public static AuthProtocolOption MsChapV2 => new(PppProtocol.Chap, ChapAlgorithmMsChapV2);

    /// <summary>EAP: <c>C2 27</c> (RFC 3748).</summary>
    public static AuthProtocolOption Eap => new(PppProtocol.Eap, 0);

    /// <summary>Length of the option Data: 3 for CHAP (protocol and algorithm), else 2.</summary>
    public int DataLength => Protocol == PppProtocol.Chap ? 3 : 2;

    /// <summary>Writes the option Data (protocol and, for CHAP, the algorithm). Returns the bytes written.</summary>
    public int WriteData(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)Protocol);
        if (Protocol != PppProtocol.Chap)
        {
            return 2;
        }

        destination[2] = Algorithm;
        return 3;
    }

    /// <summary>
    /// Reads the option Data. Accepts only the shapes we can use: 2 bytes for non-CHAP protocols, exactly
    /// 3 bytes (one algorithm byte) for CHAP. Never throws.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> data, out AuthProtocolOption value)
    {
        value = default;
        if (data.Length < 2)
        {
            return false;
        }

        var protocol = (PppProtocol)BinaryPrimitives.ReadUInt16BigEndian(data);
        if (protocol == PppProtocol.Chap)
        {
            if (data.Length != 3)
            {
                return false;
            }

            value = new AuthProtocolOption(protocol, data[2]);
            return true;
        }

        if (data.Length != 2)
        {
            return false;
        }

        value = new AuthProtocolOption(protocol, 0);
        return true;
    }
}
