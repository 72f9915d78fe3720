using System.Net;
using System.Security.Cryptography;
using Sstp.Protocol.Policing;
using NtHashAlgorithm = Sstp.Protocol.Crypto.NtHash;

namespace Sstp.Server.Users;

/// <summary>
/// One local user: the NT hash that MS-CHAPv2, EAP-MSCHAPv2 and PAP are verified against, the clear
/// password only when the administrator asked for CHAP-MD5 (<c>sstp user add --chap</c>), and optional
/// static addresses and rate limit. Immutable. <see cref="ToString"/> never shows the hash or the password.
/// </summary>
public sealed record UserRecord
{
    /// <summary>Creates a record. <paramref name="ntHash"/> must be 16 bytes; it is copied.</summary>
    /// <exception cref="ArgumentException">The name is not valid (see <see cref="UserNames.Validate"/>) or the hash is not 16 bytes.</exception>
    public UserRecord(string name, ReadOnlySpan<byte> ntHash, string? clearPassword = null,
        IPAddress? staticIPv4 = null, IPNetwork? staticIPv6 = null)
    {
        if (UserNames.Validate(name) is { } problem)
        {
            throw new ArgumentException(problem, nameof(name));
        }

        if (ntHash.Length != NtHashAlgorithm.Length)
        {
            throw new ArgumentException("The NT hash is 16 bytes.", nameof(ntHash));
        }

        Name = name;
        NtHash = ntHash.ToArray();
        ClearPassword = clearPassword;
        StaticIPv4 = staticIPv4;
        StaticIPv6 = staticIPv6;
    }

    /// <summary>The user name, without any <c>DOMAIN\</c> part.</summary>
    public string Name { get; }

    /// <summary>The NT password hash, MD4(UTF-16LE(password)) [RFC 2759 §8.3]; 16 bytes, read-only.</summary>
    public ReadOnlyMemory<byte> NtHash { get; }

    /// <summary>The clear password, kept only for CHAP-MD5; null otherwise.</summary>
    public string? ClearPassword { get; }

    /// <summary>The IPv4 address this user always gets, or null for one from the pool.</summary>
    public IPAddress? StaticIPv4 { get; init; }

    /// <summary>The /64 prefix this user always gets, or null for one from the pool.</summary>
    public IPNetwork? StaticIPv6 { get; init; }

    /// <summary>
    /// The users file's <c>rate=DOWN[/UP]</c>: this user's rate limit, over <c>limits.rate</c>; unspecified
    /// (the default) leaves the configured default in force.
    /// </summary>
    public RateLimit Rate { get; init; }

    /// <summary>Creates a record from a clear password: computes its NT hash, keeps the password only when <paramref name="storeClear"/>.</summary>
    /// <exception cref="ArgumentException">The name is not valid or the password is empty.</exception>
    public static UserRecord FromPassword(string name, string password, bool storeClear,
        IPAddress? staticIPv4 = null, IPNetwork? staticIPv6 = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(password);
        Span<byte> hash = stackalloc byte[NtHashAlgorithm.Length];
        NtHashAlgorithm.Compute(password, hash);
        return new UserRecord(name, hash, storeClear ? password : null, staticIPv4, staticIPv6);
    }

    /// <summary>True when <paramref name="password"/> has this user's NT hash (constant-time compare), e.g. for PAP.</summary>
    public bool MatchesPassword(ReadOnlySpan<char> password)
    {
        Span<byte> hash = stackalloc byte[NtHashAlgorithm.Length];
        NtHashAlgorithm.Compute(password, hash);
        bool same = CryptographicOperations.FixedTimeEquals(hash, NtHash.Span);
        CryptographicOperations.ZeroMemory(hash);
        return same;
    }

    /// <summary>Compares names, secrets, addresses and rates (the hash by content).</summary>
    public bool Equals(UserRecord? other) =>
        other is not null && Name == other.Name && NtHash.Span.SequenceEqual(other.NtHash.Span)
        && ClearPassword == other.ClearPassword && Equals(StaticIPv4, other.StaticIPv4)
        && Nullable.Equals(StaticIPv6, other.StaticIPv6) && Rate == other.Rate;

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Name, StaticIPv4, StaticIPv6);

    /// <summary>Name, whether a clear password is kept, static addresses and rate; never the hash or the password.</summary>
    public override string ToString() =>
        $"UserRecord {{ Name = {Name}, Chap = {ClearPassword is not null}, StaticIPv4 = {StaticIPv4}, StaticIPv6 = {StaticIPv6}, Rate = {(Rate.IsUnspecified ? "-" : Rate.Format())} }}";
}
