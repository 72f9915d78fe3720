using System.Globalization;

namespace Sstp.E2E.Tests.Radius;

/// <summary>
/// One accounting request as FreeRADIUS's <c>detail</c> module wrote it: a time-stamp line, then one
/// <c>TAB Name = Value</c> line per attribute, then a blank line. String values are shown in double quotes,
/// octets as <c>0x…</c>, enumerated values by name (<c>Acct-Status-Type = Start</c>).
/// </summary>
/// <param name="Attributes">The attributes in file order (a name may repeat, e.g. Class).</param>
internal sealed record DetailRecord(IReadOnlyList<KeyValuePair<string, string>> Attributes)
{
    /// <summary>The Acct-Status-Type (Start, Stop, Interim-Update …).</summary>
    public string? StatusType => Get("Acct-Status-Type");

    /// <summary>The Acct-Session-Id.</summary>
    public string? SessionId => Get("Acct-Session-Id");

    /// <summary>The User-Name.</summary>
    public string? UserName => Get("User-Name");

    /// <summary>The first value of <paramref name="name"/>, without the quotes FreeRADIUS puts around strings; null when absent.</summary>
    public string? Get(string name)
    {
        foreach (var (key, value) in Attributes)
        {
            if (key == name)
            {
                return value.Length >= 2 && value[0] == '"' && value[^1] == '"' ? value[1..^1] : value;
            }
        }

        return null;
    }

    /// <summary>The value of an integer attribute (e.g. Acct-Input-Octets); fails the test when absent or not a number.</summary>
    public long GetNumber(string name)
    {
        string? value = Get(name);
        Assert.True(value is not null, $"{name} missing in the accounting record:\n{this}");
        Assert.True(long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out long number), $"{name} = {value} is not a number");
        return number;
    }

    /// <summary>Parses a whole detail file (records separated by blank lines).</summary>
    public static IReadOnlyList<DetailRecord> ParseFile(string text)
    {
        var records = new List<DetailRecord>();
        List<KeyValuePair<string, string>>? current = null;
        foreach (string line in text.Split('\n'))
        {
            if (line.Trim().Length == 0)
            {
                Flush();
                continue;
            }

            if (!char.IsWhiteSpace(line[0]))
            {
                // The time-stamp line that opens a record.
                Flush();
                current = [];
                continue;
            }

            int equals = line.IndexOf(" = ", StringComparison.Ordinal);
            if (current is not null && equals > 0)
            {
                current.Add(new(line[..equals].Trim(), line[(equals + 3)..].Trim()));
            }
        }

        Flush();
        return records;

        void Flush()
        {
            if (current is { Count: > 0 })
            {
                records.Add(new DetailRecord(current));
            }

            current = null;
        }
    }

    /// <inheritdoc/>
    public override string ToString() => string.Join('\n', Attributes.Select(a => $"\t{a.Key} = {a.Value}"));
}
