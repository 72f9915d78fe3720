using System.Buffers;
using System.Buffers.Binary;

namespace Sstp.Protocol.Ppp.Auth;

/// <summary>
/// The Type-Data of EAP Type 26, EAP-MSCHAPv2 [draft-kamath-pppext-eap-mschapv2; AUTH.md §6.1]:
/// <code>
/// +--------+--------------+-------------+-----------
/// | OpCode | MS-CHAPv2-ID |  MS-Length  | Data ...
/// +--------+--------------+-------------+-----------
/// MS-Length = EAP Length − 5 (covers OpCode … end)
/// Challenge (Request):  Data = Value-Size(16) Challenge Name
/// Response (Response):  Data = Value-Size(49) Peer-Challenge Reserved NT-Response Flags Name
/// Success / Failure (Request): Data = the MS-CHAPv2 message text
/// Success / Failure acknowledgement (Response): the bare OpCode, one byte
/// </code>
/// A view; <see cref="Data"/> is a slice. An MS-Length shorter than the Type-Data is honoured (trailing
/// bytes ignored); a longer one is invalid.
/// </summary>
public readonly ref struct EapMsChapV2Packet
{
    /// <summary>Length of OpCode, MS-CHAPv2-ID and MS-Length.</summary>
    public const int HeaderLength = 4;

    /// <summary>The OpCode.</summary>
    public EapMsChapV2OpCode OpCode { get; }

    /// <summary>The MS-CHAPv2-ID (0 for a bare acknowledgement).</summary>
    public byte MsChapV2Id { get; }

    /// <summary>The data after MS-Length (empty for an acknowledgement).</summary>
    public ReadOnlySpan<byte> Data { get; }

    /// <summary>True for a one-byte Success/Failure acknowledgement from the peer.</summary>
    public bool IsAcknowledgement { get; }

    private EapMsChapV2Packet(EapMsChapV2OpCode opCode, byte id, ReadOnlySpan<byte> data, bool isAck)
    {
        OpCode = opCode;
        MsChapV2Id = id;
        Data = data;
        IsAcknowledgement = isAck;
    }

    /// <summary>Parses EAP-MSCHAPv2 Type-Data. Never throws.</summary>
    public static OperationStatus TryRead(ReadOnlySpan<byte> typeData, out EapMsChapV2Packet value, out AuthParseError error)
    {
        value = default;
        if (typeData.Length == 1 && (EapMsChapV2OpCode)typeData[0] is EapMsChapV2OpCode.Success or EapMsChapV2OpCode.Failure)
        {
            value = new EapMsChapV2Packet((EapMsChapV2OpCode)typeData[0], 0, default, isAck: true);
            error = AuthParseError.None;
            return OperationStatus.Done;
        }

        if (typeData.Length < HeaderLength)
        {
            error = AuthParseError.EapMsChapV2HeaderInvalid;
            return OperationStatus.InvalidData;
        }

        int msLength = BinaryPrimitives.ReadUInt16BigEndian(typeData[2..]);
        if (msLength < HeaderLength || msLength > typeData.Length)
        {
            error = AuthParseError.EapMsChapV2HeaderInvalid;
            return OperationStatus.InvalidData;
        }

        value = new EapMsChapV2Packet((EapMsChapV2OpCode)typeData[0], typeData[1], typeData[HeaderLength..msLength], isAck: false);
        error = AuthParseError.None;
        return OperationStatus.Done;
    }

    /// <summary>Writes OpCode, MS-CHAPv2-ID, MS-Length and <paramref name="data"/>; returns the bytes written.</summary>
    /// <exception cref="ArgumentException">Destination too small.</exception>
    public static int WriteTypeData(Span<byte> destination, EapMsChapV2OpCode opCode, byte msChapV2Id, ReadOnlySpan<byte> data)
    {
        int length = HeaderLength + data.Length;
        AuthThrow.IfTooSmall(destination, length);
        destination[0] = (byte)opCode;
        destination[1] = msChapV2Id;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], checked((ushort)length));
        data.CopyTo(destination[HeaderLength..]);
        return length;
    }

    /// <summary>Writes a whole EAP Request/Response of Type 26 around the given data; returns the bytes written.</summary>
    /// <exception cref="ArgumentException">Destination too small or bad code.</exception>
    public static int WritePacket(Span<byte> destination, EapCode code, byte eapIdentifier, EapMsChapV2OpCode opCode, byte msChapV2Id, ReadOnlySpan<byte> data)
    {
        AuthThrow.IfTooSmall(destination, EapPacket.RequestHeaderLength + HeaderLength + data.Length);
        int typeDataLength = WriteTypeData(destination[EapPacket.RequestHeaderLength..], opCode, msChapV2Id, data);
        destination[PppPacket.HeaderLength] = (byte)EapType.MsChapV2;
        if (code is not (EapCode.Request or EapCode.Response))
        {
            throw new ArgumentOutOfRangeException(nameof(code));
        }

        return PppPacket.WriteHeader(destination, (byte)code, eapIdentifier, 1 + typeDataLength);
    }

    /// <summary>Writes the peer's one-byte Success/Failure acknowledgement Response; returns 6.</summary>
    public static int WriteAcknowledgement(Span<byte> destination, byte eapIdentifier, EapMsChapV2OpCode opCode)
    {
        ReadOnlySpan<byte> typeData = [(byte)opCode];
        return EapPacket.Write(destination, EapCode.Response, eapIdentifier, EapType.MsChapV2, typeData);
    }
}
