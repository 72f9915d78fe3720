using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace Sstp.Cli.Logging;

/// <summary>
/// The <c>text</c> log format: one line per event, as Microsoft's simple console formatter writes it in
/// single-line mode (<c>TIMESTAMP LEVEL: CATEGORY[EVENT] MESSAGE</c>), followed by the open scopes' fields
/// in brackets (<c>[session=7 correlation_id={…} user=alice peer=192.0.2.2:50000]</c>). A line logged
/// outside any scope is exactly what the simple formatter writes. Control characters a peer could put in a
/// user name become spaces, so no one can forge a second line.
/// </summary>
public sealed class TextLogFormatter : ConsoleFormatter
{
    /// <summary>The formatter's registered name.</summary>
    public const string FormatterName = "sstp-text";

    private readonly string _timestampFormat;
    private readonly bool _utc;
    private readonly TimeProvider _time;

    /// <summary>Creates the formatter.</summary>
    /// <param name="timestampFormat">The .NET format of the timestamp at the start of a line (include its trailing space); null for none.</param>
    /// <param name="utc">Timestamps in UTC (else local time).</param>
    /// <param name="time">The clock (tests pass a fake one).</param>
    public TextLogFormatter(string? timestampFormat, bool utc, TimeProvider? time = null)
        : base(FormatterName)
    {
        _timestampFormat = timestampFormat ?? string.Empty;
        _utc = utc;
        _time = time ?? TimeProvider.System;
    }

    /// <inheritdoc/>
    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        ArgumentNullException.ThrowIfNull(textWriter);
        string? message = LogFields.Message(logEntry);
        if (message is null)
        {
            return;
        }

        var line = new StringBuilder(message.Length + 128);
        if (_timestampFormat.Length > 0)
        {
            var now = _utc ? _time.GetUtcNow() : _time.GetLocalNow();
            line.Append(now.ToString(_timestampFormat, CultureInfo.InvariantCulture));
        }

        line.Append(LogFields.TextLevel(logEntry.LogLevel)).Append(": ").Append(logEntry.Category)
            .Append('[').Append(logEntry.EventId.Id.ToString(CultureInfo.InvariantCulture)).Append(']');
        if (message.Length > 0)
        {
            line.Append(' ');
            AppendFlat(line, message);
        }

        var scopes = LogFields.ScopeFields(scopeProvider);
        if (scopes.Count > 0)
        {
            line.Append(" [");
            for (int i = 0; i < scopes.Count; i++)
            {
                if (i > 0)
                {
                    line.Append(' ');
                }

                line.Append(scopes[i].Key).Append('=');
                AppendValue(line, LogFields.Text(scopes[i].Value));
            }

            line.Append(']');
        }

        if (logEntry.Exception is { } exception)
        {
            line.Append(' ');
            AppendFlat(line, exception.ToString());
        }

        line.Append(Environment.NewLine);
        textWriter.Write(line.ToString());
    }

    /// <summary>Appends <paramref name="text"/> with every control character as a space.</summary>
    private static void AppendFlat(StringBuilder line, string text)
    {
        foreach (char c in text)
        {
            line.Append(char.IsControl(c) ? ' ' : c);
        }
    }

    /// <summary>A scope value, in quotes when it has spaces, quotes, brackets or control characters.</summary>
    private static void AppendValue(StringBuilder line, string value)
    {
        bool plain = value.Length > 0 && !value.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '"' or ']' or '[' or '=');
        if (plain)
        {
            line.Append(value);
            return;
        }

        line.Append('"');
        foreach (char c in value)
        {
            if (c is '"' or '\\')
            {
                line.Append('\\').Append(c);
            }
            else
            {
                line.Append(char.IsControl(c) ? ' ' : c);
            }
        }

        line.Append('"');
    }
}
