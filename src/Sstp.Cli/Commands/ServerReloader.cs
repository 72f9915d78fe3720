using System.CommandLine;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Sstp.IO.Tls;
using Sstp.Server.Configuration;
using Sstp.Server.Hosting;

namespace Sstp.Cli.Commands;

/// <summary>
/// Reloads a running <c>sstp server</c> the way it started: the configuration file with the same command-line
/// overlay, the users file and the certificate, then <see cref="SstpServer.ReloadAsync(ServerOptions, Sstp.Server.Users.UserStore, CertificateSource?, CancellationToken)"/>. Runs on SIGHUP (and for
/// <c>sstp ctl reload</c> through <see cref="ReloadAsync"/>). Anything that fails to load leaves the server as it was.
/// </summary>
internal sealed partial class ServerReloader : IDisposable
{
    private readonly ServerCommandOptions _cli;
    private readonly ParseResult _parse;
    private readonly SstpServer _server;
    private readonly LogLevelSwitch _level;
    private readonly ILogger _log;
    private readonly PosixSignalRegistration _hangup;
    private readonly ServiceNotifier? _notifier;

    /// <summary>Starts listening for SIGHUP.</summary>
    public ServerReloader(ServerCommandOptions cli, ParseResult parse, SstpServer server, LogLevelSwitch level, ILogger log, ServiceNotifier? notifier = null)
    {
        _notifier = notifier;
        _cli = cli;
        _parse = parse;
        _server = server;
        _level = level;
        _log = log;
        _hangup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, OnHangup);
    }

    /// <summary>Loads everything again and applies it; the result says what changed or why nothing did.</summary>
    public async Task<ReloadResult> ReloadAsync(string source, CancellationToken cancellationToken)
    {
        // systemd shows "reloading" until READY=1 comes again (whether or not the reload succeeded).
        _notifier?.Reloading();
        try
        {
            return await LoadAndApplyAsync(source, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _notifier?.Ready(_server.SessionCount);
        }
    }

    private async Task<ReloadResult> LoadAndApplyAsync(string source, CancellationToken cancellationToken)
    {
        Requested(_log, source);
        string? path = _cli.GetConfigPath(_parse);
        var loaded = ServerOptionsLoader.Load(path ?? ServerOptionsLoader.DefaultConfigPath, path is not null, _cli.GetOverlay(_parse));
        if (!loaded.Succeeded)
        {
            return Fail("configuration: " + string.Join("; ", loaded.Errors));
        }

        var options = loaded.Options!;
        using var messages = new StringWriter();
        var users = ServerCommand.LoadUsers(options, messages);
        if (users is null)
        {
            return Fail(Flatten(messages));
        }

        CertificateSource certificate;
        try
        {
            certificate = ServerCommand.LoadCertificate(options, messages);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            return Fail($"cannot load the certificate: {e.Message}");
        }

        var result = await _server.ReloadAsync(options, users, certificate, cancellationToken).ConfigureAwait(false);
        if (result.Succeeded)
        {
            _level.Level = options.LogLevel;
        }

        return result;
    }

    /// <inheritdoc/>
    public void Dispose() => _hangup.Dispose();

    private static string Flatten(StringWriter messages) =>
        string.Join("; ", messages.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.StartsWith("sstp: ", StringComparison.Ordinal) ? line[6..] : line));

    private ReloadResult Fail(string why)
    {
        Failed(_log, why);
        return ReloadResult.Failed(why);
    }

    private void OnHangup(PosixSignalContext context)
    {
        // SIGHUP would end the process by default; here it means "reload". The server runs one reload at a time.
        context.Cancel = true;
        _ = Task.Run(() => ReloadAsync("SIGHUP", CancellationToken.None));
    }

    [LoggerMessage(1210, LogLevel.Information, "Reload requested ({Source})")]
    private static partial void Requested(ILogger logger, string source);

    [LoggerMessage(1211, LogLevel.Error, "Reload failed, nothing was changed: {Why}")]
    private static partial void Failed(ILogger logger, string why);
}

/// <summary>The least severe log level written, changeable while running (<c>server.log-level</c> on reload).</summary>
internal sealed class LogLevelSwitch(LogLevel level)
{
    private volatile int _level = (int)level;

    /// <summary>The current level.</summary>
    public LogLevel Level
    {
        get => (LogLevel)_level;
        set => _level = (int)value;
    }

    /// <summary>True when a message of <paramref name="level"/> is written.</summary>
    public bool Allows(LogLevel level) => level >= Level && level != LogLevel.None;
}
