using System.Buffers.Binary;
using System.Net;

namespace Sstp.Server.Aaa;

/// <summary>
/// Remembers the answers sent in the last <see cref="Window"/> so that a retransmitted request gets the same
/// answer again without acting twice (RFC 5080 §2.2.2: a duplicate has the same source address and port,
/// Identifier and Request Authenticator). Bounded: at most <see cref="Capacity"/> answers are kept; past that,
/// expired ones are pruned and, if still full, nothing new is remembered. Not thread-safe (the listener's
/// single receive loop owns it).
/// </summary>
internal sealed class DasDuplicateCache
{
    /// <summary>How long an answer is kept: longer than a DAC's retransmissions (3 tries × 3 s is typical).</summary>
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(30);

    /// <summary>Most answers kept at once (≤ 4096 octets each).</summary>
    public const int Capacity = 4096;

    private readonly Dictionary<(IPEndPoint Source, byte Identifier, UInt128 Authenticator), (byte[] Answer, TimeSpan Expires)> _answers = [];

    private TimeSpan _nextPrune;

    /// <summary>Number of answers held.</summary>
    public int Count => _answers.Count;

    /// <summary>Finds a live answer to the same request.</summary>
    public bool TryGet(IPEndPoint source, byte identifier, ReadOnlySpan<byte> authenticator, TimeSpan now, out byte[] answer)
    {
        if (_answers.TryGetValue(Key(source, identifier, authenticator), out var entry) && entry.Expires > now)
        {
            answer = entry.Answer;
            return true;
        }

        answer = [];
        return false;
    }

    /// <summary>Remembers <paramref name="answer"/> (copied) until <paramref name="now"/> + <see cref="Window"/>.</summary>
    public void Add(IPEndPoint source, byte identifier, ReadOnlySpan<byte> authenticator, ReadOnlySpan<byte> answer, TimeSpan now)
    {
        if (now >= _nextPrune || _answers.Count >= Capacity)
        {
            // Expired answers are swept at most once per window, or when the cache is full.
            Prune(now);
            _nextPrune = now + Window;
            if (_answers.Count >= Capacity)
            {
                return;
            }
        }

        _answers[Key(source, identifier, authenticator)] = (answer.ToArray(), now + Window);
    }

    /// <summary>Drops every answer whose time has passed.</summary>
    public void Prune(TimeSpan now)
    {
        foreach (var (key, entry) in _answers)
        {
            if (entry.Expires <= now)
            {
                _answers.Remove(key);
            }
        }
    }

    private static (IPEndPoint, byte, UInt128) Key(IPEndPoint source, byte identifier, ReadOnlySpan<byte> authenticator) =>
        (source, identifier, BinaryPrimitives.ReadUInt128BigEndian(authenticator));
}
