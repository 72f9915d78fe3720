using System.Collections;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Sstp.Cli.Logging;

/// <summary>What both log formats share: level names, field names, scope walking and value rendering.</summary>
public static class LogFields
{
    /// <summary>The key under which source-generated log states keep their message template; never written.</summary>
    public const string OriginalFormat = "{OriginalFormat}";

    /// <summary>The short level name of the text format (the same as Microsoft's simple console formatter).</summary>
    public static string TextLevel(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        LogLevel.Critical => "crit",
        _ => "none",
    };

    /// <summary>The level name of the JSON format.</summary>
    public static string JsonLevel(LogLevel level) => level switch
    {
        LogLevel.Trace => "trace",
        LogLevel.Debug => "debug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "error",
        LogLevel.Critical => "critical",
        _ => "none",
    };

    /// <summary>
    /// The JSON field name of a message template value: <c>SessionId</c> is <c>session</c> (the name of the
    /// session context's field, so the two meet), every other name in snake case (<c>WindowsError</c> →
    /// <c>windows_error</c>, <c>Pool4</c> → <c>pool4</c>, <c>IPv6</c> → <c>ipv6</c>).
    /// </summary>
    public static string FieldName(string templateName)
    {
        if (templateName == "SessionId")
        {
            return "session";
        }

        var name = new StringBuilder(templateName.Length + 4);
        for (int i = 0; i < templateName.Length; i++)
        {
            char c = templateName[i];
            if (char.IsUpper(c))
            {
                if (i > 0 && (char.IsLower(templateName[i - 1]) || char.IsDigit(templateName[i - 1])))
                {
                    name.Append('_');
                }

                name.Append(char.ToLowerInvariant(c));
            }
            else
            {
                name.Append(c);
            }
        }

        return name.ToString();
    }

    /// <summary>The name/value pairs of every open scope, outermost first; a scope that is not a list of pairs comes as ("scope", text).</summary>
    public static List<KeyValuePair<string, object?>> ScopeFields(IExternalScopeProvider? scopes)
    {
        var fields = new List<KeyValuePair<string, object?>>();
        scopes?.ForEachScope(
            static (scope, list) =>
            {
                if (scope is IEnumerable<KeyValuePair<string, object?>> pairs)
                {
                    foreach (var pair in pairs)
                    {
                        if (pair.Key != OriginalFormat)
                        {
                            list.Add(pair);
                        }
                    }
                }
                else if (scope is not null)
                {
                    list.Add(new("scope", scope));
                }
            },
            fields);
        return fields;
    }

    /// <summary>A value as text, culture-invariant; lists are joined with ", " (as the message formatter does).</summary>
    public static string Text(object? value) => value switch
    {
        null => "null",
        string s => s,
        DateTime t => t.ToString("O", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        IEnumerable e => string.Join(", ", e.Cast<object?>().Select(Text)),
        _ => value.ToString() ?? string.Empty,
    };

    /// <summary>The formatted message of an entry (null when the entry has neither message nor exception).</summary>
    public static string? Message<TState>(in Microsoft.Extensions.Logging.Abstractions.LogEntry<TState> entry)
    {
        string? message = entry.Formatter?.Invoke(entry.State, entry.Exception);
        return message is null && entry.Exception is null ? null : message ?? string.Empty;
    }

    /// <summary>The message template's named values (without the template itself).</summary>
    public static IEnumerable<KeyValuePair<string, object?>> StateFields<TState>(in LogEntry<TState> entry) =>
        entry.State is IEnumerable<KeyValuePair<string, object?>> pairs
            ? pairs.Where(p => p.Key != OriginalFormat)
            : [];
}
