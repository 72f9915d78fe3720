using Sstp.Protocol.Primitives;

namespace Sstp.TestKit;

/// <summary>A repeatable <see cref="IRandomSource"/> for tests: the same seed gives the same bytes.</summary>
public sealed class SeededRandom : IRandomSource
{
    private readonly Random _random;

    /// <summary>Creates a source from a fixed seed.</summary>
    public SeededRandom(int seed = 1) => _random = new Random(seed);

    /// <inheritdoc/>
    public void Fill(Span<byte> destination) => _random.NextBytes(destination);
}

/// <summary>An <see cref="IRandomSource"/> that replays fixed bytes (for published test vectors).</summary>
public sealed class ScriptedRandom : IRandomSource
{
    private readonly Queue<byte[]> _chunks = new();
    private readonly SeededRandom _fallback;

    /// <summary>Creates a source that hands out <paramref name="chunks"/> in order, then seeded bytes.</summary>
    public ScriptedRandom(params byte[][] chunks)
    {
        foreach (var chunk in chunks)
        {
            _chunks.Enqueue(chunk);
        }

        _fallback = new SeededRandom(7);
    }

    /// <inheritdoc/>
    public void Fill(Span<byte> destination)
    {
        if (_chunks.Count > 0 && _chunks.Peek().Length == destination.Length)
        {
            _chunks.Dequeue().CopyTo(destination);
            return;
        }

        _fallback.Fill(destination);
    }
}
