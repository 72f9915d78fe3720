using System.Buffers.Binary;
using System.Net;

namespace Sstp.Protocol.Tests.Http;

/// <summary>
/// Builds PROXY protocol v2 headers byte by byte from the layout in INTEROP.md §9.2, independently of the
/// parser under test.
/// </summary>
internal static class ProxyV2Builder
{
    /// <summary>The 12-byte v2 signature.</summary>
    public static readonly byte[] Signature = [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A];

    /// <summary>A header with the given byte 12, byte 13, address block and TLVs; length computed unless given.</summary>
    public static byte[] Build(byte versionCommand, byte family, byte[] addresses, byte[] tlvs, int? lengthOverride = null)
    {
        var header = new byte[16];
        Signature.CopyTo(header, 0);
        header[12] = versionCommand;
        header[13] = family;
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(14), (ushort)(lengthOverride ?? addresses.Length + tlvs.Length));
        return [.. header, .. addresses, .. tlvs];
    }

    /// <summary>src addr, dst addr, src port, dst port (both addresses of the same family).</summary>
    public static byte[] Addresses(IPEndPoint source, IPEndPoint destination)
    {
        var ports = new byte[4];
        BinaryPrimitives.WriteUInt16BigEndian(ports, (ushort)source.Port);
        BinaryPrimitives.WriteUInt16BigEndian(ports.AsSpan(2), (ushort)destination.Port);
        return [.. source.Address.GetAddressBytes(), .. destination.Address.GetAddressBytes(), .. ports];
    }

    /// <summary>One TLV: type(1) length(2, BE) value.</summary>
    public static byte[] Tlv(byte type, byte[] value)
    {
        var head = new byte[3];
        head[0] = type;
        BinaryPrimitives.WriteUInt16BigEndian(head.AsSpan(1), (ushort)value.Length);
        return [.. head, .. value];
    }
}
