using System.Globalization;

namespace Sstp.Server.Tests.Diagnostics;

/// <summary>A strict little parser of Prometheus text format 0.0.4, so tests read what a scraper would.</summary>
internal sealed class PrometheusText
{
    private PrometheusText()
    {
    }

    /// <summary>Every sample: metric name, labels, value.</summary>
    public List<(string Name, IReadOnlyDictionary<string, string> Labels, double Value)> Samples { get; } = [];

    /// <summary><c># TYPE</c> per metric family.</summary>
    public Dictionary<string, string> Types { get; } = [];

    /// <summary><c># HELP</c> per metric family.</summary>
    public Dictionary<string, string> Help { get; } = [];

    /// <summary>Parses <paramref name="text"/>; throws <see cref="FormatException"/> on anything malformed.</summary>
    public static PrometheusText Parse(string text)
    {
        var result = new PrometheusText();
        if (text.Length > 0 && !text.EndsWith('\n'))
        {
            throw new FormatException("the text must end with a line feed");
        }

        foreach (string line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line[7..].Split(' ');
                if (parts.Length != 2 || parts[1] is not ("counter" or "gauge" or "histogram" or "summary" or "untyped"))
                {
                    throw new FormatException($"bad TYPE line: {line}");
                }

                if (!result.Types.TryAdd(parts[0], parts[1]))
                {
                    throw new FormatException($"second TYPE for {parts[0]}");
                }
            }
            else if (line.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                int space = line.IndexOf(' ', 7);
                result.Help[line[7..space]] = line[(space + 1)..];
            }
            else if (line.StartsWith('#'))
            {
                continue;
            }
            else
            {
                result.Samples.Add(ParseSample(line));
            }
        }

        return result;
    }

    /// <summary>The value of the one sample of <paramref name="name"/> whose labels include <paramref name="labels"/>.</summary>
    public double Value(string name, params (string Name, string Value)[] labels) =>
        Assert.Single(Samples, s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Name, out var v) && v == l.Value)).Value;

    /// <summary>The sum of every sample of <paramref name="name"/>.</summary>
    public double Sum(string name) => Samples.Where(s => s.Name == name).Sum(s => s.Value);

    private static (string, IReadOnlyDictionary<string, string>, double) ParseSample(string line)
    {
        int i = 0;
        while (i < line.Length && (char.IsAsciiLetterOrDigit(line[i]) || line[i] is '_' or ':'))
        {
            i++;
        }

        string name = line[..i];
        if (name.Length == 0 || char.IsAsciiDigit(name[0]))
        {
            throw new FormatException($"bad metric name: {line}");
        }

        var labels = new Dictionary<string, string>();
        if (i < line.Length && line[i] == '{')
        {
            i++;
            while (line[i] != '}')
            {
                int eq = line.IndexOf('=', i);
                string label = line[i..eq];
                if (line[eq + 1] != '"')
                {
                    throw new FormatException($"label value not quoted: {line}");
                }

                var value = new System.Text.StringBuilder();
                int j = eq + 2;
                for (; line[j] != '"'; j++)
                {
                    if (line[j] == '\\')
                    {
                        j++;
                        value.Append(line[j] switch
                        {
                            'n' => '\n',
                            '\\' => '\\',
                            '"' => '"',
                            _ => throw new FormatException($"bad escape in {line}"),
                        });
                    }
                    else
                    {
                        value.Append(line[j]);
                    }
                }

                if (!labels.TryAdd(label, value.ToString()))
                {
                    throw new FormatException($"label twice: {line}");
                }

                i = j + 1;
                if (line[i] == ',')
                {
                    i++;
                }
            }

            i++;
        }

        if (line[i] != ' ')
        {
            throw new FormatException($"no space before the value: {line}");
        }

        string number = line[(i + 1)..];
        double parsed = number switch
        {
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            "NaN" => double.NaN,
            _ => double.Parse(number, NumberStyles.Float, CultureInfo.InvariantCulture),
        };
        return (name, labels, parsed);
    }
}
