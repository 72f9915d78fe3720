using System.Buffers;

namespace Sstp.Protocol.Ppp.Auth;

/// <summary>
/// CHAP packets [RFC 1994 §4; AUTH.md §3–§4.1], the PPP Information field of protocol 0xC223, also used by
/// MS-CHAPv2 [RFC 2759 §3–§7].
/// <code>
/// Challenge / Response (Code 1 / 2):
/// +------+------+------+------+------------+-------------+-----------+
/// | Code |  Id  |    Length   | Value-Size | Value ...   | Name ...  |
/// +------+------+------+------+------------+-------------+-----------+
/// Success / Failure (Code 3 / 4), and MS-CHAPv2 Change-Password (7) kept opaque:
/// +------+------+------+------+-------------
/// | Code |  Id  |    Length   | Message ...
/// +------+------+------+------+-------------
/// </code>
/// A view over the input; <see cref="Value"/>, <see cref="Name"/> and <see cref="Message"/> are slices.
/// </summary>
public readonly ref struct ChapPacket
{
    /// <summary>The Code field.</summary>
    public ChapCode Code { get; }

    /// <summary>The Identifier field.</summary>
    public byte Identifier { get; }

    /// <summary>Value of a Challenge/Response (empty otherwise).</summary>
    public ReadOnlySpan<byte> Value { get; }

    /// <summary>Name of a Challenge/Response (empty otherwise).</summary>
    public ReadOnlySpan<byte> Name { get; }

    /// <summary>Message of a Success/Failure/Change-Password (empty otherwise).</summary>
    public ReadOnlySpan<byte> Message { get; }

    private ChapPacket(ChapCode code, byte identifier, ReadOnlySpan<byte> value, ReadOnlySpan<byte> name, ReadOnlySpan<byte> message)
    {
        Code = code;
        Identifier = identifier;
        Value = value;
        Name = name;
        Message = message;
    }

    /// <summary>Parses one CHAP packet. Never throws.</summary>
    public static OperationStatus TryRead(ReadOnlySpan<byte> packet, out ChapPacket value, out AuthParseError error)
    {
        value = default;
        if (PppPacket.TryRead(packet, out var header) != OperationStatus.Done)
        {
            error = AuthParseError.BadHeader;
            return OperationStatus.InvalidData;
        }

        switch ((ChapCode)header.Code)
        {
            case ChapCode.Challenge:
            case ChapCode.Response:
                if (!TryReadValueAndName(header.Data, out var v, out var name))
                {
                    error = AuthParseError.ValueOverrun;
                    return OperationStatus.InvalidData;
                }

                value = new ChapPacket((ChapCode)header.Code, header.Identifier, v, name, default);
                break;
            case ChapCode.Success:
            case ChapCode.Failure:
            case ChapCode.ChangePassword:
                value = new ChapPacket((ChapCode)header.Code, header.Identifier, default, default, header.Data);
                break;
            default:
                error = AuthParseError.UnknownCode;
                return OperationStatus.InvalidData;
        }

        error = AuthParseError.None;
        return OperationStatus.Done;
    }

    /// <summary>
    /// Splits <c>Value-Size Value Name</c> (the data of a CHAP Challenge/Response, also of EAP-MSCHAPv2
    /// Challenge/Response). False when Value-Size is missing or runs past the data. Never throws.
    /// </summary>
    public static bool TryReadValueAndName(ReadOnlySpan<byte> data, out ReadOnlySpan<byte> value, out ReadOnlySpan<byte> name)
    {
        value = default;
        name = default;
        if (data.Length < 1 || 1 + data[0] > data.Length)
        {
            return false;
        }

        value = data.Slice(1, data[0]);
        name = data[(1 + data[0])..];
        return true;
    }

    /// <summary>Length of the <c>Value-Size Value Name</c> data.</summary>
    public static int GetValueAndNameLength(int valueLength, int nameLength) => 1 + valueLength + nameLength;

    /// <summary>Writes <c>Value-Size Value Name</c>; returns the bytes written.</summary>
    /// <exception cref="ArgumentException">The value is longer than 255 bytes or the destination is too small.</exception>
    public static int WriteValueAndName(Span<byte> destination, ReadOnlySpan<byte> value, ReadOnlySpan<byte> name)
    {
        AuthThrow.IfFieldTooLong(value.Length, nameof(value));
        int length = GetValueAndNameLength(value.Length, name.Length);
        AuthThrow.IfTooSmall(destination, length);
        destination[0] = (byte)value.Length;
        value.CopyTo(destination[1..]);
        name.CopyTo(destination[(1 + value.Length)..]);
        return length;
    }

    /// <summary>Writes a Challenge or Response; returns the bytes written.</summary>
    /// <exception cref="ArgumentException">Bad code, value longer than 255 bytes, or destination too small.</exception>
    public static int WriteChallengeOrResponse(Span<byte> destination, ChapCode code, byte identifier, ReadOnlySpan<byte> value, ReadOnlySpan<byte> name)
    {
        if (code is not (ChapCode.Challenge or ChapCode.Response))
        {
            throw new ArgumentOutOfRangeException(nameof(code));
        }

        AuthThrow.IfTooSmall(destination, PppPacket.HeaderLength + GetValueAndNameLength(value.Length, name.Length));
        int dataLength = WriteValueAndName(destination[PppPacket.HeaderLength..], value, name);
        return PppPacket.WriteHeader(destination, (byte)code, identifier, dataLength);
    }

    /// <summary>Writes a Success or Failure with a message; returns the bytes written.</summary>
    /// <exception cref="ArgumentException">Bad code or destination too small.</exception>
    public static int WriteMessage(Span<byte> destination, ChapCode code, byte identifier, ReadOnlySpan<byte> message)
    {
        if (code is not (ChapCode.Success or ChapCode.Failure))
        {
            throw new ArgumentOutOfRangeException(nameof(code));
        }

        AuthThrow.IfTooSmall(destination, PppPacket.HeaderLength + message.Length);
        return PppPacket.Write(destination, (byte)code, identifier, message);
    }
}
