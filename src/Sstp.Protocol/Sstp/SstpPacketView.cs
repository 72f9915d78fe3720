namespace Sstp.Protocol.Sstp;

/// <summary>
/// One delineated SSTP packet, a view over the receive buffer (no copy) [MS-SSTP §2.2.1], SSTP.md §4.1.
/// Obtained from <see cref="SstpPacket.TryRead"/>.
/// </summary>
public readonly ref struct SstpPacketView
{
    internal SstpPacketView(ReadOnlySpan<byte> packet) => Packet = packet;

    /// <summary>The whole packet, header included (exactly Length bytes).</summary>
    public ReadOnlySpan<byte> Packet { get; }

    /// <summary>True for a control packet (C bit set), false for a data packet carrying one PPP frame.</summary>
    public bool IsControl => Packet.Length > 1 && (Packet[1] & 0x01) != 0;

    /// <summary>Everything after the 4-byte header: the PPP frame of a data packet, or the control message body.</summary>
    public ReadOnlySpan<byte> Payload => Packet.Length >= SstpPacket.HeaderLength ? Packet[SstpPacket.HeaderLength..] : default;
}
