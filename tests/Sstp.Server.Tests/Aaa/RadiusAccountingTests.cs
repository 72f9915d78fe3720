using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Sstp.Protocol.Radius;
using Sstp.Server.Aaa;
using Sstp.TestKit;
using static Sstp.Server.Tests.Aaa.AaaTestSupport;
using RadiusSigner = Sstp.Protocol.Radius.RadiusAuthenticator;

namespace Sstp.Server.Tests.Aaa;

/// <summary>RadiusAccounting: exact Start/Interim/Stop attributes (AUTH.md §7.6), retries, bounded queue, drops.</summary>
public sealed class RadiusAccountingTests
{
    private static readonly DateTimeOffset Epoch = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private static readonly AccountingSession Session = new(
        "019ADB4C27F1-00000001",
        "alice",
        new RadiusNasAttributes { NasIdentifier = "sstp-1", NasIpAddress = IPAddress.Parse("127.0.0.1"), CallingStationId = "192.0.2.7" },
        IPAddress.Parse("10.0.0.5"),
        IPNetwork.Parse("2001:db8:1:2::/64"),
        [[1, 2, 3], "abc"u8.ToArray()],
        RadiusAuthenticated: true);

    [Fact]
    public async Task Start_CarriesExactAttributes()
    {
        var time = new FakeTimeProvider(Epoch);
        await using var server = new FakeRadiusServer(Secret);
        await using var client = NewClient(server, time);
        await using var accounting = new RadiusAccounting(client, NullLogger.Instance, time);

        accounting.Start(Session);
        await WaitUntil(() => accounting.Sent == 1);

        var packet = Assert.Single(server.Received);
        Assert.Equal(RadiusCode.AccountingRequest, (RadiusCode)packet[0]);
        // RFC 2866 §3: the Request Authenticator is the MD5 over the packet with a zero field.
        Assert.Equal(RadiusVerifyError.None, RadiusSigner.VerifyRequest(packet, Secret, false));
        var expected = new (RadiusAttributeType, byte[])[]
        {
            (RadiusAttributeType.AcctStatusType, Hex.Parse("00000001")),
            (RadiusAttributeType.AcctAuthentic, Hex.Parse("00000001")),
            (RadiusAttributeType.UserName, "alice"u8.ToArray()),
            (RadiusAttributeType.NasIdentifier, "sstp-1"u8.ToArray()),
            (RadiusAttributeType.NasIpAddress, Hex.Parse("7f000001")),
            (RadiusAttributeType.NasPortType, Hex.Parse("00000005")),
            (RadiusAttributeType.ServiceType, Hex.Parse("00000002")),
            (RadiusAttributeType.FramedProtocol, Hex.Parse("00000001")),
            (RadiusAttributeType.CallingStationId, "192.0.2.7"u8.ToArray()),
            (RadiusAttributeType.AcctSessionId, "019ADB4C27F1-00000001"u8.ToArray()),
            (RadiusAttributeType.FramedIpAddress, Hex.Parse("0a000005")),
            (RadiusAttributeType.FramedIpv6Prefix, Hex.Parse("00 40 20010db800010002")),
            (RadiusAttributeType.Class, Hex.Parse("010203")),
            (RadiusAttributeType.Class, "abc"u8.ToArray()),
            (RadiusAttributeType.EventTimestamp, Hex.Parse("695735A5")), // 2026-01-02T03:04:05Z = 1767323045
            (RadiusAttributeType.AcctDelayTime, Hex.Parse("00000000")),
        };
        Assert.Equal(expected.Select(e => (e.Item1, Hex.Format(e.Item2))), Attributes(packet).Select(a => (a.Type, Hex.Format(a.Value))));
        Assert.Equal(0, accounting.Dropped);
    }

    [Fact]
    public async Task Interim_SplitsOctetsIntoGigawordsAndCountsWholeSeconds()
    {
        var time = new FakeTimeProvider(Epoch);
        await using var server = new FakeRadiusServer(Secret);
        await using var client = NewClient(server, time);
        await using var accounting = new RadiusAccounting(client, NullLogger.Instance, time);

        // RFC 2869 §5.1/§5.2: 5 × 2^32 + 7 octets = Gigawords 5, Octets 7.
        accounting.Interim(Session, new AccountingCounters((5L << 32) + 7, uint.MaxValue + 1L, 10, 20, TimeSpan.FromSeconds(61.9)));
        await WaitUntil(() => accounting.Sent == 1);

        var packet = Assert.Single(server.Received);
        Assert.Equal(3u, UInt(packet, RadiusAttributeType.AcctStatusType));
        Assert.Equal(7u, UInt(packet, RadiusAttributeType.AcctInputOctets));
        Assert.Equal(5u, UInt(packet, RadiusAttributeType.AcctInputGigawords));
        Assert.Equal(0u, UInt(packet, RadiusAttributeType.AcctOutputOctets));
        Assert.Equal(1u, UInt(packet, RadiusAttributeType.AcctOutputGigawords));
        Assert.Equal(10u, UInt(packet, RadiusAttributeType.AcctInputPackets));
        Assert.Equal(20u, UInt(packet, RadiusAttributeType.AcctOutputPackets));
        Assert.Equal(61u, UInt(packet, RadiusAttributeType.AcctSessionTime));
        Assert.False(Has(packet, RadiusAttributeType.AcctTerminateCause));
    }

    [Fact]
    public async Task StartInterimStop_AreSentInOrderAndStopCarriesTheCause()
    {
        var time = new FakeTimeProvider(Epoch);
        await using var server = new FakeRadiusServer(Secret);
        await using var client = NewClient(server, time);
        await using var accounting = new RadiusAccounting(client, NullLogger.Instance, time);
        var local = Session with { RadiusAuthenticated = false, FramedIpv6Prefix = null, Classes = [] };

        accounting.Start(local);
        accounting.Interim(local, new AccountingCounters(100, 200, 1, 2, TimeSpan.FromSeconds(60)));
        accounting.Stop(local, new AccountingCounters(1000, 2000, 10, 20, TimeSpan.FromSeconds(90)), terminateCause: 6);
        await WaitUntil(() => accounting.Sent == 3);

        var sent = server.Received;
        Assert.Equal([1u, 3u, 2u], sent.Select(p => UInt(p, RadiusAttributeType.AcctStatusType)));
        Assert.All(sent, p => Assert.Equal(2u, UInt(p, RadiusAttributeType.AcctAuthentic)));
        Assert.All(sent, p => Assert.False(Has(p, RadiusAttributeType.Class)));
        Assert.All(sent, p => Assert.False(Has(p, RadiusAttributeType.FramedIpv6Prefix)));
        var stop = sent[2];
        Assert.Equal(6u, UInt(stop, RadiusAttributeType.AcctTerminateCause));
        Assert.Equal(1000u, UInt(stop, RadiusAttributeType.AcctInputOctets));
        Assert.Equal(0u, UInt(stop, RadiusAttributeType.AcctInputGigawords));
        Assert.Equal(2000u, UInt(stop, RadiusAttributeType.AcctOutputOctets));
        Assert.Equal(90u, UInt(stop, RadiusAttributeType.AcctSessionTime));
        Assert.Equal(0, accounting.Queued);
    }

    [Fact]
    public async Task SlowServer_RecordIsRetriedUntilAcknowledged()
    {
        var time = new FakeTimeProvider(Epoch);
        await using var server = new FakeRadiusServer(Secret);
        server.SilentFor(2);
        await using var client = NewClient(server, time, maxTries: 3);
        await using var accounting = new RadiusAccounting(client, NullLogger.Instance, time);

        accounting.Start(Session);
        await server.WaitForAsync(1);
        time.Advance(RetryTimeout);
        await server.WaitForAsync(2);
        time.Advance(RetryTimeout);
        await WaitUntil(() => accounting.Sent == 1);

        // AUTH.md §7.6: each retransmission reports how long the record has waited, under a new Identifier.
        Assert.Equal([0u, 3u, 6u], server.Received.Select(p => UInt(p, RadiusAttributeType.AcctDelayTime)));
        Assert.Equal(3, server.Received.Select(p => p[1]).Distinct().Count());
        Assert.Equal(0, accounting.Dropped);
    }

    [Fact]
    public async Task Unacknowledged_IsDroppedLoggedAndCounted()
    {
        var time = new FakeTimeProvider(Epoch);
        var log = new ListLogger();
        await using var server = new FakeRadiusServer(Secret, FakeRadiusMode.Silent);
        await using var client = NewClient(server, time, maxTries: 1);
        await using var accounting = new RadiusAccounting(client, log, time);

        accounting.Stop(Session, default, terminateCause: 1);
        await server.WaitForAsync(1);
        time.Advance(RetryTimeout);
        await WaitUntil(() => log.Entries.Any(e => e.EventId == 6100));

        Assert.Equal(1, accounting.Dropped);
        Assert.Equal(0, accounting.Sent);
        var entry = Assert.Single(log.Entries, e => e.EventId == 6100);
        Assert.Equal(LogLevel.Error, entry.Level);
        Assert.Contains("Stop", entry.Message, StringComparison.Ordinal);
        Assert.Contains(Session.SessionId, entry.Message, StringComparison.Ordinal);
        Assert.Contains("no RADIUS server acknowledged it", entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FullQueue_DropsLogsAndCountsThenTheRestDrains()
    {
        var time = new FakeTimeProvider(Epoch);
        var log = new ListLogger();
        await using var server = new FakeRadiusServer(Secret, FakeRadiusMode.Silent);
        await using var client = NewClient(server, time, maxTries: 1);
        await using var accounting = new RadiusAccounting(client, log, time, queueCapacity: 2);

        accounting.Start(Session with { SessionId = "A" });
        await server.WaitForAsync(1); // A is being sent: the queue is empty again.
        accounting.Start(Session with { SessionId = "B" });
        accounting.Start(Session with { SessionId = "C" });
        accounting.Start(Session with { SessionId = "D" });

        Assert.Equal(1, accounting.Dropped);
        Assert.Equal(3, accounting.Queued);
        Assert.Contains(log.Entries, e => e.EventId == 6100 && e.Message.Contains("session D", StringComparison.Ordinal) && e.Message.Contains("queue is full", StringComparison.Ordinal));

        server.Mode = FakeRadiusMode.Answer;
        time.Advance(RetryTimeout); // A times out and is dropped; B and C are acknowledged.
        await WaitUntil(() => accounting.Sent == 2);

        Assert.Equal(2, accounting.Dropped);
        Assert.Equal(0, accounting.Queued);
        Assert.Equal(["A", "B", "C"], server.Received.Select(p => Encoding.UTF8.GetString(Single(p, RadiusAttributeType.AcctSessionId))));
    }

    [Fact]
    public async Task Dispose_DrainsTheQueueThenRefusesNewRecords()
    {
        await using var server = new FakeRadiusServer(Secret);
        await using var client = NewClient(server, TimeProvider.System);
        var log = new ListLogger();
        var accounting = new RadiusAccounting(client, log);

        accounting.Stop(Session, default, terminateCause: 7);
        await accounting.DisposeAsync();
        Assert.Equal(1, accounting.Sent);

        accounting.Start(Session);
        Assert.Equal(1, accounting.Dropped);
        Assert.Contains(log.Entries, e => e.EventId == 6100 && e.Message.Contains("shut down", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UnencodableRecord_IsDroppedAndCounted()
    {
        await using var server = new FakeRadiusServer(Secret);
        await using var client = NewClient(server, TimeProvider.System);
        await using var accounting = new RadiusAccounting(client, NullLogger.Instance);

        accounting.Start(Session with { UserName = new string('u', 300) });
        await WaitUntil(() => accounting.Dropped == 1);

        Assert.Equal(0, server.Count);
    }

    [Fact]
    public void AcctSessionIds_AreUniqueTimePlusCounterHex()
    {
        var ids = Enumerable.Range(0, 1000).Select(_ => AcctSessionIds.New()).ToArray();

        Assert.Equal(1000, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Matches("^[0-9A-F]{12}-[0-9A-F]{8}$", id));
        Assert.Equal(ids[0][..12], ids[^1][..12]);
    }
}
