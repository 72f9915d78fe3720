using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace Sstp.Protocol.Ppp;

/// <summary>
/// The PPP frame carried in one SSTP data packet (PPP.md §1, RFC 1661 §2, RFC 1662 §3).
/// <code>
/// +----------+----------+----------+----------+------------------
/// | Address  | Control  |     Protocol        |  Information ...
/// |   0xFF   |   0x03   |  (2 bytes, or 1 if  |
/// | (absent if ACFC)    |   PFC and odd)      |
/// +----------+----------+----------+----------+------------------
/// </code>
/// No flags, byte stuffing or FCS exist inside SSTP (PPP.md §1.1). We always send <c>FF 03</c> and a 2-byte
/// protocol (PPP.md §1.2); on receipt we are liberal and accept ACFC and PFC compressed frames.
/// Zero allocation: used once per data packet.
/// </summary>
public static class PppFrame
{
    /// <summary>Bytes written by <see cref="WriteHeader"/>: Address, Control and a 2-byte Protocol.</summary>
    public const int HeaderLength = 4;

    /// <summary>The All-Stations address (RFC 1662 §3.1).</summary>
    public const byte Address = 0xFF;

    /// <summary>The Unnumbered Information control value (RFC 1662 §3.1).</summary>
    public const byte Control = 0x03;

    /// <summary>
    /// Splits a received frame into Protocol and Information. Never throws.
    /// Returns <see cref="OperationStatus.InvalidData"/> for an empty or short frame, an Address 0xFF not followed
    /// by Control 0x03, or a protocol field that breaks the RFC 1661 §2 rule (first octet even and second octet even).
    /// </summary>
    /// <param name="frame">One whole PPP frame.</param>
    /// <param name="protocol">The Protocol field value.</param>
    /// <param name="information">The Information field: a view over <paramref name="frame"/>.</param>
    public static OperationStatus TryRead(ReadOnlySpan<byte> frame, out ushort protocol, out ReadOnlySpan<byte> information)
        => TryRead(frame, out protocol, out information, out _);

    /// <summary>As <see cref="TryRead(ReadOnlySpan{byte}, out ushort, out ReadOnlySpan{byte})"/>, naming the rule that failed.</summary>
    public static OperationStatus TryRead(
        ReadOnlySpan<byte> frame, out ushort protocol, out ReadOnlySpan<byte> information, out PppFrameError error)
    {
        protocol = 0;
        information = default;

        // RFC 1662 §3.2: Address and Control may be omitted only when ACFC was negotiated; accept both forms.
        if (frame.Length >= 2 && frame[0] == Address && frame[1] == Control)
        {
            frame = frame[2..];
        }
        else if (!frame.IsEmpty && frame[0] == Address)
        {
            // 0xFF cannot start a protocol field (0x00FF is reserved, "compression inefficient"), so this is an
            // Address field with a wrong Control field: RFC 1662 §3.1 says discard the frame.
            error = PppFrameError.InvalidAddressControl;
            return OperationStatus.InvalidData;
        }

        if (frame.IsEmpty)
        {
            error = PppFrameError.MissingProtocol;
            return OperationStatus.InvalidData;
        }

        // RFC 1661 §2: the least significant bit of the low octet is 1 and of the high octet 0, so an odd first
        // octet can only be a compressed (PFC) 1-byte protocol.
        if ((frame[0] & 1) == 1)
        {
            protocol = frame[0];
            information = frame[1..];
            error = PppFrameError.None;
            return OperationStatus.Done;
        }

        if (frame.Length < 2)
        {
            error = PppFrameError.MissingProtocol;
            return OperationStatus.InvalidData;
        }

        if ((frame[1] & 1) == 0)
        {
            error = PppFrameError.InvalidProtocol;
            return OperationStatus.InvalidData;
        }

        protocol = BinaryPrimitives.ReadUInt16BigEndian(frame);
        information = frame[2..];
        error = PppFrameError.None;
        return OperationStatus.Done;
    }

    /// <summary>Writes <c>FF 03</c> and the 2-byte <paramref name="protocol"/>. Returns <see cref="HeaderLength"/>.</summary>
    /// <exception cref="ArgumentException">The destination is shorter than <see cref="HeaderLength"/>.</exception>
    public static int WriteHeader(Span<byte> destination, PppProtocol protocol)
    {
        if (destination.Length < HeaderLength)
        {
            ThrowDestinationTooSmall();
        }

        destination[0] = Address;
        destination[1] = Control;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)protocol);
        return HeaderLength;
    }

    [DoesNotReturn]
    private static void ThrowDestinationTooSmall()
        => throw new ArgumentException("The destination is shorter than the PPP frame header.", "destination");
}
