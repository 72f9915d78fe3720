using Sstp.Protocol.Primitives;

namespace Sstp.IO.Radius;

/// <summary>
/// The "random source" a <see cref="Sstp.Protocol.Radius.RadiusTransaction"/> asks for a new Identifier when an
/// Accounting-Request changes on retransmission (AUTH.md §7.6). Instead of a random value it hands out a free
/// Identifier of the endpoint's pool, so the new value cannot collide with another request in flight.
/// </summary>
internal sealed class RadiusIdentifierSwap(RadiusIdentifierPool pool) : IRandomSource
{
    /// <summary>The Identifier handed out by the last <see cref="Fill"/> since <see cref="Reset"/>, if any.</summary>
    public byte? Taken { get; private set; }

    /// <summary>Forgets the last hand-out (call before <c>HandleTimeout</c>).</summary>
    public void Reset() => Taken = null;

    /// <inheritdoc/>
    public void Fill(Span<byte> destination)
    {
        destination.Clear();
        if (destination.IsEmpty)
        {
            return;
        }

        if (pool.TryTakeSpare(out byte identifier))
        {
            destination[0] = identifier;
            Taken = identifier;
        }
    }
}
