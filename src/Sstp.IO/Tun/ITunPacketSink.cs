namespace Sstp.IO.Tun;

/// <summary>
/// Receives packets from a <see cref="TunReader"/>. Every method is called on the reader's own thread, one
/// call at a time; none may call <see cref="TunReader.Dispose"/> and wait for it.
/// </summary>
public interface ITunPacketSink
{
    /// <summary>
    /// Supplies the buffer the next packet is read into. The packet lands at offset
    /// <see cref="TunReader.Headroom"/>, leaving room in front of it for headers written later in place.
    /// May block to apply backpressure (e.g. a bounded pool that is empty).
    /// </summary>
    /// <returns>A buffer longer than the headroom; bytes past the headroom hold at most one packet.</returns>
    byte[] AcquireBuffer();

    /// <summary>
    /// One packet has arrived at <c>buffer[headroom .. headroom + length]</c>. The buffer now belongs to the
    /// sink; the reader will not touch it again.
    /// </summary>
    /// <param name="buffer">The buffer from <see cref="AcquireBuffer"/>.</param>
    /// <param name="length">The packet length in bytes (never 0).</param>
    void OnPacket(byte[] buffer, int length);

    /// <summary>A buffer from <see cref="AcquireBuffer"/> that was not filled, handed back when the reader stops.</summary>
    void ReleaseBuffer(byte[] buffer);

    /// <summary>The reader has stopped: <paramref name="error"/> is null after Dispose, or the failure otherwise.</summary>
    void OnStopped(Exception? error);
}
