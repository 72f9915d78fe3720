using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Text;
using System.Text.Unicode;

namespace Sstp.Protocol.Http;

/// <summary>
/// PROXY protocol version 2, the binary form (haproxy proxy-protocol.txt §2.2; INTEROP.md §9.2).
/// <code>
/// offset  size  field
///  0      12    signature 0D 0A 0D 0A 00 0D 0A 51 55 49 54 0A
/// 12       1    version (high nibble, = 2) | command (low nibble: 0 LOCAL, 1 PROXY)
/// 13       1    family (high nibble: 0 UNSPEC, 1 INET, 2 INET6, 3 UNIX) | transport (1 STREAM, 2 DGRAM)
/// 14       2    length of the rest, big-endian
/// 16       …    addresses: INET  src(4) dst(4) sport(2) dport(2)        = 12
///                          INET6 src(16) dst(16) sport(2) dport(2)      = 36
///                          UNIX  src(108) dst(108)                      = 216
///          …    TLVs: type(1) length(2, BE) value; 0x02 = AUTHORITY (UTF-8 host name); others skipped
/// </code>
/// LOCAL: the receiver uses the socket's own addresses and ignores the family and the whole block.
/// </summary>
public static partial class ProxyProtocolParser
{
    /// <summary>PP2_TYPE_AUTHORITY.</summary>
    private const byte TlvAuthority = 0x02;

    private static OperationStatus TryParseV2(
        ReadOnlySpan<byte> input, out ProxyHeader header, out int consumed, out ProxyProtocolError error)
    {
        header = default;
        consumed = 0;
        error = ProxyProtocolError.None;
        if (input.Length < V2HeaderLength)
        {
            return OperationStatus.NeedMoreData;
        }

        error = CheckV2Fixed(input, out bool local, out int addressLength, out int length);
        if (error != ProxyProtocolError.None)
        {
            return OperationStatus.InvalidData;
        }

        if (input.Length < V2HeaderLength + length)
        {
            return OperationStatus.NeedMoreData;
        }

        var body = input.Slice(V2HeaderLength, length);
        if (local)
        {
            header = new ProxyHeader(2, ProxyCommand.Local, null, null, null);
            consumed = V2HeaderLength + length;
            return OperationStatus.Done;
        }

        if (!TryReadAuthority(body[addressLength..], out string? authority))
        {
            error = ProxyProtocolError.BadTlv;
            return OperationStatus.InvalidData;
        }

        ReadV2Addresses(input[13], body, out var source, out var destination);
        header = new ProxyHeader(2, ProxyCommand.Proxy, source, destination, authority);
        consumed = V2HeaderLength + length;
        return OperationStatus.Done;
    }

    /// <summary>Checks bytes 12..15; all can be judged before the rest arrives.</summary>
    private static ProxyProtocolError CheckV2Fixed(
        ReadOnlySpan<byte> input, out bool local, out int addressLength, out int length)
    {
        local = false;
        addressLength = 0;
        length = BinaryPrimitives.ReadUInt16BigEndian(input[14..]);
        if (input[12] >> 4 != 2)
        {
            return ProxyProtocolError.BadVersion;
        }

        int command = input[12] & 0x0F;
        if (command > 1)
        {
            return ProxyProtocolError.BadCommand;
        }

        local = command == 0;
        if (local)
        {
            return ProxyProtocolError.None;
        }

        addressLength = input[13] switch
        {
            0x00 => 0,
            0x11 or 0x12 => 12,
            0x21 or 0x22 => 36,
            0x31 or 0x32 => 216,
            _ => -1,
        };
        if (addressLength < 0)
        {
            return ProxyProtocolError.BadFamily;
        }

        return length < addressLength ? ProxyProtocolError.BadLength : ProxyProtocolError.None;
    }

    /// <summary>IP endpoints for INET and INET6; null for UNSPEC and UNIX (use the socket's addresses).</summary>
    private static void ReadV2Addresses(byte family, ReadOnlySpan<byte> body, out IPEndPoint? source, out IPEndPoint? destination)
    {
        source = destination = null;
        int size = (family >> 4) switch
        {
            1 => 4,
            2 => 16,
            _ => 0,
        };
        if (size == 0)
        {
            return;
        }

        var ports = body[(2 * size)..];
        source = new IPEndPoint(new IPAddress(body[..size]), BinaryPrimitives.ReadUInt16BigEndian(ports));
        destination = new IPEndPoint(new IPAddress(body.Slice(size, size)), BinaryPrimitives.ReadUInt16BigEndian(ports[2..]));
    }

    /// <summary>Walks the TLVs; false when one overruns or AUTHORITY is not valid UTF-8.</summary>
    private static bool TryReadAuthority(ReadOnlySpan<byte> tlvs, out string? authority)
    {
        authority = null;
        while (!tlvs.IsEmpty)
        {
            if (tlvs.Length < 3)
            {
                return false;
            }

            int length = BinaryPrimitives.ReadUInt16BigEndian(tlvs[1..]);
            if (tlvs.Length < 3 + length)
            {
                return false;
            }

            var value = tlvs.Slice(3, length);
            if (tlvs[0] == TlvAuthority && authority is null)
            {
                if (!Utf8.IsValid(value))
                {
                    return false;
                }

                authority = Encoding.UTF8.GetString(value);
            }

            tlvs = tlvs[(3 + length)..];
        }

        return true;
    }
}
