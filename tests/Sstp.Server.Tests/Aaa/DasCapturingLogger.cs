using Microsoft.Extensions.Logging;

namespace Sstp.Server.Tests.Aaa;

/// <summary>Keeps every log line (event id and text) for assertions.</summary>
internal sealed class DasCapturingLogger : ILogger
{
    private readonly List<(int EventId, string Text)> _lines = [];

    public IReadOnlyList<(int EventId, string Text)> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_lines)
        {
            _lines.Add((eventId.Id, formatter(state, exception)));
        }
    }
}
