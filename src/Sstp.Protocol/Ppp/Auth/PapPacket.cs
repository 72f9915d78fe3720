using System.Buffers;

namespace Sstp.Protocol.Ppp.Auth;

/// <summary>
/// PAP packets [RFC 1334 §2.2; AUTH.md §2], the PPP Information field of protocol 0xC023.
/// <code>
/// Authenticate-Request (Code 1):
/// +------+------+------+------+-------------+---------+-------------+----------+
/// | Code |  Id  |    Length   | Peer-ID-Len | Peer-ID | Passwd-Len  | Password |
/// +------+------+------+------+-------------+---------+-------------+----------+
/// Authenticate-Ack / -Nak (Code 2 / 3):
/// +------+------+------+------+-------------+---------+
/// | Code |  Id  |    Length   |   Msg-Len   | Message |
/// +------+------+------+------+-------------+---------+
/// </code>
/// A view over the input: <see cref="PeerId"/>, <see cref="Password"/> and <see cref="Message"/> are slices.
/// An Ack/Nak without the Msg-Length octet is accepted as an empty message (lenient).
/// </summary>
public readonly ref struct PapPacket
{
    /// <summary>The Code field.</summary>
    public PapCode Code { get; }

    /// <summary>The Identifier field.</summary>
    public byte Identifier { get; }

    /// <summary>Peer-ID of a request (empty otherwise).</summary>
    public ReadOnlySpan<byte> PeerId { get; }

    /// <summary>Password of a request (empty otherwise).</summary>
    public ReadOnlySpan<byte> Password { get; }

    /// <summary>Message of an Ack/Nak (empty otherwise).</summary>
    public ReadOnlySpan<byte> Message { get; }

    private PapPacket(PapCode code, byte identifier, ReadOnlySpan<byte> peerId, ReadOnlySpan<byte> password, ReadOnlySpan<byte> message)
    {
        Code = code;
        Identifier = identifier;
        PeerId = peerId;
        Password = password;
        Message = message;
    }

    /// <summary>Parses one PAP packet. Never throws.</summary>
    public static OperationStatus TryRead(ReadOnlySpan<byte> packet, out PapPacket value, out AuthParseError error)
    {
        value = default;
        if (PppPacket.TryRead(packet, out var header) != OperationStatus.Done)
        {
            error = AuthParseError.BadHeader;
            return OperationStatus.InvalidData;
        }

        var data = header.Data;
        switch ((PapCode)header.Code)
        {
            case PapCode.AuthenticateRequest:
                if (data.Length < 1 || 1 + data[0] > data.Length)
                {
                    error = AuthParseError.PeerIdOverrun;
                    return OperationStatus.InvalidData;
                }

                var peerId = data.Slice(1, data[0]);
                var rest = data[(1 + data[0])..];
                if (rest.Length < 1 || 1 + rest[0] > rest.Length)
                {
                    error = AuthParseError.PasswordOverrun;
                    return OperationStatus.InvalidData;
                }

                value = new PapPacket(PapCode.AuthenticateRequest, header.Identifier, peerId, rest.Slice(1, rest[0]), default);
                break;
            case PapCode.AuthenticateAck:
            case PapCode.AuthenticateNak:
                if (data.Length >= 1 && 1 + data[0] > data.Length)
                {
                    error = AuthParseError.MessageOverrun;
                    return OperationStatus.InvalidData;
                }

                var message = data.Length == 0 ? default : data.Slice(1, data[0]);
                value = new PapPacket((PapCode)header.Code, header.Identifier, default, default, message);
                break;
            default:
                error = AuthParseError.UnknownCode;
                return OperationStatus.InvalidData;
        }

        error = AuthParseError.None;
        return OperationStatus.Done;
    }

    /// <summary>Encoded length of an Authenticate-Request.</summary>
    public static int GetRequestLength(int peerIdLength, int passwordLength) => PppPacket.HeaderLength + 2 + peerIdLength + passwordLength;

    /// <summary>Writes an Authenticate-Request; returns the bytes written.</summary>
    /// <exception cref="ArgumentException">A field is longer than 255 bytes or the destination is too small.</exception>
    public static int WriteRequest(Span<byte> destination, byte identifier, ReadOnlySpan<byte> peerId, ReadOnlySpan<byte> password)
    {
        AuthThrow.IfFieldTooLong(peerId.Length, nameof(peerId));
        AuthThrow.IfFieldTooLong(password.Length, nameof(password));
        int length = GetRequestLength(peerId.Length, password.Length);
        AuthThrow.IfTooSmall(destination, length);
        var data = destination[PppPacket.HeaderLength..];
        data[0] = (byte)peerId.Length;
        peerId.CopyTo(data[1..]);
        data[1 + peerId.Length] = (byte)password.Length;
        password.CopyTo(data[(2 + peerId.Length)..]);
        return PppPacket.WriteHeader(destination, (byte)PapCode.AuthenticateRequest, identifier, length - PppPacket.HeaderLength);
    }

    /// <summary>Writes an Authenticate-Ack or -Nak; returns the bytes written.</summary>
    /// <exception cref="ArgumentException">The message is longer than 255 bytes, the code is not Ack/Nak, or the destination is too small.</exception>
    public static int WriteResponse(Span<byte> destination, PapCode code, byte identifier, ReadOnlySpan<byte> message)
    {
        if (code is not (PapCode.AuthenticateAck or PapCode.AuthenticateNak))
        {
            throw new ArgumentOutOfRangeException(nameof(code));
        }

        AuthThrow.IfFieldTooLong(message.Length, nameof(message));
        int length = PppPacket.HeaderLength + 1 + message.Length;
        AuthThrow.IfTooSmall(destination, length);
        destination[PppPacket.HeaderLength] = (byte)message.Length;
        message.CopyTo(destination[(PppPacket.HeaderLength + 1)..]);
        return PppPacket.WriteHeader(destination, (byte)code, identifier, length - PppPacket.HeaderLength);
    }
}
