// Runs a helper program (resolvectl, resolvconf) with an argument list, never through a shell, optionally
// feeding text on stdin. Failures raise LinkConfigurationException like LinkConfigurator does for `ip`, so
// callers handle one exception type for every network-configuration command. (LinkConfigurator runs only
// `ip` and has no stdin; this is the small counterpart for the other tools.)

using System.Diagnostics;
using Sstp.IO.Tun;

namespace Sstp.Client.Platform;

/// <summary>Runs a configuration program and reports a non-zero exit as <see cref="LinkConfigurationException"/>.</summary>
internal static class ProgramRunner
{
    /// <summary>Runs <paramref name="program"/> with <paramref name="arguments"/>, writes <paramref name="input"/>
    /// (if any) to its stdin, closes stdin, and returns its stdout.</summary>
    public static async Task<string> RunAsync(
        string program, IReadOnlyList<string> arguments, string? input, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // Always a pipe: a tool that reads stdin sees EOF at once instead of blocking on ours.
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        string commandLine = program + " " + string.Join(' ', arguments);
        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new LinkConfigurationException($"'{commandLine}' could not be started: {e.Message}", e);
        }

        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            if (input is not null)
            {
                await process.StandardInput.WriteAsync(input.AsMemory(), cancellationToken).ConfigureAwait(false);
            }

            process.StandardInput.Close();

            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        catch (IOException)
        {
            // The program exited without reading stdin; its exit code below tells what happened.
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }

        string output = await stdout.ConfigureAwait(false);
        string error = (await stderr.ConfigureAwait(false)).Trim();
        if (process.ExitCode != 0)
        {
            throw new LinkConfigurationException(commandLine, process.ExitCode, error);
        }

        return output;
    }
}
