using System.Net.Sockets;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Time.Testing;
using Sstp.Server.Hosting;
using Sstp.TestKit;

namespace Sstp.Server.Tests.Hosting;

public sealed class ServiceNotifierTests
{
    [Theory]
    [InlineData(0, "READY=1\nSTATUS=serving 0 sessions")]
    [InlineData(1, "READY=1\nSTATUS=serving 1 session")]
    [InlineData(1234, "READY=1\nSTATUS=serving 1234 sessions")]
    public void ReadyMessage_CarriesTheSessionCount(int sessions, string expected) =>
        Assert.Equal(expected, ServiceNotifier.ReadyMessage(sessions));

    [Fact]
    public void ReloadingMessage_CarriesTheMonotonicClock() =>
        Assert.Equal("RELOADING=1\nMONOTONIC_USEC=123456789", ServiceNotifier.ReloadingMessage(123_456_789));

    [Theory]
    [InlineData("30000000", null, 42, 30.0)]
    [InlineData("30000000", "42", 42, 30.0)]
    [InlineData("30000000", "43", 42, null)]
    [InlineData("30000000", "x", 42, null)]
    [InlineData("0", null, 42, null)]
    [InlineData("-5", null, 42, null)]
    [InlineData("soon", null, 42, null)]
    [InlineData(null, null, 42, null)]
    public void WatchdogInterval_IsReadFromTheEnvironmentValues(string? usec, string? pid, int ownPid, double? seconds) =>
        Assert.Equal(seconds is { } s ? TimeSpan.FromSeconds(s) : null, ServiceNotifier.WatchdogIntervalOf(usec, pid, ownPid));

    [Fact]
    public async Task WithoutNotifySocket_NothingIsSent_AndTheStatusLoopEndsAtOnce()
    {
        var fake = new RecordingNotifier(enabled: false);
        var notifier = new ServiceNotifier(fake, TimeSpan.FromSeconds(10));

        notifier.Ready(3);
        notifier.Reloading();
        notifier.Stopping();
        var loop = notifier.RunAsync(() => 3, new FakeTimeProvider(), TestContext.Current.CancellationToken);

        Assert.True(loop.IsCompleted);
        await loop;
        Assert.Empty(fake.Sent);
    }

    [Fact]
    public void ASendThatFails_IsSwallowed()
    {
        var fake = new RecordingNotifier(enabled: true) { Fail = true };
        var notifier = new ServiceNotifier(fake, null);

        notifier.Ready(0);
        notifier.Stopping();

        Assert.Equal(2, fake.Attempts);
    }

    [Fact]
    public async Task StatusLoop_SendsStatusOnlyWhenTheCountChanged_AndPetsTheWatchdog()
    {
        var fake = new RecordingNotifier(enabled: true);
        var time = new FakeTimeProvider();
        var notifier = new ServiceNotifier(fake, TimeSpan.FromSeconds(4));
        int sessions = 0;
        using var stop = new CancellationTokenSource();
        var loop = notifier.RunAsync(() => sessions, time, stop.Token);

        time.Advance(TimeSpan.FromSeconds(2));      // half the watchdog period: pet it, no change
        sessions = 2;
        time.Advance(TimeSpan.FromSeconds(2));      // pet again and report the change
        time.Advance(TimeSpan.FromSeconds(2));      // no change: only the watchdog
        await stop.CancelAsync();
        await loop;

        Assert.Equal(["WATCHDOG=1", "WATCHDOG=1", "STATUS=serving 2 sessions", "WATCHDOG=1"], fake.Sent);
    }

    [Fact]
    public async Task StatusLoop_WithoutWatchdog_LooksEveryFiveSeconds()
    {
        var fake = new RecordingNotifier(enabled: true);
        var time = new FakeTimeProvider();
        var notifier = new ServiceNotifier(fake, null);
        int sessions = 1;
        using var stop = new CancellationTokenSource();
        var loop = notifier.RunAsync(() => sessions, time, stop.Token);

        sessions = 5;
        time.Advance(ServiceNotifier.StatusCheckInterval - TimeSpan.FromMilliseconds(1));
        Assert.Empty(fake.Sent);
        time.Advance(TimeSpan.FromMilliseconds(1));
        await stop.CancelAsync();
        await loop;

        Assert.Equal(["STATUS=serving 5 sessions"], fake.Sent);
    }

    [Fact]
    public async Task RealSocket_ReceivesReadyStatusReloadingAndStopping()
    {
        using var listener = new NotifyListener();
        string? before = Environment.GetEnvironmentVariable("NOTIFY_SOCKET");
        ServiceNotifier notifier;
        try
        {
            Environment.SetEnvironmentVariable("NOTIFY_SOCKET", listener.Path);
            notifier = new ServiceNotifier();
        }
        finally
        {
            Environment.SetEnvironmentVariable("NOTIFY_SOCKET", before);
        }

        Assert.True(notifier.IsEnabled);
        notifier.Ready(0);
        notifier.Status(7);
        notifier.Reloading();
        notifier.Ready(7);
        notifier.Stopping();
        await listener.WaitForAsync(ServiceNotifier.StoppingMessage, TimeSpan.FromSeconds(10));

        var messages = listener.Messages;
        Assert.Equal(5, messages.Count);
        Assert.Equal("READY=1\nSTATUS=serving 0 sessions", messages[0]);
        Assert.Equal("STATUS=serving 7 sessions", messages[1]);
        Assert.Matches(@"^RELOADING=1\nMONOTONIC_USEC=[1-9][0-9]*$", messages[2]);
        Assert.Equal("READY=1\nSTATUS=serving 7 sessions", messages[3]);
        Assert.Equal("STOPPING=1", messages[4]);
    }

    [Fact]
    public void RealSocket_Gone_DoesNotThrow()
    {
        string before = Environment.GetEnvironmentVariable("NOTIFY_SOCKET") ?? string.Empty;
        ServiceNotifier notifier;
        try
        {
            Environment.SetEnvironmentVariable("NOTIFY_SOCKET", Path.Combine(Path.GetTempPath(), "sstp-no-such-" + Guid.NewGuid().ToString("N")));
            notifier = new ServiceNotifier();
        }
        finally
        {
            Environment.SetEnvironmentVariable("NOTIFY_SOCKET", before.Length == 0 ? null : before);
        }

        notifier.Ready(0);
        notifier.Stopping();
        Assert.True(notifier.IsEnabled);
    }

    private sealed class RecordingNotifier(bool enabled) : ISystemdNotifier
    {
        public List<string> Sent { get; } = [];

        public int Attempts { get; private set; }

        public bool Fail { get; init; }

        public bool IsEnabled => enabled;

        public void Notify(ServiceState state)
        {
            Attempts++;
            if (Fail)
            {
                throw new SocketException((int)SocketError.ConnectionRefused);
            }

            Sent.Add(state.ToString());
        }
    }
}
