using System.Collections.Immutable;
using System.Net;
using Sstp.Protocol.Policing;

namespace Sstp.Server.Users;

/// <summary>
/// The users file: one user per line, managed by <c>sstp user add|del|list</c> (format in
/// <c>docs/CONFIGURATION.md</c>, "Users file"):
/// <code>
/// # comment
/// NAME nt=32-HEX-DIGITS [chap=BASE64-OF-UTF8-PASSWORD] [ipv4=A.B.C.D] [ipv6=PREFIX/64] [rate=DOWN[/UP]]
/// </code>
/// Immutable: <see cref="Add"/> and <see cref="Delete"/> return a new instance. Comment and blank lines are
/// kept as they were, so an administrator's notes survive <c>sstp user</c>.
/// </summary>
public sealed partial class UsersFile
{
    private readonly ImmutableList<Line> _lines;

    private UsersFile(ImmutableList<Line> lines) => _lines = lines;

    /// <summary>A new file: a header comment and no users.</summary>
    public static UsersFile Empty { get; } = new(
    [
        new Line("# sstp users file, managed by `sstp user add|del|list` (see docs/CONFIGURATION.md).", null),
        new Line("# NAME nt=<NT hash, 32 hex> [chap=<base64 password>] [ipv4=<address>] [ipv6=<prefix>/64] [rate=<down>[/<up>], e.g. 10M/2M]", null),
    ]);

    /// <summary>The users, in file order.</summary>
    public IReadOnlyList<UserRecord> Users => [.. _lines.Where(l => l.User is not null).Select(l => l.User!)];

    /// <summary>Finds a user by stored name (case-insensitive); null when absent.</summary>
    public UserRecord? Find(string name) =>
        _lines.FirstOrDefault(l => l.User is not null && NameEquals(l.User.Name, name))?.User;

    /// <summary>
    /// Adds a user. Returns false with <paramref name="error"/> when the name is invalid or taken, the
    /// password is empty, or a static address is not usable or already given to someone else.
    /// </summary>
    /// <param name="name">The user name (no domain).</param>
    /// <param name="password">The password; only its NT hash is stored unless <paramref name="storeClear"/>.</param>
    /// <param name="storeClear">Also store the clear password (base64), which CHAP-MD5 needs.</param>
    /// <param name="staticIPv4">A fixed IPv4 address, or null.</param>
    /// <param name="staticIPv6">A fixed /64 prefix, or null.</param>
    /// <param name="updated">The new file on success; this instance otherwise.</param>
    /// <param name="error">Why it failed; empty on success.</param>
    public bool TryAdd(string name, string password, bool storeClear, IPAddress? staticIPv4, IPNetwork? staticIPv6,
        out UsersFile updated, out string error) =>
        TryAdd(name, password, storeClear, staticIPv4, staticIPv6, default, out updated, out error);

    /// <summary>Adds a user with a rate limit (<paramref name="rate"/>; unspecified = the configured default); see the other overload.</summary>
    public bool TryAdd(string name, string password, bool storeClear, IPAddress? staticIPv4, IPNetwork? staticIPv6, RateLimit rate,
        out UsersFile updated, out string error)
    {
        updated = this;
        if (UserNames.Validate(name) is { } problem)
        {
            error = problem;
            return false;
        }

        if (string.IsNullOrEmpty(password))
        {
            error = "the password must not be empty";
            return false;
        }

        if (Find(name) is { } existing)
        {
            error = $"user '{existing.Name}' already exists (delete it first to change it)";
            return false;
        }

        string? addressProblem = (staticIPv4 is null ? null : CheckIPv4(staticIPv4))
            ?? (staticIPv6 is null ? null : CheckIPv6(staticIPv6.Value));
        if (addressProblem is not null)
        {
            error = addressProblem;
            return false;
        }

        foreach (var user in Users)
        {
            if (staticIPv4 is not null && staticIPv4.Equals(user.StaticIPv4))
            {
                error = $"ipv4 {staticIPv4} is already given to '{user.Name}'";
                return false;
            }

            if (staticIPv6 is not null && staticIPv6.Equals(user.StaticIPv6))
            {
                error = $"ipv6 {staticIPv6} is already given to '{user.Name}'";
                return false;
            }
        }

        var record = UserRecord.FromPassword(name, password, storeClear, staticIPv4, staticIPv6) with { Rate = rate };
        updated = new UsersFile(_lines.Add(new Line(null, record)));
        error = string.Empty;
        return true;
    }

    /// <summary>Adds a user; see <see cref="TryAdd(string, string, bool, IPAddress?, IPNetwork?, RateLimit, out UsersFile, out string)"/>.</summary>
    /// <exception cref="ArgumentException">The user cannot be added; the message says why.</exception>
    public UsersFile Add(string name, string password, bool storeClear, IPAddress? staticIPv4 = null, IPNetwork? staticIPv6 = null, RateLimit rate = default) =>
        TryAdd(name, password, storeClear, staticIPv4, staticIPv6, rate, out var updated, out var error)
            ? updated
            : throw new ArgumentException(error, nameof(name));

    /// <summary>Removes a user (case-insensitive name). Returns false when there is no such user.</summary>
    public bool TryDelete(string name, out UsersFile updated)
    {
        int index = _lines.FindIndex(l => l.User is not null && NameEquals(l.User.Name, name));
        updated = index < 0 ? this : new UsersFile(_lines.RemoveAt(index));
        return index >= 0;
    }

    /// <summary>Removes a user.</summary>
    /// <exception cref="KeyNotFoundException">There is no such user.</exception>
    public UsersFile Delete(string name) =>
        TryDelete(name, out var updated) ? updated : throw new KeyNotFoundException($"No user '{name}'.");

    /// <summary>The users, in file order (same as <see cref="Users"/>).</summary>
    public IReadOnlyList<UserRecord> List() => Users;

    /// <summary>An immutable lookup over this file's users, for the server.</summary>
    public UserStore ToStore() => new(Users);

    /// <summary>The file's text: kept comment lines as they were, each user formatted canonically.</summary>
    public string Format()
    {
        var text = new System.Text.StringBuilder();
        foreach (var line in _lines)
        {
            text.Append(line.User is null ? line.Raw : FormatUser(line.User)).Append('\n');
        }

        return text.ToString();
    }

    private static bool NameEquals(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    /// <summary>A line of the file: a raw comment/blank line, or a user.</summary>
    private sealed record Line(string? Raw, UserRecord? User);
}
