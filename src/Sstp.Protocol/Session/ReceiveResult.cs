using Sstp.Protocol.Ppp;

namespace Sstp.Protocol.Session;

/// <summary>What <c>Receive</c> did with the input.</summary>
public enum ReceiveStatus
{
    /// <summary>The input holds no complete HTTP header block or SSTP packet yet; nothing was consumed.</summary>
    NeedMoreData,

    /// <summary>Bytes were consumed and handled internally (control traffic, or a dropped frame).</summary>
    Handled,

    /// <summary>Bytes were consumed and they carry an IP packet for the TUN device (see <see cref="ReceiveResult.PacketOffset"/>).</summary>
    Packet,

    /// <summary>The session is closed; stop reading and flush what <c>TryPollTransmit</c> still has.</summary>
    Closed,
}

/// <summary>
/// The result of one <c>Receive</c> call: how many bytes were consumed, and for an IP packet where it sits in
/// the input (a slice, never a copy, so the data path allocates nothing).
/// </summary>
/// <param name="Status">What happened.</param>
/// <param name="Consumed">Bytes of the input that were used.</param>
/// <param name="PacketOffset">For <see cref="ReceiveStatus.Packet"/>: offset of the IP packet in the input.</param>
/// <param name="PacketLength">For <see cref="ReceiveStatus.Packet"/>: its length.</param>
/// <param name="Protocol">For <see cref="ReceiveStatus.Packet"/>: IPv4 or IPv6.</param>
public readonly record struct ReceiveResult(
    ReceiveStatus Status, int Consumed, int PacketOffset = 0, int PacketLength = 0, PppProtocol Protocol = default)
{
    /// <summary>The IP packet inside <paramref name="input"/> (the same span that was passed to <c>Receive</c>).</summary>
    public ReadOnlySpan<byte> GetPacket(ReadOnlySpan<byte> input) => input.Slice(PacketOffset, PacketLength);
}
