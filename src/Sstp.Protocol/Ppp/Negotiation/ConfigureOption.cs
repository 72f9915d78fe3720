using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace Sstp.Protocol.Ppp.Negotiation;

/// <summary>
/// One Configuration Option of a Configure-Request/Ack/Nak/Reject (RFC 1661 §6):
/// <code>
///  0      1      2 ...
/// +------+------+-----------
/// | Type |Length| Data ...
/// +------+------+-----------
/// </code>
/// Length counts Type and Length too, so it is at least 2. A view over the packet, never a copy.
/// </summary>
public readonly ref struct ConfigureOption
{
    /// <summary>Size of the Type and Length fields.</summary>
    public const int HeaderLength = 2;

    /// <summary>Creates a view over one encoded option (<paramref name="raw"/> is the whole Type-Length-Data).</summary>
    public ConfigureOption(ReadOnlySpan<byte> raw) => Raw = raw;

    /// <summary>The Type field.</summary>
    public byte Type => Raw[0];

    /// <summary>The Data field (Length − 2 bytes).</summary>
    public ReadOnlySpan<byte> Data => Raw[HeaderLength..];

    /// <summary>The whole encoded option, as Configure-Reject must copy it.</summary>
    public ReadOnlySpan<byte> Raw { get; }

    /// <summary>Writes one option. Returns the bytes written.</summary>
    /// <exception cref="ArgumentException">The option is longer than 255 bytes or the destination too small.</exception>
    public static int Write(Span<byte> destination, byte type, ReadOnlySpan<byte> data)
    {
        int length = HeaderLength + data.Length;
        if (length > byte.MaxValue || destination.Length < length)
        {
            ThrowTooLong();
        }

        destination[0] = type;
        destination[1] = (byte)length;
        data.CopyTo(destination[HeaderLength..]);
        return length;
    }

    /// <summary>Writes an option with a 2-byte big-endian value (e.g. MRU). Returns the bytes written.</summary>
    public static int WriteUInt16(Span<byte> destination, byte type, ushort value)
    {
        Span<byte> data = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(data, value);
        return Write(destination, type, data);
    }

    /// <summary>Writes an option with a 4-byte big-endian value (e.g. Magic-Number, IP-Address). Returns the bytes written.</summary>
    public static int WriteUInt32(Span<byte> destination, byte type, uint value)
    {
        Span<byte> data = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(data, value);
        return Write(destination, type, data);
    }

    /// <summary>Writes an option with an 8-byte big-endian value (e.g. IPV6CP Interface-Identifier). Returns the bytes written.</summary>
    public static int WriteUInt64(Span<byte> destination, byte type, ulong value)
    {
        Span<byte> data = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(data, value);
        return Write(destination, type, data);
    }

    [DoesNotReturn]
    private static void ThrowTooLong()
        => throw new ArgumentException("The option does not fit in 255 bytes or in the destination.", "data");
}
