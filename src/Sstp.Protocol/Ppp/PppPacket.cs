using System.Buffers;
using System.Buffers.Binary;

namespace Sstp.Protocol.Ppp;

/// <summary>
/// The common header of LCP, NCP, PAP, CHAP and EAP packets (RFC 1661 §5, RFC 1334 §2.2, RFC 1994 §4,
/// RFC 3748 §4): the PPP Information field of a control frame.
/// <code>
///  0      1      2      3
/// +------+------+------+------+----------
/// | Code |  Id  |    Length   |  Data ...
/// +------+------+------+------+----------
/// </code>
/// Length covers the whole packet including these 4 bytes. Octets beyond Length are padding and are
/// ignored; a Length larger than what arrived means the packet is discarded (RFC 1661 §5).
/// </summary>
public readonly ref struct PppPacket
{
    /// <summary>Size of the Code, Identifier and Length fields.</summary>
    public const int HeaderLength = 4;

    /// <summary>The Code field.</summary>
    public byte Code { get; }

    /// <summary>The Identifier field.</summary>
    public byte Identifier { get; }

    /// <summary>The Data field (Length − 4 bytes; padding after Length excluded). A view, not a copy.</summary>
    public ReadOnlySpan<byte> Data { get; }

    /// <summary>Creates a view over the fields of one packet.</summary>
    public PppPacket(byte code, byte identifier, ReadOnlySpan<byte> data)
    {
        Code = code;
        Identifier = identifier;
        Data = data;
    }

    /// <summary>Total encoded length of this packet.</summary>
    public int Length => HeaderLength + Data.Length;

    /// <summary>
    /// Reads one packet from a PPP Information field. Never throws.
    /// Returns <see cref="OperationStatus.InvalidData"/> when the header is short, Length &lt; 4, or Length
    /// exceeds the input (RFC 1661 §5: such packets are silently discarded).
    /// </summary>
    public static OperationStatus TryRead(ReadOnlySpan<byte> information, out PppPacket packet)
    {
        packet = default;
        if (information.Length < HeaderLength)
        {
            return OperationStatus.InvalidData;
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(information[2..]);
        if (length < HeaderLength || length > information.Length)
        {
            return OperationStatus.InvalidData;
        }

        packet = new PppPacket(information[0], information[1], information[HeaderLength..length]);
        return OperationStatus.Done;
    }

    /// <summary>
    /// Writes Code, Identifier and Length for a packet whose Data (of <paramref name="dataLength"/> bytes) the
    /// caller has already written at <c>destination[4..]</c>. Returns the packet length.
    /// </summary>
    public static int WriteHeader(Span<byte> destination, byte code, byte identifier, int dataLength)
    {
        int length = HeaderLength + dataLength;
        if (length > ushort.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(dataLength));
        }

        destination[0] = code;
        destination[1] = identifier;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)length);
        return length;
    }

    /// <summary>Writes a whole packet (header and <paramref name="data"/>). Returns the bytes written.</summary>
    public static int Write(Span<byte> destination, byte code, byte identifier, ReadOnlySpan<byte> data)
    {
        data.CopyTo(destination[HeaderLength..]);
        return WriteHeader(destination, code, identifier, data.Length);
    }
}
