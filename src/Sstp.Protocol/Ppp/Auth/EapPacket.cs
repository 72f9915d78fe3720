using System.Buffers;

namespace Sstp.Protocol.Ppp.Auth;

/// <summary>
/// EAP packets in PPP [RFC 3748 §4; AUTH.md §6], the PPP Information field of protocol 0xC227.
/// <code>
/// Request / Response (Code 1 / 2):
/// +------+------+------+------+------+--------------
/// | Code |  Id  |    Length   | Type | Type-Data ...
/// +------+------+------+------+------+--------------
/// Success / Failure (Code 3 / 4): the 4-byte header only.
/// </code>
/// A view; <see cref="TypeData"/> is a slice. Data after a Success/Failure header is ignored.
/// </summary>
public readonly ref struct EapPacket
{
    /// <summary>Length of the header plus the Type octet.</summary>
    public const int RequestHeaderLength = PppPacket.HeaderLength + 1;

    /// <summary>The Code field.</summary>
    public EapCode Code { get; }

    /// <summary>The Identifier field.</summary>
    public byte Identifier { get; }

    /// <summary>The Type of a Request/Response (0 for Success/Failure).</summary>
    public EapType Type { get; }

    /// <summary>The Type-Data of a Request/Response (empty otherwise).</summary>
    public ReadOnlySpan<byte> TypeData { get; }

    private EapPacket(EapCode code, byte identifier, EapType type, ReadOnlySpan<byte> typeData)
    {
        Code = code;
        Identifier = identifier;
        Type = type;
        TypeData = typeData;
    }

    /// <summary>Parses one EAP packet. Never throws.</summary>
    public static OperationStatus TryRead(ReadOnlySpan<byte> packet, out EapPacket value, out AuthParseError error)
    {
        value = default;
        if (PppPacket.TryRead(packet, out var header) != OperationStatus.Done)
        {
            error = AuthParseError.BadHeader;
            return OperationStatus.InvalidData;
        }

        switch ((EapCode)header.Code)
        {
            case EapCode.Request:
            case EapCode.Response:
                if (header.Data.IsEmpty)
                {
                    error = AuthParseError.EapTypeMissing;
                    return OperationStatus.InvalidData;
                }

                value = new EapPacket((EapCode)header.Code, header.Identifier, (EapType)header.Data[0], header.Data[1..]);
                break;
            case EapCode.Success:
            case EapCode.Failure:
                value = new EapPacket((EapCode)header.Code, header.Identifier, 0, default);
                break;
            default:
                error = AuthParseError.UnknownCode;
                return OperationStatus.InvalidData;
        }

        error = AuthParseError.None;
        return OperationStatus.Done;
    }

    /// <summary>Writes a Request or Response; returns the bytes written.</summary>
    /// <exception cref="ArgumentException">Bad code or destination too small.</exception>
    public static int Write(Span<byte> destination, EapCode code, byte identifier, EapType type, ReadOnlySpan<byte> typeData)
    {
        if (code is not (EapCode.Request or EapCode.Response))
        {
            throw new ArgumentOutOfRangeException(nameof(code));
        }

        AuthThrow.IfTooSmall(destination, RequestHeaderLength + typeData.Length);
        destination[PppPacket.HeaderLength] = (byte)type;
        typeData.CopyTo(destination[RequestHeaderLength..]);
        return PppPacket.WriteHeader(destination, (byte)code, identifier, 1 + typeData.Length);
    }

    /// <summary>Writes a 4-byte Success or Failure; returns 4.</summary>
    /// <exception cref="ArgumentException">Bad code or destination too small.</exception>
    public static int WriteSuccessOrFailure(Span<byte> destination, EapCode code, byte identifier)
    {
        if (code is not (EapCode.Success or EapCode.Failure))
        {
            throw new ArgumentOutOfRangeException(nameof(code));
        }

        AuthThrow.IfTooSmall(destination, PppPacket.HeaderLength);
        return PppPacket.WriteHeader(destination, (byte)code, identifier, 0);
    }
}
