// Several certificates behind one listener (SNI). The default certificate carries the others as its
// alternates, so the whole set travels as one object: the acceptor swaps it in one write on reload, and a
// handshake reads it once and picks from that snapshot. The lookup tables are built once, when the set is
// made; a handshake does two dictionary lookups at most.

namespace Sstp.IO.Tls;

/// <summary>SNI: the certificates chosen by server name.</summary>
public sealed partial class CertificateSource
{
    private CertificateSource[] _alternates = [];
    private Dictionary<string, CertificateSource>? _exact;
    private Dictionary<string, CertificateSource>? _wildcards;

    /// <summary>Further certificates chosen by server name; empty when this is the only one.</summary>
    public IReadOnlyList<CertificateSource> Alternates => _alternates;

    /// <summary>
    /// Makes <paramref name="primary"/> the default of a set that also holds <paramref name="alternates"/>. A
    /// client's server name selects the first certificate (primary first, then alternates in order) with an
    /// exact DNS name for it, else the first with a wildcard covering it, else the primary (also for clients
    /// that send no name). The primary owns the alternates from here and disposes them with itself.
    /// </summary>
    /// <param name="primary">The default certificate; must have no alternates yet.</param>
    /// <param name="alternates">The other certificates.</param>
    /// <returns><paramref name="primary"/>.</returns>
    public static CertificateSource WithAlternates(CertificateSource primary, IReadOnlyList<CertificateSource> alternates)
    {
        ArgumentNullException.ThrowIfNull(primary);
        ArgumentNullException.ThrowIfNull(alternates);
        if (primary._alternates.Length != 0)
        {
            throw new InvalidOperationException("The certificate already has alternates.");
        }

        var exact = new Dictionary<string, CertificateSource>(StringComparer.OrdinalIgnoreCase);
        var wildcards = new Dictionary<string, CertificateSource>(StringComparer.OrdinalIgnoreCase);
        CertificateSource[] all = [primary, .. alternates];
        foreach (var source in all)
        {
            foreach (string raw in ServerNameMatch.NamesOf(source.Leaf))
            {
                string name = ServerNameMatch.Normalize(raw);
                if (ServerNameMatch.WildcardParent(name) is { } parent)
                {
                    wildcards.TryAdd(parent, source);
                }
                else if (name.Length > 0)
                {
                    exact.TryAdd(name, source);
                }
            }
        }

        primary._alternates = [.. alternates];
        primary._exact = exact;
        primary._wildcards = wildcards;
        return primary;
    }

    /// <summary>The certificate of this set to present to a client that asked for <paramref name="serverName"/>.</summary>
    /// <param name="serverName">The SNI name, or null/empty when the client sent none.</param>
    /// <returns>The matching certificate, or this (the default).</returns>
    public CertificateSource Select(string? serverName)
    {
        if (_exact is null || _wildcards is null || string.IsNullOrEmpty(serverName))
        {
            return this;
        }

        string name = ServerNameMatch.Normalize(serverName);
        if (_exact.TryGetValue(name, out var hit))
        {
            return hit;
        }

        return ServerNameMatch.ParentOf(name) is { } parent && _wildcards.TryGetValue(parent, out var wild) ? wild : this;
    }

    /// <summary>Whether <paramref name="other"/> holds the same certificates in the same order (by SHA-256).</summary>
    /// <param name="other">Another set.</param>
    /// <returns>True when nothing would change by swapping one for the other.</returns>
    public bool SameCertificatesAs(CertificateSource other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (!LeafSha256.Span.SequenceEqual(other.LeafSha256.Span) || _alternates.Length != other._alternates.Length)
        {
            return false;
        }

        for (int i = 0; i < _alternates.Length; i++)
        {
            if (!_alternates[i].LeafSha256.Span.SequenceEqual(other._alternates[i].LeafSha256.Span))
            {
                return false;
            }
        }

        return true;
    }
}
