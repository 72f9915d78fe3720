using System.Buffers;
using System.Net;

namespace Sstp.Protocol.Http;

/// <summary>
/// PROXY protocol version 1, the text form (haproxy proxy-protocol.txt §2.1; INTEROP.md §9.2).
/// <code>
/// "PROXY" SP "TCP4" SP src-ip SP dst-ip SP src-port SP dst-port CRLF
/// "PROXY" SP "TCP6" SP src-ip SP dst-ip SP src-port SP dst-port CRLF
/// "PROXY" SP "UNKNOWN" [ SP anything ] CRLF                      (use the socket's addresses)
/// </code>
/// Single spaces, at most 107 bytes including CRLF, addresses in canonical text (dotted quad for TCP4,
/// an IPv6 literal for TCP6), ports 0..65535 in decimal.
/// </summary>
public static partial class ProxyProtocolParser
{
    private static OperationStatus TryParseV1(
        ReadOnlySpan<byte> input, out ProxyHeader header, out int consumed, out ProxyProtocolError error)
    {
        header = default;
        consumed = 0;
        error = ProxyProtocolError.None;

        int end = -1;
        int limit = Math.Min(input.Length, MaxV1Length);
        for (int i = 0; i < limit && end < 0; i++)
        {
            byte b = input[i];
            if (b == (byte)'\r' && i + 1 < input.Length)
            {
                if (input[i + 1] != (byte)'\n')
                {
                    error = ProxyProtocolError.BadV1Text;
                    return OperationStatus.InvalidData;
                }

                end = i;
            }
            else if (b != (byte)'\r' && (b < 0x20 || b > 0x7E))
            {
                error = ProxyProtocolError.BadV1Text;
                return OperationStatus.InvalidData;
            }
        }

        if (end < 0 || end + 2 > MaxV1Length)
        {
            bool tooLong = end >= 0 || input.Length >= MaxV1Length;
            error = tooLong ? ProxyProtocolError.V1TooLong : ProxyProtocolError.None;
            return tooLong ? OperationStatus.InvalidData : OperationStatus.NeedMoreData;
        }

        error = ParseV1Line(input[V1Signature.Length..end], out header);
        if (error != ProxyProtocolError.None)
        {
            header = default;
            return OperationStatus.InvalidData;
        }

        consumed = end + 2;
        return OperationStatus.Done;
    }

    private static ProxyProtocolError ParseV1Line(ReadOnlySpan<byte> line, out ProxyHeader header)
    {
        header = new ProxyHeader(1, ProxyCommand.Proxy, null, null, null);
        if (line.SequenceEqual("UNKNOWN"u8) || line.StartsWith("UNKNOWN "u8))
        {
            return ProxyProtocolError.None;
        }

        Span<Range> fields = stackalloc Range[5];
        if (!TrySplitFields(line, fields))
        {
            return ProxyProtocolError.BadV1Text;
        }

        var protocol = line[fields[0]];
        bool v6 = protocol.SequenceEqual("TCP6"u8);
        if (!v6 && !protocol.SequenceEqual("TCP4"u8))
        {
            return ProxyProtocolError.BadFamily;
        }

        if (!TryParseV1Address(line[fields[1]], v6, out var source)
            || !TryParseV1Address(line[fields[2]], v6, out var destination))
        {
            return ProxyProtocolError.BadAddress;
        }

        if (!TryParseV1Port(line[fields[3]], out int sourcePort) || !TryParseV1Port(line[fields[4]], out int destinationPort))
        {
            return ProxyProtocolError.BadPort;
        }

        header = header with
        {
            Source = new IPEndPoint(source, sourcePort),
            Destination = new IPEndPoint(destination, destinationPort),
        };
        return ProxyProtocolError.None;
    }

    /// <summary>
    /// TCP4: exactly four decimal octets of 1–3 digits each, at most 255 (no shorthand, hex or octal forms,
    /// which <see cref="IPAddress.TryParse(ReadOnlySpan{char}, out IPAddress?)"/> would accept).
    /// TCP6: hex digits, ':' and '.' only (no brackets, zone or prefix), parsed as an IPv6 address.
    /// </summary>
    private static bool TryParseV1Address(ReadOnlySpan<byte> text, bool v6, out IPAddress address)
    {
        address = IPAddress.None;
        if (!v6)
        {
            Span<byte> octets = stackalloc byte[4];
            var rest = text;
            for (int index = 0; index < 4; index++)
            {
                int dot = rest.IndexOf((byte)'.');
                bool last = index == 3;
                if (last != (dot < 0))
                {
                    return false;
                }

                var digits = last ? rest : rest[..dot];
                if (digits.Length > 3 || !TryParseDecimal(digits, out int value) || value > 255)
                {
                    return false;
                }

                octets[index] = (byte)value;
                rest = last ? default : rest[(dot + 1)..];
            }

            address = new IPAddress(octets);
            return true;
        }

        // The longest IPv6 text form (with an embedded dotted quad) is 45 characters.
        if (text.Length > 45)
        {
            return false;
        }

        Span<char> chars = stackalloc char[45];
        for (int i = 0; i < text.Length; i++)
        {
            char c = (char)text[i];
            if (!char.IsAsciiHexDigit(c) && c != ':' && c != '.')
            {
                return false;
            }

            chars[i] = c;
        }

        Span<byte> bytes = stackalloc byte[16];
        if (!IPAddress.TryParse(chars[..text.Length], out var parsed) || !parsed.TryWriteBytes(bytes, out int size) || size != 16)
        {
            return false;
        }

        address = parsed;
        return true;
    }

    /// <summary>Splits at single spaces into exactly <paramref name="fields"/>.Length non-empty fields.</summary>
    private static bool TrySplitFields(ReadOnlySpan<byte> line, Span<Range> fields)
    {
        int start = 0;
        for (int i = 0; i < fields.Length; i++)
        {
            int space = line[start..].IndexOf((byte)' ');
            bool last = i == fields.Length - 1;
            if (last != (space < 0) || space == 0 || (last && start == line.Length))
            {
                return false;
            }

            int end = last ? line.Length : start + space;
            fields[i] = start..end;
            start = end + 1;
        }

        return true;
    }

    private static bool TryParseV1Port(ReadOnlySpan<byte> text, out int port) =>
        TryParseDecimal(text, out port) && text.Length <= 5 && port <= 65535;

    /// <summary>1 to 5 ASCII digits.</summary>
    private static bool TryParseDecimal(ReadOnlySpan<byte> text, out int value)
    {
        value = 0;
        if (text.IsEmpty || text.Length > 5)
        {
            return false;
        }

        foreach (byte b in text)
        {
            if (!char.IsAsciiDigit((char)b))
            {
                return false;
            }

            value = (value * 10) + (b - '0');
        }

        return true;
    }
}
