namespace Sstp.Server.Diagnostics;

/// <summary>How close the server certificate is to its end of validity.</summary>
public enum CertificateExpiry
{
    /// <summary>More than 30 days left.</summary>
    Valid,

    /// <summary>30 days or fewer left: time to renew (logged as a warning).</summary>
    Within30Days,

    /// <summary>7 days or fewer left: renewal is urgent (logged as an error).</summary>
    Within7Days,

    /// <summary>NotAfter has passed: clients that check validity refuse the server.</summary>
    Expired,
}

/// <summary>
/// What the server knows about the certificate it presents: who it is for, when it ends, and what is wrong
/// with it. Made at start, at each reload and once a day; shown by <c>sstp ctl status</c>.
/// </summary>
public sealed record CertificateStatus
{
    /// <summary>The leaf's subject, e.g. <c>CN=vpn.example.com</c>.</summary>
    public required string Subject { get; init; }

    /// <summary>The leaf's issuer.</summary>
    public required string Issuer { get; init; }

    /// <summary>SHA-256 of the leaf in upper-case hex: what clients pin.</summary>
    public required string Sha256 { get; init; }

    /// <summary>The end of the leaf's validity.</summary>
    public required DateTimeOffset NotAfter { get; init; }

    /// <summary>Whole days from <see cref="CheckedAt"/> to <see cref="NotAfter"/>; negative once expired.</summary>
    public required int DaysLeft { get; init; }

    /// <summary>The expiry class of <see cref="DaysLeft"/>.</summary>
    public required CertificateExpiry Expiry { get; init; }

    /// <summary>True when the leaf is its own issuer (clients must pin it or trust it by hand).</summary>
    public required bool SelfSigned { get; init; }

    /// <summary>
    /// True when the certificates given (leaf and intermediates) lead to a root certificate; false when an
    /// intermediate is missing from the file, so clients that do not have it cannot verify the server.
    /// </summary>
    public required bool ChainComplete { get; init; }

    /// <summary>When the check ran.</summary>
    public required DateTimeOffset CheckedAt { get; init; }

    /// <summary>Every problem found, one sentence each (empty when all is well).</summary>
    public required IReadOnlyList<string> Warnings { get; init; }
}
