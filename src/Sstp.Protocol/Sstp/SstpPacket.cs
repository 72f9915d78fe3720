using System.Buffers;
using System.Buffers.Binary;

namespace Sstp.Protocol.Sstp;

/// <summary>
/// SSTP packet framing [MS-SSTP §2.2.1, §2.2.3], SSTP.md §4.1.
/// <code>
///  byte 0     byte 1            bytes 2..3
/// +--------+---------------+-----------------------------+
/// |Version | 7 bits rsvd |C| R (4 bits) | Length (12 bits)|
/// +--------+---------------+-----------------------------+
/// | 0x10   | 0x00 data / 0x01 control                     |
/// </code>
/// Length covers the whole packet including the header (4..4095). Received lengths are masked with 0x0FFF
/// (SoftEther and sorz do the same); we never set the R bits when sending, so peers that read all 16 bits
/// (sstpc, OSC, accel) agree with us.
/// </summary>
public static class SstpPacket
{
    /// <summary>The only version we send and accept (major 1, minor 0) [MS-SSTP §2.2.1].</summary>
    public const byte Version = 0x10;

    /// <summary>Size of the common SSTP header.</summary>
    public const int HeaderLength = 4;

    /// <summary>Largest packet the 12-bit Length can describe.</summary>
    public const int MaxPacketLength = 4095;

    /// <summary>Largest PPP frame one data packet can carry (4095 − 4) [MS-SSTP §3.1.5.2].</summary>
    public const int MaxPayloadLength = MaxPacketLength - HeaderLength;

    /// <summary>Size of the control header: SSTP header, Message Type and Num Attributes [MS-SSTP §2.2.2].</summary>
    public const int ControlHeaderLength = 8;

    private const int LengthMask = 0x0FFF;
    private const byte ControlBit = 0x01;

    /// <summary>
    /// Delineates one SSTP packet at the start of <paramref name="input"/>. Never throws.
    /// <see cref="OperationStatus.NeedMoreData"/>: the packet is not complete yet (<paramref name="consumed"/> = 0).
    /// <see cref="OperationStatus.InvalidData"/>: a delineation error (<paramref name="error"/> says which); per
    /// [MS-SSTP §3.1.5.1] the connection is then closed without sending anything.
    /// </summary>
    public static OperationStatus TryRead(
        ReadOnlySpan<byte> input, out SstpPacketView packet, out int consumed, out SstpParseError error)
    {
        packet = default;
        consumed = 0;
        error = SstpParseError.None;

        // MS-SSTP §2.2.1: the receiver MUST validate the version; fail early so garbage is not buffered.
        if (input.Length >= 1 && input[0] != Version)
        {
            error = SstpParseError.BadVersion;
            return OperationStatus.InvalidData;
        }

        if (input.Length < HeaderLength)
        {
            return OperationStatus.NeedMoreData;
        }

        bool isControl = (input[1] & ControlBit) != 0;
        int length = BinaryPrimitives.ReadUInt16BigEndian(input[2..]) & LengthMask;
        if (length < HeaderLength)
        {
            error = SstpParseError.LengthTooSmall;
            return OperationStatus.InvalidData;
        }

        if (isControl && length < ControlHeaderLength)
        {
            error = SstpParseError.ControlLengthTooSmall;
            return OperationStatus.InvalidData;
        }

        if (input.Length < length)
        {
            return OperationStatus.NeedMoreData;
        }

        packet = new SstpPacketView(input[..length]);
        consumed = length;
        return OperationStatus.Done;
    }

    /// <summary>
    /// Writes the header of a data packet, <c>10 00 LL LL</c>, for a PPP frame of
    /// <paramref name="payloadLength"/> bytes that the caller places at <c>destination[4..]</c>. Returns 4.
    /// Allocation-free; called once per data packet. Throws when the frame exceeds
    /// <see cref="MaxPayloadLength"/> (our bug: the MTU must keep frames small enough).
    /// </summary>
    public static int WriteDataHeader(Span<byte> destination, int payloadLength)
    {
        if ((uint)payloadLength > MaxPayloadLength)
        {
            SstpThrow.PayloadTooLong(payloadLength);
        }

        WriteHeader(destination, isControl: false, HeaderLength + payloadLength);
        return HeaderLength;
    }

    /// <summary>Writes a 4-byte SSTP header with the given total length (already range-checked).</summary>
    internal static void WriteHeader(Span<byte> destination, bool isControl, int totalLength)
    {
        if (destination.Length < HeaderLength)
        {
            SstpThrow.DestinationTooSmall(HeaderLength, destination.Length);
        }

        destination[0] = Version;
        destination[1] = isControl ? ControlBit : (byte)0;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)totalLength);
    }
}
