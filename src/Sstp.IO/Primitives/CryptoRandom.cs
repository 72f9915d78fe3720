using System.Security.Cryptography;
using Sstp.Protocol.Primitives;

namespace Sstp.IO.Primitives;

/// <summary>The operating system's cryptographic random generator, for nonces, challenges and magic numbers.</summary>
public sealed class CryptoRandom : IRandomSource
{
    /// <summary>The one instance (the generator is thread-safe).</summary>
    public static CryptoRandom Instance { get; } = new();

    /// <inheritdoc/>
    public void Fill(Span<byte> destination) => RandomNumberGenerator.Fill(destination);
}
