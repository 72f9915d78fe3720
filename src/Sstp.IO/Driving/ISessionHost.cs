using Sstp.Protocol.Ppp;
using Sstp.Protocol.Session;

namespace Sstp.IO.Driving;

/// <summary>
/// The policy side of one session (server or client host). Every method runs on the session's driver loop,
/// one call at a time, so it may call into the session directly.
/// </summary>
public interface ISessionHost
{
    /// <summary>A session event: answer pauses (credentials, addresses) now or later through <see cref="SessionDriver.Post"/>.</summary>
    void OnEvent(SessionDriver driver, SessionEvent sessionEvent);

    /// <summary>
    /// An IP packet from the peer, for the TUN device. <paramref name="packet"/> is a slice of the receive buffer
    /// that stays valid only during the call; the host may modify it in place (MSS clamping).
    /// </summary>
    void OnPacket(SessionDriver driver, Span<byte> packet, PppProtocol protocol);

    /// <summary>
    /// The packets from one read of the transport were all delivered through <see cref="OnPacket"/>: write out
    /// anything held back to join them (TUN super-packets). Called after every batch, so it must be cheap.
    /// </summary>
    void OnBatchEnd(SessionDriver driver)
    {
    }
}
