// How a TLS server name (SNI) is matched against the DNS names of a certificate: the rules of RFC 6125 §6.4
// reduced to what public certificates use. A name matches ignoring ASCII case and one trailing dot; a
// wildcard is only a whole left-most label ("*.example.com"), stands for exactly one label, and never for
// the bare parent ("example.com") or two labels ("a.b.example.com"). IDNs arrive as A-labels (punycode), so
// they need no special handling.

using System.Security.Cryptography.X509Certificates;

namespace Sstp.IO.Tls;

/// <summary>Matches server names against certificate DNS names.</summary>
public static class ServerNameMatch
{
    /// <summary>Whether <paramref name="host"/> is covered by the certificate name <paramref name="pattern"/>.</summary>
    /// <param name="pattern">A DNS name from a certificate, possibly "*." followed by a parent domain.</param>
    /// <param name="host">The name the client asked for.</param>
    /// <returns>True on an exact match or a one-label wildcard match.</returns>
    public static bool Matches(string pattern, string host)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(host);
        string name = Normalize(host);
        string want = Normalize(pattern);
        if (name.Length == 0 || want.Length == 0)
        {
            return false;
        }

        if (WildcardParent(want) is { } parent)
        {
            return ParentOf(name) is { } nameParent && string.Equals(parent, nameParent, StringComparison.OrdinalIgnoreCase);
        }

        return string.Equals(want, name, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The DNS names a certificate answers for: its subject alternative DNS names, or, when it has none, its
    /// subject common name (old certificates).
    /// </summary>
    /// <param name="certificate">The certificate.</param>
    /// <returns>The names, in the certificate's order.</returns>
    public static IReadOnlyList<string> NamesOf(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var names = new List<string>();
        foreach (var extension in certificate.Extensions)
        {
            if (extension is X509SubjectAlternativeNameExtension san)
            {
                names.AddRange(san.EnumerateDnsNames());
            }
        }

        if (names.Count == 0 && certificate.GetNameInfo(X509NameType.DnsName, forIssuer: false) is { Length: > 0 } common)
        {
            names.Add(common);
        }

        return names;
    }

    /// <summary>Lower-cases nothing; drops one trailing dot ("example.com." is "example.com").</summary>
    internal static string Normalize(string name) => name.EndsWith('.') ? name[..^1] : name;

    /// <summary>The parent domain a "*.parent" pattern stands for, or null when it is not such a wildcard.</summary>
    internal static string? WildcardParent(string pattern) =>
        pattern.Length > 2 && pattern.StartsWith("*.", StringComparison.Ordinal) && !pattern.AsSpan(2).Contains('*')
            ? pattern[2..]
            : null;

    /// <summary>The name without its first label, or null when it has a single label.</summary>
    internal static string? ParentOf(string name)
    {
        int dot = name.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && dot < name.Length - 1 ? name[(dot + 1)..] : null;
    }
}
