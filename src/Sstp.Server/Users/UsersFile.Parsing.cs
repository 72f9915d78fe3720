using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Sstp.Protocol.Policing;
using Sstp.Server.Configuration;
using NtHashAlgorithm = Sstp.Protocol.Crypto.NtHash;

namespace Sstp.Server.Users;

/// <summary>Reading and writing the text of one users-file line.</summary>
public sealed partial class UsersFile
{
    /// <summary>
    /// Parses users-file text. Every bad line is reported with its number (<c>users:12: 'nt' must be 32 hex
    /// digits</c>); the result has a file only when no line is bad.
    /// </summary>
    /// <param name="text">The file's content.</param>
    /// <param name="source">Name used in errors, normally the path.</param>
    public static UsersFileLoadResult Parse(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        var errors = new List<UsersFileError>();
        var lines = ImmutableList.CreateBuilder<Line>();
        var byName = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var byIPv4 = new Dictionary<IPAddress, (string User, int Line)>();
        var byIPv6 = new Dictionary<IPNetwork, (string User, int Line)>();
        string[] rawLines = text.Split('\n');
        int count = rawLines.Length > 0 && rawLines[^1].Length == 0 ? rawLines.Length - 1 : rawLines.Length;
        for (int i = 0; i < count; i++)
        {
            int number = i + 1;
            string raw = rawLines[i].TrimEnd('\r');
            string content = StripComment(raw).Trim();
            if (content.Length == 0)
            {
                lines.Add(new Line(raw, null));
                continue;
            }

            if (!TryParseUser(content, out var user, out var problem))
            {
                errors.Add(new UsersFileError(source, number, problem));
                continue;
            }

            if (byName.TryGetValue(user.Name, out int first))
            {
                errors.Add(new UsersFileError(source, number, $"user '{user.Name}' is already defined on line {first}"));
                continue;
            }

            byName.Add(user.Name, number);
            if (user.StaticIPv4 is { } v4 && !byIPv4.TryAdd(v4, (user.Name, number)))
            {
                var owner = byIPv4[v4];
                errors.Add(new UsersFileError(source, number, $"ipv4 {v4} is already given to '{owner.User}' on line {owner.Line}"));
            }

            if (user.StaticIPv6 is { } v6 && !byIPv6.TryAdd(v6, (user.Name, number)))
            {
                var owner = byIPv6[v6];
                errors.Add(new UsersFileError(source, number, $"ipv6 {v6} is already given to '{owner.User}' on line {owner.Line}"));
            }

            lines.Add(new Line(null, user));
        }

        return errors.Count == 0
            ? new UsersFileLoadResult(new UsersFile(lines.ToImmutable()), [], [])
            : new UsersFileLoadResult(null, errors, []);
    }

    private static string StripComment(string line)
    {
        int hash = line.IndexOf('#', StringComparison.Ordinal);
        return hash < 0 ? line : line[..hash];
    }

    private static bool TryParseUser(string content, out UserRecord user, out string problem)
    {
        user = null!;
        string[] tokens = content.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        string name = tokens[0];
        if (UserNames.Validate(name) is { } bad)
        {
            problem = bad;
            return false;
        }

        if (name.Contains('=', StringComparison.Ordinal))
        {
            problem = $"a line starts with the user name, got '{name}'";
            return false;
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string token in tokens.AsSpan(1))
        {
            int eq = token.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                problem = $"expected FIELD=VALUE, got '{token}'";
                return false;
            }

            string field = token[..eq];
            if (field is not ("nt" or "chap" or "ipv4" or "ipv6" or "rate"))
            {
                problem = $"unknown field '{field}' (fields are nt, chap, ipv4, ipv6, rate)";
                return false;
            }

            if (!fields.TryAdd(field, token[(eq + 1)..]))
            {
                problem = $"'{field}' is given twice";
                return false;
            }
        }

        if (!fields.TryGetValue("nt", out string? ntText))
        {
            problem = "missing 'nt' (the NT hash)";
            return false;
        }

        Span<byte> hash = stackalloc byte[NtHashAlgorithm.Length];
        if (ntText.Length != 32 || !ntText.All(char.IsAsciiHexDigit))
        {
            problem = "'nt' must be 32 hex digits";
            return false;
        }

        Convert.FromHexString(ntText, hash, out _, out _);
        string? clear = null;
        if (fields.TryGetValue("chap", out string? chapText))
        {
            if (!TryDecodeClear(chapText, out clear))
            {
                problem = "'chap' must be the base64 of a non-empty UTF-8 password";
                return false;
            }
        }

        IPAddress? v4 = null;
        if (fields.TryGetValue("ipv4", out string? v4Text))
        {
            if (!ConfigValueParser.TryParseIPv4(v4Text, out var parsed))
            {
                problem = $"'ipv4' must be an IPv4 address, got '{v4Text}'";
                return false;
            }

            if (CheckIPv4(parsed) is { } why)
            {
                problem = why;
                return false;
            }

            v4 = parsed;
        }

        IPNetwork? v6 = null;
        if (fields.TryGetValue("ipv6", out string? v6Text))
        {
            if (!TryParseStaticIPv6(v6Text, out var prefix, out string why))
            {
                problem = why;
                return false;
            }

            v6 = prefix;
        }

        RateLimit rate = default;
        if (fields.TryGetValue("rate", out string? rateText) && !RateLimit.TryParse(rateText, out rate, out string rateError))
        {
            problem = $"'rate': {rateError}";
            return false;
        }

        user = new UserRecord(name, hash, clear, v4, v6) { Rate = rate };
        problem = string.Empty;
        return true;
    }

    /// <summary>
    /// Parses a static IPv6 value: <c>PREFIX/64</c>, or an address, which stands for the /64 that holds it.
    /// </summary>
    public static bool TryParseStaticIPv6(string text, out IPNetwork prefix, out string error)
    {
        ArgumentNullException.ThrowIfNull(text);
        prefix = default;
        IPAddress address;
        if (text.Contains('/', StringComparison.Ordinal))
        {
            if (!ConfigValueParser.TryParseNetwork(text, AddressFamily.InterNetworkV6, out var network, out error))
            {
                error = $"'ipv6': {error}";
                return false;
            }

            if (network.PrefixLength != 64)
            {
                error = $"'ipv6' must be a /64 prefix, got '{text}'";
                return false;
            }

            address = network.BaseAddress;
        }
        else if (!ConfigValueParser.TryParseIPv6(text, out address))
        {
            error = $"'ipv6' must be an IPv6 /64 prefix or address, got '{text}'";
            return false;
        }

        prefix = new IPNetwork(ConfigValueParser.Mask(address, 64), 64);
        if (CheckIPv6(prefix) is { } why)
        {
            error = why;
            return false;
        }

        error = string.Empty;
        return true;
    }

    private static string? CheckIPv4(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetwork)
        {
            return $"ipv4 {address} is not an IPv4 address";
        }

        byte first = address.GetAddressBytes()[0];
        return first is 0 or 127 or >= 224 ? $"ipv4 {address} cannot be given to a client" : null;
    }

    private static string? CheckIPv6(IPNetwork prefix)
    {
        if (prefix.BaseAddress.AddressFamily != AddressFamily.InterNetworkV6 || prefix.PrefixLength != 64)
        {
            return $"ipv6 {prefix} is not an IPv6 /64 prefix";
        }

        var a = prefix.BaseAddress;
        return a.IsIPv6Multicast || a.IsIPv6LinkLocal || a.Equals(IPAddress.IPv6Any)
            ? $"ipv6 {prefix} cannot be given to a client"
            : null;
    }

    private static bool TryDecodeClear(string base64, out string? clear)
    {
        clear = null;
        var bytes = new byte[(base64.Length * 3 / 4) + 3];
        if (!Convert.TryFromBase64String(base64, bytes, out int written) || written == 0)
        {
            return false;
        }

        try
        {
            clear = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, 0, written);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private static string FormatUser(UserRecord user)
    {
        var line = new StringBuilder(user.Name);
        line.Append(" nt=").Append(Convert.ToHexStringLower(user.NtHash.Span));
        if (user.ClearPassword is { } clear)
        {
            line.Append(" chap=").Append(Convert.ToBase64String(Encoding.UTF8.GetBytes(clear)));
        }

        if (user.StaticIPv4 is { } v4)
        {
            line.Append(" ipv4=").Append(v4);
        }

        if (user.StaticIPv6 is { } v6)
        {
            line.Append(" ipv6=").Append(v6);
        }

        if (!user.Rate.IsUnspecified)
        {
            line.Append(" rate=").Append(user.Rate.Format());
        }

        return line.ToString();
    }
}
