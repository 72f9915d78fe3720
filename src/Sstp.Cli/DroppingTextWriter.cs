using System.Text;

namespace Sstp.Cli;

/// <summary>
/// A console writer for the server that drops what it cannot write. With its output on a full disk (ENOSPC), a
/// closed pipe or a broken terminal, the plain console writer throws on every line: in the start-up messages that
/// stops the server, and the console logger gives up its background queue and from then on writes on the callers'
/// threads. The server's job is to serve, not to print, so a failed write is counted and forgotten; writes are
/// tried again as they come, so the output resumes once there is room.
/// </summary>
internal sealed class DroppingTextWriter(TextWriter inner) : TextWriter
{
    private long _dropped;

    /// <summary>Writes that failed and were dropped.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <inheritdoc/>
    public override Encoding Encoding => inner.Encoding;

    /// <summary>Puts a dropping writer in front of standard output and standard error.</summary>
    public static void InstallForConsole()
    {
        Console.SetOut(new DroppingTextWriter(Console.Out));
        Console.SetError(new DroppingTextWriter(Console.Error));
    }

    /// <inheritdoc/>
    public override void Write(char value) => Try(() => inner.Write(value));

    /// <inheritdoc/>
    public override void Write(string? value) => Try(() => inner.Write(value));

    /// <inheritdoc/>
    public override void Write(char[] buffer, int index, int count) => Try(() => inner.Write(buffer, index, count));

    /// <inheritdoc/>
    public override void WriteLine(string? value) => Try(() => inner.WriteLine(value));

    /// <inheritdoc/>
    public override void Flush() => Try(inner.Flush);

    /// <inheritdoc/>
    public override Task WriteAsync(string? value)
    {
        Write(value);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public override Task WriteLineAsync(string? value)
    {
        WriteLine(value);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public override Task FlushAsync()
    {
        Flush();
        return Task.CompletedTask;
    }

    private void Try(Action write)
    {
        try
        {
            write();
        }
        catch (IOException)
        {
            Interlocked.Increment(ref _dropped);
        }
    }
}
