using System.Buffers;
using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace Sstp.Cli.Logging;

/// <summary>
/// The <c>json</c> log format: one flat JSON object per line, the shape log shippers index without
/// configuration: <c>time</c> (UTC, ISO 8601), <c>level</c>, <c>event_id</c>, <c>category</c>, <c>message</c>,
/// then the open scopes' fields (a session's <c>session</c>, <c>correlation_id</c>, <c>user</c>, <c>peer</c>),
/// then the message template's named values in snake case, then <c>exception</c>. A name already written is
/// not written again, so the context wins over a template value of the same name.
/// </summary>
/// <remarks>
/// Microsoft's own JSON console formatter nests the template values under <c>State</c> and every scope in a
/// <c>Scopes</c> array, which makes a shipper's query for one user or session depend on scope order.
/// </remarks>
public sealed class JsonLogFormatter : ConsoleFormatter
{
    /// <summary>The formatter's registered name.</summary>
    public const string FormatterName = "sstp-json";

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Messages stay readable (no \u0027 for quotes, no escaped '+'); control characters, quotes and
        // backslashes are still escaped, so a line is always one valid object.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = false,
    };

    private readonly TimeProvider _time;

    /// <summary>Creates the formatter.</summary>
    /// <param name="time">The clock (tests pass a fake one).</param>
    public JsonLogFormatter(TimeProvider? time = null)
        : base(FormatterName)
    {
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

        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            var written = new HashSet<string>(StringComparer.Ordinal) { "time", "level", "event_id", "category", "message", "exception" };
            json.WriteStartObject();
            json.WriteString("time", _time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
            json.WriteString("level", LogFields.JsonLevel(logEntry.LogLevel));
            json.WriteNumber("event_id", logEntry.EventId.Id);
            json.WriteString("category", logEntry.Category);
            json.WriteString("message", message);
            foreach (var field in LogFields.ScopeFields(scopeProvider))
            {
                if (written.Add(field.Key))
                {
                    WriteValue(json, field.Key, field.Value);
                }
            }

            foreach (var field in LogFields.StateFields(logEntry))
            {
                string name = LogFields.FieldName(field.Key);
                if (written.Add(name))
                {
                    WriteValue(json, name, field.Value);
                }
            }

            if (logEntry.Exception is { } exception)
            {
                json.WriteString("exception", exception.ToString());
            }

            json.WriteEndObject();
        }

        textWriter.Write(Encoding.UTF8.GetString(buffer.WrittenSpan));
        textWriter.Write('\n');
    }

    private static void WriteValue(Utf8JsonWriter json, string name, object? value)
    {
        switch (value)
        {
            case null:
                json.WriteNull(name);
                break;
            case bool b:
                json.WriteBoolean(name, b);
                break;
            case byte or sbyte or short or ushort or int or uint or long:
                json.WriteNumber(name, Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
            case ulong u:
                json.WriteNumber(name, u);
                break;
            case double d when double.IsFinite(d):
                json.WriteNumber(name, d);
                break;
            case float f when float.IsFinite(f):
                json.WriteNumber(name, f);
                break;
            case decimal m:
                json.WriteNumber(name, m);
                break;
            case Enum e:
                json.WriteString(name, e.ToString());
                break;
            case string s:
                json.WriteString(name, s);
                break;
            case IEnumerable list when value is not IFormattable:
                json.WriteStartArray(name);
                foreach (object? item in list)
                {
                    json.WriteStringValue(LogFields.Text(item));
                }

                json.WriteEndArray();
                break;
            default:
                json.WriteString(name, LogFields.Text(value));
                break;
        }
    }
}
