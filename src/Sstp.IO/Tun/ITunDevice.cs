namespace Sstp.IO.Tun;

/// <summary>
/// A layer-3 tunnel device: one IP packet per read or write, no link header and no packet-information
/// prefix. Kept small so that an in-memory fake can stand in for it in tests.
/// </summary>
public interface ITunDevice : IDisposable
{
    /// <summary>The interface name the kernel assigned (e.g. <c>sstp0</c>).</summary>
    string Name { get; }

    /// <summary>The interface MTU in bytes; the largest IP packet <see cref="Read"/> returns.</summary>
    int Mtu { get; }

    /// <summary>
    /// Blocks until one IP packet is available and copies it into <paramref name="destination"/>.
    /// </summary>
    /// <param name="destination">Receives the packet; should be at least <see cref="Mtu"/> bytes, since a
    /// longer packet is truncated by the kernel.</param>
    /// <returns>The packet length in bytes.</returns>
    int Read(Span<byte> destination);

    /// <summary>Hands one complete IP packet to the kernel.</summary>
    /// <param name="packet">An IPv4 or IPv6 packet, starting with the version nibble.</param>
    void Write(ReadOnlySpan<byte> packet);
}
