namespace Sstp.Protocol.Primitives;

/// <summary>
/// The only way randomness enters the core (nonces, LCP magic numbers, challenges, identifiers).
/// Hosts pass a cryptographic source; tests pass a seeded one so every run is repeatable.
/// </summary>
public interface IRandomSource
{
    /// <summary>Fills <paramref name="destination"/> with random bytes.</summary>
    void Fill(Span<byte> destination);
}
