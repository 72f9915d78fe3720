using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace Sstp.Server.Tests.Logging;

/// <summary>A logger that writes straight through one console formatter into a string, with real scopes.</summary>
internal sealed class FormatterLogger(ConsoleFormatter formatter, string category = "sstp.server") : ILogger
{
    private readonly LoggerExternalScopeProvider _scopes = new();
    private readonly StringWriter _output = new();

    /// <summary>Everything written so far, one entry per line (without the line ends).</summary>
    public IReadOnlyList<string> Lines => _output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => _scopes.Push(state);

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter1) =>
        formatter.Write(new LogEntry<TState>(logLevel, category, eventId, state, exception, formatter1), _scopes, _output);
}
