using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Sstp.Server.Configuration;

namespace Sstp.Cli.Logging;

/// <summary>Wires the console logger of <c>sstp server</c> and <c>sstp client</c> to one of our two formats.</summary>
public static class LoggingSetup
{
    /// <summary>
    /// Adds the console logger with <paramref name="format"/>: <see cref="TextLogFormatter"/> with the given
    /// timestamp (its format string, in UTC or local time) or <see cref="JsonLogFormatter"/> (always UTC ISO 8601).
    /// Scopes are on, so a session's context reaches every line.
    /// </summary>
    public static ILoggingBuilder AddSstpConsole(this ILoggingBuilder builder, LogFormat format, string? textTimestamp, bool textUtc, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ConsoleFormatter formatter = format == LogFormat.Json
            ? new JsonLogFormatter(time)
            : new TextLogFormatter(textTimestamp, textUtc, time);
        builder.Services.AddSingleton(formatter);
        return builder.AddConsole(o => o.FormatterName = formatter.Name);
    }
}
