using System.Buffers.Binary;

namespace Sstp.Protocol.Sstp;

// Byte templates, SSTP.md §4.4 ([MS-SSTP §2.2.9–§2.2.15]):
//   CALL_CONNECT_REQUEST  (14) 10 01 00 0E 00 01 00 01 | 00 01 00 06 00 01
//   CALL_CONNECT_ACK      (48) 10 01 00 30 00 02 00 01 | 00 04 00 28 00 00 00 BM | N[32]
//   CALL_CONNECT_NAK  (8+12k+) 10 01 LL LL 00 03 00 0k | {00 02 00 LL 00 00 00 AI SS SS SS SS [value]} × k
//   CALL_CONNECTED       (112) 10 01 00 70 00 04 00 01 | 00 03 00 68 00 00 00 HP | N[32] | CERT[32] | MAC[32]
//   CALL_ABORT            (20) 10 01 00 14 00 05 00 01 | 00 02 00 0C 00 00 00 AI SS SS SS SS
//   CALL_DISCONNECT       (20) 10 01 00 14 00 06 00 01 | 00 02 00 0C 00 00 00 00 00 00 00 00
//   CALL_DISCONNECT_ACK    (8) 10 01 00 08 00 07 00 00
//   ECHO_REQUEST / RESPONSE (8) 10 01 00 08 00 08|09 00 00
public static partial class SstpControlMessage
{
    /// <summary>Length of CALL_CONNECT_REQUEST.</summary>
    public const int CallConnectRequestLength = 14;

    /// <summary>Length of CALL_CONNECT_ACK.</summary>
    public const int CallConnectAckLength = 48;

    /// <summary>Length of CALL_CONNECTED.</summary>
    public const int CallConnectedLength = 112;

    /// <summary>Length of CALL_ABORT and CALL_DISCONNECT as we send them (with one Status Info).</summary>
    public const int StatusMessageLength = 20;

    /// <summary>Length of a control message without attributes (DISCONNECT_ACK, ECHO_*).</summary>
    public const int EmptyMessageLength = 8;

    /// <summary>Length of the nonce in CRYPTO_BINDING_REQ and CRYPTO_BINDING.</summary>
    public const int NonceLength = 32;

    /// <summary>SSTP_ENCAPSULATED_PROTOCOL_PPP, the only protocol ID defined [MS-SSTP §2.2.5].</summary>
    public const ushort EncapsulatedProtocolPpp = 0x0001;

    private const int StatusInfoHeaderLength = 12;

    /// <summary>Writes CALL_CONNECT_REQUEST (Encapsulated Protocol ID = PPP). Returns 14.</summary>
    public static int WriteCallConnectRequest(Span<byte> destination)
    {
        var span = Begin(destination, SstpMessageType.CallConnectRequest, CallConnectRequestLength, 1);
        WriteAttributeHeader(span[8..], SstpAttributeId.EncapsulatedProtocolId, 6);
        BinaryPrimitives.WriteUInt16BigEndian(span[12..], EncapsulatedProtocolPpp);
        return CallConnectRequestLength;
    }

    /// <summary>
    /// Writes CALL_CONNECT_ACK with a Crypto Binding Request: hash bitmask and a fresh 32-byte nonce. Returns 48.
    /// </summary>
    public static int WriteCallConnectAck(Span<byte> destination, CertHashProtocol bitmask, ReadOnlySpan<byte> nonce)
    {
        RequireLength(nonce, NonceLength, nameof(nonce));
        var span = Begin(destination, SstpMessageType.CallConnectAck, CallConnectAckLength, 1);
        WriteAttributeHeader(span[8..], SstpAttributeId.CryptoBindingRequest, 40);
        span.Slice(12, 3).Clear();
        span[15] = (byte)bitmask;
        nonce.CopyTo(span[16..]);
        return CallConnectAckLength;
    }

    /// <summary>Bytes needed by <see cref="WriteCallConnectNak"/> for these Status Infos.</summary>
    public static int GetCallConnectNakLength(ReadOnlySpan<SstpStatusInfo> statusInfos)
    {
        int length = SstpPacket.ControlHeaderLength;
        foreach (var info in statusInfos)
        {
            length += StatusInfoHeaderLength + Math.Min(info.Value.Length, SstpStatusInfo.MaxValueLength);
        }

        return length;
    }

    /// <summary>
    /// Writes CALL_CONNECT_NAK with one Status Info per entry (at least one; AttribValue cut to 64 bytes).
    /// The only message we send with more than one attribute (the spec requires one per problem).
    /// </summary>
    public static int WriteCallConnectNak(Span<byte> destination, ReadOnlySpan<SstpStatusInfo> statusInfos)
    {
        if (statusInfos.IsEmpty)
        {
            SstpThrow.BadArgument("A CALL_CONNECT_NAK carries at least one Status Info.", nameof(statusInfos));
        }

        int length = GetCallConnectNakLength(statusInfos);
        if (length > SstpPacket.MaxPacketLength)
        {
            SstpThrow.BadArgument("Too many Status Infos for one packet.", nameof(statusInfos));
        }

        var span = Begin(destination, SstpMessageType.CallConnectNak, length, statusInfos.Length);
        int offset = SstpPacket.ControlHeaderLength;
        foreach (var info in statusInfos)
        {
            var value = info.Value.Span;
            if (value.Length > SstpStatusInfo.MaxValueLength)
            {
                value = value[..SstpStatusInfo.MaxValueLength];
            }

            offset += WriteStatusInfo(span[offset..], info.AttributeId, info.Status, value);
        }

        return length;
    }

    /// <summary>
    /// Writes CALL_CONNECTED with a Crypto Binding. <paramref name="certHash"/> and <paramref name="compoundMac"/>
    /// are 20 (SHA-1) or 32 (SHA-256) bytes and are zero-padded to 32. Pass an empty MAC to leave the MAC area
    /// zeroed (as needed to compute it). Returns 112.
    /// </summary>
    public static int WriteCallConnected(
        Span<byte> destination,
        CertHashProtocol hashProtocol,
        ReadOnlySpan<byte> nonce,
        ReadOnlySpan<byte> certHash,
        ReadOnlySpan<byte> compoundMac)
    {
        RequireLength(nonce, NonceLength, nameof(nonce));
        if (certHash.Length > 32 || compoundMac.Length > 32)
        {
            SstpThrow.BadArgument("Certificate hash and Compound MAC are at most 32 bytes.", nameof(certHash));
        }

        var span = Begin(destination, SstpMessageType.CallConnected, CallConnectedLength, 1);
        WriteAttributeHeader(span[8..], SstpAttributeId.CryptoBinding, 104);
        span[12..CallConnectedLength].Clear();
        span[15] = (byte)hashProtocol;
        nonce.CopyTo(span[16..]);
        certHash.CopyTo(span[48..]);
        compoundMac.CopyTo(span[80..]);
        return CallConnectedLength;
    }

    /// <summary>Writes CALL_ABORT, always with a Status Info (sstpc ignores an Abort without one). Returns 20.</summary>
    public static int WriteCallAbort(Span<byte> destination, SstpAttributeId attributeId, SstpStatus status)
    {
        var span = Begin(destination, SstpMessageType.CallAbort, StatusMessageLength, 1);
        WriteStatusInfo(span[8..], attributeId, status, default);
        return StatusMessageLength;
    }

    /// <summary>
    /// Writes CALL_DISCONNECT, always with the Status Info (AttribID 0, status 0): sstpc does not acknowledge
    /// a Call Disconnect without one (SSTP.md §4.5). Returns 20.
    /// </summary>
    public static int WriteCallDisconnect(Span<byte> destination)
    {
        var span = Begin(destination, SstpMessageType.CallDisconnect, StatusMessageLength, 1);
        WriteStatusInfo(span[8..], SstpAttributeId.NoError, SstpStatus.NoError, default);
        return StatusMessageLength;
    }

    /// <summary>Writes CALL_DISCONNECT_ACK. Returns 8.</summary>
    public static int WriteCallDisconnectAck(Span<byte> destination) =>
        WriteEmpty(destination, SstpMessageType.CallDisconnectAck);

    /// <summary>Writes ECHO_REQUEST. Returns 8.</summary>
    public static int WriteEchoRequest(Span<byte> destination) => WriteEmpty(destination, SstpMessageType.EchoRequest);

    /// <summary>Writes ECHO_RESPONSE. Returns 8.</summary>
    public static int WriteEchoResponse(Span<byte> destination) => WriteEmpty(destination, SstpMessageType.EchoResponse);

    private static int WriteEmpty(Span<byte> destination, SstpMessageType type)
    {
        Begin(destination, type, EmptyMessageLength, 0);
        return EmptyMessageLength;
    }

    private static Span<byte> Begin(Span<byte> destination, SstpMessageType type, int length, int attributeCount)
    {
        if (destination.Length < length)
        {
            SstpThrow.DestinationTooSmall(length, destination.Length);
        }

        var span = destination[..length];
        SstpPacket.WriteHeader(span, isControl: true, length);
        BinaryPrimitives.WriteUInt16BigEndian(span[4..], (ushort)type);
        BinaryPrimitives.WriteUInt16BigEndian(span[6..], (ushort)attributeCount);
        return span;
    }

    private static void WriteAttributeHeader(Span<byte> destination, SstpAttributeId id, int length)
    {
        destination[0] = 0;
        destination[1] = (byte)id;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)length);
    }

    private static int WriteStatusInfo(Span<byte> destination, SstpAttributeId attributeId, SstpStatus status, ReadOnlySpan<byte> value)
    {
        int length = StatusInfoHeaderLength + value.Length;
        WriteAttributeHeader(destination, SstpAttributeId.StatusInfo, length);
        destination.Slice(4, 3).Clear();
        destination[7] = (byte)attributeId;
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], (uint)status);
        value.CopyTo(destination[StatusInfoHeaderLength..]);
        return length;
    }

    private static void RequireLength(ReadOnlySpan<byte> value, int length, string name)
    {
        if (value.Length != length)
        {
            SstpThrow.BadArgument($"Expected {length} bytes.", name);
        }
    }
}
