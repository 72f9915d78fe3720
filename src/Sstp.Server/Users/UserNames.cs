namespace Sstp.Server.Users;

/// <summary>
/// Rules for user names in the users file, and the lookup form of a name received from a client.
/// MS-CHAPv2 hashes the name without any Windows domain [RFC 2759 §4: "the username ... without domain"],
/// and Windows clients send <c>DOMAIN\user</c>; so stored names carry no domain and a received name is
/// looked up by the part after its last backslash.
/// </summary>
public static class UserNames
{
    /// <summary>Longest name accepted, in UTF-16 code units (a PPP name field has no fixed limit; this keeps lines sane).</summary>
    public const int MaxLength = 256;

    /// <summary>
    /// Returns why <paramref name="name"/> cannot be a stored user name, or null when it can: it must be
    /// 1–256 characters, with no whitespace, no control characters, no <c>#</c> (comments) and no
    /// backslash (domains are stripped before lookup).
    /// </summary>
    public static string? Validate(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "a user name must not be empty";
        }

        if (name.Length > MaxLength)
        {
            return $"a user name is at most {MaxLength} characters";
        }

        foreach (char c in name)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                return "a user name must not contain whitespace or control characters";
            }

            if (c == '#')
            {
                return "a user name must not contain '#'";
            }

            if (c == '\\')
            {
                return @"a user name must not contain '\' (give the name without its DOMAIN\ part)";
            }
        }

        return null;
    }

    /// <summary>The part of a received name after its last backslash (<c>CORP\alice</c> → <c>alice</c>).</summary>
    public static string StripDomain(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        int slash = name.LastIndexOf('\\');
        return slash < 0 ? name : name[(slash + 1)..];
    }
}
