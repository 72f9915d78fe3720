namespace Sstp.Server.Configuration;

/// <summary>
/// Turns configuration text into a <see cref="ServerOptions"/> snapshot and checks it. Two layers, both
/// returning every problem found, never only the first:
/// <list type="number">
/// <item><see cref="Validate(IReadOnlyDictionary{string, IReadOnlyList{string}}, out ServerOptions?)"/>
/// reads <c>key → values</c> (from the INI file merged with the command line): unknown keys (a typo must
/// not be silently ignored), values that do not parse, a single-valued key given several values.</item>
/// <item><see cref="Validate(ServerOptions)"/> checks a typed snapshot (ranges and keys that depend on each
/// other), so options built in code get the same checks.</item>
/// </list>
/// Each <see cref="ConfigError"/> names its key (<c>pool.ipv4: '10.88.0.0/33' is not a valid IPv4 CIDR</c>).
/// </summary>
public static partial class ServerOptionsValidator
{
    /// <summary>
    /// Binds <paramref name="settings"/> over <see cref="ServerOptions.Default"/> and validates the result.
    /// Keys are <c>section.name</c> (case-insensitive); values of list keys may each hold a comma-separated
    /// list; an empty value of a single-valued key leaves its default.
    /// </summary>
    /// <param name="settings">Key → the values given for it (one for a single-valued key).</param>
    /// <param name="options">The snapshot when there is no error; otherwise null.</param>
    /// <returns>Every problem found, in key order; empty when <paramref name="options"/> is set.</returns>
    public static IReadOnlyList<ConfigError> Validate(
        IReadOnlyDictionary<string, IReadOnlyList<string>> settings, out ServerOptions? options)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var errors = new List<ConfigError>();
        var result = ServerOptions.Default;
        foreach (var (rawKey, values) in settings.OrderBy(kv => kv.Key, StringComparer.OrdinalIgnoreCase))
        {
            var key = ConfigKeys.Find(rawKey);
            if (key is null)
            {
                errors.Add(new ConfigError(rawKey, UnknownKeyMessage(rawKey)));
                continue;
            }

            var report = new Reporter(key.Name, errors);
            if (key.IsList)
            {
                result = BindList(key, result, SplitList(values), report);
            }
            else if (values.Count > 1)
            {
                report.Add($"takes one value, got {values.Count}");
            }
            else if (values.Count == 1 && values[0].Trim().Length > 0)
            {
                result = BindScalar(key, result, values[0].Trim(), report);
            }
        }

        if (errors.Count == 0)
        {
            errors.AddRange(Validate(result));
        }

        options = errors.Count == 0 ? result : null;
        return errors;
    }

    /// <summary>Splits every value on commas, trims, and drops empty items.</summary>
    internal static List<string> SplitList(IReadOnlyList<string> values)
    {
        var items = new List<string>();
        foreach (var value in values)
        {
            foreach (var item in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                items.Add(item);
            }
        }

        return items;
    }

    private static string UnknownKeyMessage(string rawKey)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (var key in ConfigKeys.All)
        {
            int d = EditDistance(rawKey.ToLowerInvariant(), key.Name);
            if (d < bestDistance)
            {
                (best, bestDistance) = (key.Name, d);
            }

            // A known name in the wrong section is also worth pointing at.
            string local = rawKey[(rawKey.LastIndexOf('.') + 1)..];
            if (string.Equals(local, key.LocalName, StringComparison.OrdinalIgnoreCase))
            {
                (best, bestDistance) = (key.Name, 0);
                break;
            }
        }

        return bestDistance <= 3
            ? $"unknown key '{rawKey}' (did you mean '{best}'?)"
            : $"unknown key '{rawKey}'";
    }

    private static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    /// <summary>Collects the problems of one key.</summary>
    private readonly struct Reporter(string key, List<ConfigError> errors)
    {
        public void Add(string message) => errors.Add(new ConfigError(key, message));
    }
}
