using Microsoft.Extensions.Logging;
using Sstp.IO.Privileges;
using Sstp.Server.Configuration;
using Sstp.Server.Hosting;

namespace Sstp.Cli.Commands;

/// <summary><c>sstp server</c> as a service: the privilege drop (<c>server.user</c>) and the systemd notifications.</summary>
public static partial class ServerCommand
{
    /// <summary>Looks up <c>server.user</c>; false (after saying why) when it names no user of this system.</summary>
    private static bool TryFindUser(ServerOptions options, TextWriter error, out UnixAccount? account)
    {
        account = null;
        if (options.User is not { } name)
        {
            return true;
        }

        account = UnixAccount.Find(name);
        if (account is null)
        {
            error.WriteLine($"sstp: configuration error: {ConfigKeys.User.Name}: no such user '{name}' on this system");
            return false;
        }

        return true;
    }

    /// <summary>
    /// Hooks the service duties to the server: once everything is open, switch users (when asked), then tell
    /// systemd READY=1 and keep its status line current; STOPPING=1 when the stop begins. Dispose the result after
    /// the server returned.
    /// </summary>
    private static ServiceHooks AttachService(SstpServer server, ServiceNotifier notifier, UnixAccount? account, ILoggerFactory loggers, CancellationToken stopping)
    {
        var hooks = new ServiceHooks(notifier, stopping);
        if (account is not null)
        {
            var log = loggers.CreateLogger("sstp.server");
            server.AfterOpen = () => PrivilegeDropStep.Run(account, log);
        }

        server.Ready += () =>
        {
            notifier.Ready(server.SessionCount);
            hooks.StatusLoop = notifier.RunAsync(() => server.SessionCount, TimeProvider.System, hooks.Token);
        };
        return hooks;
    }

    /// <summary>
    /// What <see cref="AttachService"/> started: STOPPING=1 when the stop begins (or, after a failure, when the
    /// server has returned) and the status loop, which ends with the server.
    /// </summary>
    private sealed class ServiceHooks : IAsyncDisposable
    {
        private readonly ServiceNotifier _notifier;
        private readonly CancellationTokenSource _loop;
        private readonly CancellationTokenRegistration _stopping;
        private int _stopSent;

        public ServiceHooks(ServiceNotifier notifier, CancellationToken stopping)
        {
            _notifier = notifier;
            _loop = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            _stopping = stopping.Register(SendStopping);
        }

        public CancellationToken Token => _loop.Token;

        public Task StatusLoop { get; set; } = Task.CompletedTask;

        public async ValueTask DisposeAsync()
        {
            await _stopping.DisposeAsync().ConfigureAwait(false);
            SendStopping();
            await _loop.CancelAsync().ConfigureAwait(false);
            await StatusLoop.ConfigureAwait(false);
            _loop.Dispose();
        }

        private void SendStopping()
        {
            if (Interlocked.Exchange(ref _stopSent, 1) == 0)
            {
                _notifier.Stopping();
            }
        }
    }
}
