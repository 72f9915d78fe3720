using System.Security.Cryptography.X509Certificates;
using Sstp.IO.Tls;

namespace Sstp.Server.Diagnostics;

/// <summary>
/// Checks the server certificate: days left before NotAfter (warnings at 30 and 7 days) and whether the
/// certificate file carries every intermediate between the leaf and a root.
/// </summary>
public static class CertificateCheck
{
    /// <summary>Days before NotAfter at which the first warning is given.</summary>
    public const int WarningDays = 30;

    /// <summary>Days before NotAfter at which the warning becomes an error.</summary>
    public const int UrgentDays = 7;

    /// <summary>Classifies the time left before <paramref name="notAfter"/> at <paramref name="now"/>.</summary>
    /// <param name="notAfter">The end of validity.</param>
    /// <param name="now">The current time.</param>
    /// <param name="daysLeft">Whole days left (rounded down; negative once expired).</param>
    /// <returns>The class.</returns>
    public static CertificateExpiry Classify(DateTimeOffset notAfter, DateTimeOffset now, out int daysLeft)
    {
        var left = notAfter - now;
        daysLeft = (int)Math.Floor(left.TotalDays);
        if (left <= TimeSpan.Zero)
        {
            return CertificateExpiry.Expired;
        }

        return daysLeft switch
        {
            <= UrgentDays => CertificateExpiry.Within7Days,
            <= WarningDays => CertificateExpiry.Within30Days,
            _ => CertificateExpiry.Valid,
        };
    }

    /// <summary>Checks <paramref name="certificate"/> at <paramref name="now"/>.</summary>
    /// <param name="certificate">The certificate the server presents, with the intermediates it sends.</param>
    /// <param name="now">The current time.</param>
    /// <param name="knownRoots">
    /// Extra root certificates to accept as the top of the chain besides the system store (tests, private CAs);
    /// they are only used to recognise the root, never taken as part of what the server sends.
    /// </param>
    /// <returns>The status, with one warning per problem.</returns>
    public static CertificateStatus Check(CertificateSource certificate, DateTimeOffset now, X509Certificate2Collection? knownRoots = null)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var leaf = certificate.Leaf;
        var notAfter = new DateTimeOffset(leaf.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        var expiry = Classify(notAfter, now, out int days);
        var warnings = new List<string>();
        switch (expiry)
        {
            case CertificateExpiry.Expired:
                warnings.Add($"the certificate expired on {notAfter:yyyy-MM-dd HH:mm} UTC");
                break;
            case CertificateExpiry.Within7Days:
            case CertificateExpiry.Within30Days:
                warnings.Add($"the certificate expires in {days} days ({notAfter:yyyy-MM-dd HH:mm} UTC)");
                break;
        }

        bool selfSigned = IsSelfIssued(leaf);
        bool complete = selfSigned || ChainIsComplete(leaf, certificate.Intermediates, now, knownRoots, warnings);
        return new CertificateStatus
        {
            Subject = leaf.Subject,
            Issuer = leaf.Issuer,
            Sha256 = Convert.ToHexString(certificate.LeafSha256.Span),
            NotAfter = notAfter,
            DaysLeft = days,
            Expiry = expiry,
            SelfSigned = selfSigned,
            ChainComplete = complete,
            CheckedAt = now,
            Warnings = warnings,
        };
    }

    private static bool IsSelfIssued(X509Certificate2 certificate) =>
        certificate.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData);

    /// <summary>
    /// Builds the chain from the leaf with the file's intermediates (no downloads). Complete when it ends at a
    /// self-issued certificate and every certificate between the leaf and that root came from the file.
    /// </summary>
    private static bool ChainIsComplete(
        X509Certificate2 leaf, X509Certificate2Collection intermediates, DateTimeOffset now, X509Certificate2Collection? knownRoots, List<string> warnings)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.VerificationTime = now.UtcDateTime;
        chain.ChainPolicy.ExtraStore.AddRange(intermediates);
        if (knownRoots is not null)
        {
            chain.ChainPolicy.ExtraStore.AddRange(knownRoots);
        }

        // Trust errors (an unknown root, a time problem) do not matter here: only the shape of the chain does.
        _ = chain.Build(leaf);
        var elements = chain.ChainElements;
        var top = elements[^1].Certificate;
        string? problem = null;
        if (!IsSelfIssued(top))
        {
            problem = $"the certificate chain is incomplete: it ends at '{top.Subject}', whose issuer '{top.Issuer}' is neither in the certificate file nor a root this machine knows; add the intermediate certificates to the file, after the leaf";
        }
        else
        {
            for (int i = 1; i < elements.Count - 1; i++)
            {
                var middle = elements[i].Certificate;
                if (!intermediates.Any(c => c.RawDataMemory.Span.SequenceEqual(middle.RawDataMemory.Span)))
                {
                    problem = $"the certificate chain is incomplete: the intermediate '{middle.Subject}' is not in the certificate file (this machine has it, clients may not); add it after the leaf";
                    break;
                }
            }
        }

        if (problem is not null)
        {
            warnings.Add(problem);
            return false;
        }

        return true;
    }
}
