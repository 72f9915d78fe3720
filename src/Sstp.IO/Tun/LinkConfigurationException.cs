namespace Sstp.IO.Tun;

/// <summary>An <c>ip</c> command failed; the message holds the command line, exit code and stderr.</summary>
public sealed class LinkConfigurationException : IOException
{
    /// <summary>Creates an exception without command details.</summary>
    public LinkConfigurationException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    public LinkConfigurationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and the cause (e.g. the program could not be started).</summary>
    public LinkConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception for a command that ran and failed.</summary>
    /// <param name="commandLine">The command as it would be typed (for the log, not for a shell).</param>
    /// <param name="exitCode">The exit status.</param>
    /// <param name="standardError">What the command wrote to stderr, trimmed.</param>
    public LinkConfigurationException(string commandLine, int exitCode, string standardError)
        : base($"'{commandLine}' failed with exit code {exitCode}: {standardError}")
    {
        CommandLine = commandLine;
        ExitCode = exitCode;
        StandardError = standardError;
    }

    /// <summary>The failing command line, or null if not known.</summary>
    public string? CommandLine { get; }

    /// <summary>The exit status, or -1 if the command did not run.</summary>
    public int ExitCode { get; } = -1;

    /// <summary>The command's stderr, or empty.</summary>
    public string StandardError { get; } = string.Empty;
}
