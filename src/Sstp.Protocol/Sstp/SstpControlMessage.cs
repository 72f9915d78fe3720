using System.Buffers;
using System.Buffers.Binary;

namespace Sstp.Protocol.Sstp;

/// <summary>
/// Control message codec [MS-SSTP §2.2.2, §2.2.4], SSTP.md §4.2–§4.5.
/// <code>
/// offset 0    : 0x10               offset 4-5 : Message Type
/// offset 1    : 0x01 (C bit)       offset 6-7 : Num Attributes
/// offset 2-3  : Length (12 bits)   offset 8.. : attributes {00 | ID | Length(12) | Value}
/// </code>
/// Parsing walks attributes by their own 12-bit lengths and rejects one shorter than 4 bytes or running past
/// the packet (SSTP.md §4.5). Writers (in <c>SstpControlMessage.Writers.cs</c>) never emit more than one
/// attribute except in a NAK, because sstpc only locates the first attribute correctly.
/// </summary>
public static partial class SstpControlMessage
{
    /// <summary>
    /// Parses one whole control packet (as delineated by <see cref="SstpPacket.TryRead"/>). Never throws.
    /// Returns <see cref="OperationStatus.Done"/> or <see cref="OperationStatus.InvalidData"/> with the rule
    /// that failed in <paramref name="error"/>. The message type is not checked here (unknown types parse).
    /// </summary>
    public static OperationStatus TryParse(
        ReadOnlySpan<byte> packet, out SstpControlMessageView message, out SstpParseError error)
    {
        message = default;
        error = Validate(packet, out int count);
        if (error != SstpParseError.None)
        {
            return OperationStatus.InvalidData;
        }

        message = new SstpControlMessageView(packet, count);
        return OperationStatus.Done;
    }

    private static SstpParseError Validate(ReadOnlySpan<byte> packet, out int count)
    {
        count = 0;
        if (packet.Length >= 1 && packet[0] != SstpPacket.Version)
        {
            return SstpParseError.BadVersion;
        }

        if (packet.Length < SstpPacket.HeaderLength)
        {
            return SstpParseError.LengthMismatch;
        }

        if ((packet[1] & 0x01) == 0)
        {
            return SstpParseError.NotControlPacket;
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]) & 0x0FFF;
        if (length < SstpPacket.HeaderLength)
        {
            return SstpParseError.LengthTooSmall;
        }

        if (length < SstpPacket.ControlHeaderLength)
        {
            return SstpParseError.ControlLengthTooSmall;
        }

        if (length != packet.Length)
        {
            return SstpParseError.LengthMismatch;
        }

        int declared = BinaryPrimitives.ReadUInt16BigEndian(packet[6..]);
        var rest = packet[SstpPacket.ControlHeaderLength..];
        while (!rest.IsEmpty)
        {
            if (rest.Length < SstpAttributeView.HeaderLength)
            {
                return SstpParseError.AttributeTruncated;
            }

            int attributeLength = SstpAttributeView.ReadLength(rest);
            if (attributeLength < SstpAttributeView.HeaderLength)
            {
                return SstpParseError.AttributeLengthTooSmall;
            }

            if (attributeLength > rest.Length)
            {
                return SstpParseError.AttributeOverrun;
            }

            rest = rest[attributeLength..];
            count++;
        }

        return count == declared ? SstpParseError.None : SstpParseError.AttributeCountMismatch;
    }
}
