using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sstp.Server.Diagnostics;

namespace Sstp.Server.Hosting;

/// <summary>
/// Tells systemd how the server is doing (<c>Type=notify</c>, sd_notify(3)): <c>READY=1</c> once it serves,
/// <c>STATUS=</c> with the session count, <c>RELOADING=1</c>/<c>READY=1</c> around a reload, <c>STOPPING=1</c>,
/// and <c>WATCHDOG=1</c> when the unit sets <c>WatchdogSec=</c>. Every call is a no-op when the process was not
/// started with <c>NOTIFY_SOCKET</c>, and a failed send is logged once and never thrown.
/// </summary>
public sealed class ServiceNotifier
{
    /// <summary>How often <see cref="RunAsync"/> looks at the session count (STATUS is sent only on a change).</summary>
    public static readonly TimeSpan StatusCheckInterval = TimeSpan.FromSeconds(5);

    private readonly ISystemdNotifier _notifier;
    private readonly ILogger _log;
    private int _failed;

    /// <summary>Creates a notifier for the socket named by <c>NOTIFY_SOCKET</c> and the watchdog of <c>WATCHDOG_USEC</c>.</summary>
    /// <param name="logger">Where a failed send is reported; null for nowhere.</param>
    public ServiceNotifier(ILogger? logger = null)
        : this(
            new SystemdNotifier(),
            WatchdogIntervalOf(Environment.GetEnvironmentVariable("WATCHDOG_USEC"), Environment.GetEnvironmentVariable("WATCHDOG_PID"), Environment.ProcessId),
            logger)
    {
    }

    /// <summary>Creates a notifier over <paramref name="notifier"/> (tests pass their own).</summary>
    /// <param name="notifier">What sends the messages.</param>
    /// <param name="watchdogInterval">The unit's watchdog period, or null when it has none.</param>
    /// <param name="logger">Where a failed send is reported; null for nowhere.</param>
    public ServiceNotifier(ISystemdNotifier notifier, TimeSpan? watchdogInterval, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(notifier);
        _notifier = notifier;
        WatchdogInterval = watchdogInterval;
        _log = logger ?? NullLogger.Instance;
    }

    /// <summary>True when systemd listens (NOTIFY_SOCKET was set).</summary>
    public bool IsEnabled => _notifier.IsEnabled;

    /// <summary>The unit's watchdog period (<c>WatchdogSec=</c>), or null without one.</summary>
    public TimeSpan? WatchdogInterval { get; }

    /// <summary>The server serves: <c>READY=1</c> with a status line.</summary>
    public void Ready(int sessions) => Send(ReadyMessage(sessions));

    /// <summary>A reload starts: <c>RELOADING=1</c> with the monotonic clock systemd expects; call <see cref="Ready"/> when done.</summary>
    public void Reloading() => Send(ReloadingMessage(MonotonicMicroseconds()));

    /// <summary>The server stops: <c>STOPPING=1</c>.</summary>
    public void Stopping() => Send(StoppingMessage);

    /// <summary>A status line for <c>systemctl status</c>.</summary>
    public void Status(int sessions) => Send(StatusMessage(sessions));

    /// <summary>The message for <see cref="Ready"/>.</summary>
    public static string ReadyMessage(int sessions) => "READY=1\n" + StatusMessage(sessions);

    /// <summary>The message for <see cref="Reloading"/>, given CLOCK_MONOTONIC in microseconds.</summary>
    public static string ReloadingMessage(long monotonicMicroseconds) =>
        "RELOADING=1\nMONOTONIC_USEC=" + monotonicMicroseconds.ToString(CultureInfo.InvariantCulture);

    /// <summary>The message for <see cref="Stopping"/>.</summary>
    public const string StoppingMessage = "STOPPING=1";

    /// <summary>The keep-alive for <c>WatchdogSec=</c>.</summary>
    public const string WatchdogMessage = "WATCHDOG=1";

    /// <summary>The status line: the number of sessions (any phase).</summary>
    public static string StatusMessage(int sessions) =>
        string.Create(CultureInfo.InvariantCulture, $"STATUS=serving {sessions} session{(sessions == 1 ? string.Empty : "s")}");

    /// <summary>
    /// The watchdog period from <c>WATCHDOG_USEC</c>, or null when it is absent, not a positive number, or meant
    /// for another process (<c>WATCHDOG_PID</c>).
    /// </summary>
    public static TimeSpan? WatchdogIntervalOf(string? usec, string? pid, int ownPid)
    {
        if (!long.TryParse(usec, NumberStyles.None, CultureInfo.InvariantCulture, out long micro) || micro <= 0)
        {
            return null;
        }

        if (!string.IsNullOrEmpty(pid) && (!int.TryParse(pid, NumberStyles.None, CultureInfo.InvariantCulture, out int target) || target != ownPid))
        {
            return null;
        }

        return TimeSpan.FromMicroseconds(micro);
    }

    /// <summary>
    /// Until cancelled: sends <c>STATUS=</c> when the session count changed (looked at every
    /// <see cref="StatusCheckInterval"/>) and <c>WATCHDOG=1</c> at half the watchdog period. Returns at once when
    /// systemd does not listen.
    /// </summary>
    public async Task RunAsync(Func<int> sessions, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        ArgumentNullException.ThrowIfNull(time);
        if (!IsEnabled)
        {
            return;
        }

        var period = WatchdogInterval is { } watchdog && watchdog / 2 < StatusCheckInterval ? watchdog / 2 : StatusCheckInterval;
        int last = sessions();
        try
        {
            while (true)
            {
                await Task.Delay(period, time, cancellationToken).ConfigureAwait(false);
                if (WatchdogInterval is not null)
                {
                    Send(WatchdogMessage);
                }

                int now = sessions();
                if (now != last)
                {
                    last = now;
                    Status(now);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    private void Send(string message)
    {
        if (!_notifier.IsEnabled)
        {
            return;
        }

        try
        {
            _notifier.Notify(new ServiceState(message));
        }
        catch (Exception e) when (e is SocketException or IOException or ArgumentException or UnauthorizedAccessException)
        {
            if (Interlocked.Exchange(ref _failed, 1) == 0)
            {
                ServerLog.NotifyFailed(_log, message.Split('\n')[0], e.Message);
            }
        }
    }

    private static long MonotonicMicroseconds()
    {
        // On Linux the Stopwatch reads CLOCK_MONOTONIC, the clock MONOTONIC_USEC is measured on.
        long ticks = Stopwatch.GetTimestamp();
        return (long)(ticks / (Stopwatch.Frequency / 1_000_000.0));
    }
}
