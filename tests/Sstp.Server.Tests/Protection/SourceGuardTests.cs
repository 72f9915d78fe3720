using System.Net;
using Sstp.Server.Protection;

namespace Sstp.Server.Tests.Protection;

/// <summary>Per-source admission: connection rate, unauthenticated connections, bans after failed logins, bounded memory.</summary>
public class SourceGuardTests
{
    private static readonly long Second = TimeSpan.TicksPerSecond;
    private static readonly SourceKey A = SourceKey.Of(IPAddress.Parse("198.51.100.7"));
    private static readonly SourceKey B = SourceKey.Of(IPAddress.Parse("198.51.100.8"));

    private static SourceGuard Guard(
        CountPerPeriod rate = default, int preAuth = 0, CountPerPeriod failures = default, TimeSpan banTime = default, int maxEntries = 65_536) =>
        new(new SourceGuardSettings
        {
            ConnectionRate = rate,
            MaxPreAuthPerSource = preAuth,
            AuthFailures = failures,
            BanTime = banTime,
            MaxEntries = maxEntries,
        });

    [Fact]
    public void Rate_AllowsTheBurst_ThenRefuses_ThenRefillsOverThePeriod()
    {
        var guard = Guard(rate: new CountPerPeriod(5, TimeSpan.FromSeconds(10)));
        long now = 1000 * Second;
        for (int i = 0; i < 5; i++)
        {
            Assert.Equal(SourceVerdict.Admitted, guard.TryAdmit(A, now).Verdict);
        }

        Assert.Equal(SourceVerdict.RateLimited, guard.TryAdmit(A, now).Verdict);
        Assert.Equal(SourceVerdict.Admitted, guard.TryAdmit(B, now).Verdict); // other sources are not affected
        Assert.Equal(SourceVerdict.RateLimited, guard.TryAdmit(A, now + (2 * Second) - 1).Verdict);
        Assert.Equal(SourceVerdict.Admitted, guard.TryAdmit(A, now + (2 * Second)).Verdict); // one per 2 s comes back
        Assert.Equal(SourceVerdict.RateLimited, guard.TryAdmit(A, now + (2 * Second)).Verdict);
    }

    [Fact]
    public void Rate_SustainedAtTheLimit_IsNeverRefused_AndRefusalsTakeNoCredit()
    {
        var guard = Guard(rate: new CountPerPeriod(3, TimeSpan.FromSeconds(3)));
        long now = 50 * Second;
        for (int i = 0; i < 100; i++)
        {
            Assert.Equal(SourceVerdict.Admitted, guard.TryAdmit(A, now + (i * Second)).Verdict);
        }

        // Hammering while empty does not push the source further into debt.
        long t = now + (100 * Second);
        for (int i = 0; i < 3; i++)
        {
            guard.TryAdmit(A, t);
        }

        for (int i = 0; i < 1000; i++)
        {
            Assert.Equal(SourceVerdict.RateLimited, guard.TryAdmit(A, t).Verdict);
        }

        Assert.Equal(SourceVerdict.Admitted, guard.TryAdmit(A, t + Second).Verdict);
    }

    [Fact]
    public void PreAuth_CapsOneSource_AndEndPreAuthGivesTheSlotBack()
    {
        var guard = Guard(preAuth: 2);
        var first = guard.TryAdmit(A, 0);
        var second = guard.TryAdmit(A, 0);
        Assert.Equal(SourceVerdict.Admitted, second.Verdict);
        Assert.Equal(SourceVerdict.TooManyPreAuth, guard.TryAdmit(A, 0).Verdict);
        Assert.Equal(SourceVerdict.Admitted, guard.TryAdmit(B, 0).Verdict);

        guard.EndPreAuth(first);

        Assert.Equal(SourceVerdict.Admitted, guard.TryAdmit(A, 0).Verdict);
        Assert.Equal(SourceVerdict.TooManyPreAuth, guard.TryAdmit(A, 0).Verdict);
    }

    [Fact]
    public void PreAuthRefusal_TakesNothingFromTheRateAllowance()
    {
        var guard = Guard(rate: new CountPerPeriod(3, TimeSpan.FromMinutes(1)), preAuth: 1);
        var first = guard.TryAdmit(A, 0);
        for (int i = 0; i < 10; i++)
        {
            Assert.Equal(SourceVerdict.TooManyPreAuth, guard.TryAdmit(A, 0).Verdict);
        }

        guard.EndPreAuth(first);
        var second = guard.TryAdmit(A, 0);
        Assert.Equal(SourceVerdict.Admitted, second.Verdict);
        guard.EndPreAuth(second);
        Assert.Equal(SourceVerdict.Admitted, guard.TryAdmit(A, 0).Verdict);
    }

    [Fact]
    public void Ipv6_IsCountedPerSlash64()
    {
        var guard = Guard(preAuth: 1);
        Assert.Equal(SourceVerdict.Admitted, guard.TryAdmit(SourceKey.Of(IPAddress.Parse("2001:db8:1:2::1")), 0).Verdict);
        Assert.Equal(SourceVerdict.TooManyPreAuth, guard.TryAdmit(SourceKey.Of(IPAddress.Parse("2001:db8:1:2:ffff::9")), 0).Verdict);
        Assert.Equal(SourceVerdict.Admitted, guard.TryAdmit(SourceKey.Of(IPAddress.Parse("2001:db8:1:3::1")), 0).Verdict);
    }

    [Fact]
    public void Failures_WithinTheWindow_StartABan_ThatEndsAfterTheBanTime()
    {
        var guard = Guard(failures: new CountPerPeriod(3, TimeSpan.FromMinutes(1)), banTime: TimeSpan.FromMinutes(5));
        long now = 10 * Second;
        Assert.Null(guard.RecordAuthFailure(A, "alice", now));
        Assert.Null(guard.RecordAuthFailure(A, "bob", now + Second));
        var ban = guard.RecordAuthFailure(A, "alice", now + (2 * Second));

        Assert.NotNull(ban);
        Assert.Equal(A, ban.Key);
        Assert.Equal(3, ban.Failures);
        Assert.Equal(["alice", "bob"], ban.Users);
        Assert.Equal(TimeSpan.FromMinutes(5), ban.Duration);
        long banned = now + (2 * Second);
        Assert.Equal(SourceVerdict.Banned, guard.TryAdmit(A, banned).Verdict);
        Assert.Equal(SourceVerdict.Admitted, guard.TryAdmit(B, banned).Verdict);
        Assert.Null(guard.RecordAuthFailure(A, "carol", banned + Second)); // no second ban while banned
        Assert.Empty(guard.Sweep(banned + (299 * Second)));
        Assert.Equal(SourceVerdict.Banned, guard.TryAdmit(A, banned + (299 * Second)).Verdict);

        Assert.Equal([A], guard.Sweep(banned + (300 * Second)));
        Assert.Equal(SourceVerdict.Admitted, guard.TryAdmit(A, banned + (300 * Second)).Verdict);
        Assert.Empty(guard.Sweep(banned + (400 * Second))); // the end is reported once
    }

    [Fact]
    public void Failures_SpreadWiderThanTheWindow_NeverBan()
    {
        var guard = Guard(failures: new CountPerPeriod(3, TimeSpan.FromMinutes(1)), banTime: TimeSpan.FromMinutes(5));
        for (int i = 0; i < 20; i++)
        {
            Assert.Null(guard.RecordAuthFailure(A, "alice", i * 31 * Second));
        }
    }

    [Theory]
    [InlineData(true, 300)]
    [InlineData(false, 0)]
    public void Bans_AreOff_WhenEitherSettingIsOff(bool failuresOff, int banSeconds)
    {
        var guard = Guard(failures: failuresOff ? CountPerPeriod.Off : new CountPerPeriod(1, TimeSpan.FromMinutes(1)), banTime: TimeSpan.FromSeconds(banSeconds));
        Assert.Null(guard.RecordAuthFailure(A, "alice", 0));
        Assert.Null(guard.RecordAuthFailure(A, "alice", 1));
        Assert.Equal(SourceVerdict.Admitted, guard.TryAdmit(A, 2).Verdict);
    }

    [Fact]
    public void Table_IsBounded_NewSourcesBeyondItAreAdmittedUntracked_AndSweepForgetsIdleOnes()
    {
        var guard = Guard(rate: new CountPerPeriod(1, TimeSpan.FromSeconds(10)), preAuth: 1, maxEntries: 100);
        for (uint i = 0; i < 1000; i++)
        {
            var source = new SourceKey(0xC0000200 + i, IsIPv6: false);
            var admission = guard.TryAdmit(source, 0);
            Assert.Equal(SourceVerdict.Admitted, admission.Verdict);
            guard.EndPreAuth(admission);
        }

        Assert.Equal(100, guard.Count);
        Assert.Equal(900, guard.Untracked);

        guard.Sweep(10 * Second);

        Assert.Equal(0, guard.Count);
    }

    [Fact]
    public void Sweep_KeepsSourcesWithState()
    {
        var guard = Guard(rate: new CountPerPeriod(1, TimeSpan.FromSeconds(10)), preAuth: 5);
        _ = guard.TryAdmit(A, 0); // holds a pre-auth slot
        var b = guard.TryAdmit(B, 0);
        guard.EndPreAuth(b);

        guard.Sweep(Second); // B's bucket is not full yet
        Assert.Equal(2, guard.Count);
        guard.Sweep(10 * Second);
        Assert.Equal(1, guard.Count);
    }

    [Fact]
    public void Settings_CanBeReplaced_AndApplyToTheNextConnection()
    {
        var guard = Guard(preAuth: 1);
        Assert.Equal(SourceVerdict.Admitted, guard.TryAdmit(A, 0).Verdict);
        Assert.Equal(SourceVerdict.TooManyPreAuth, guard.TryAdmit(A, 0).Verdict);

        guard.Settings = guard.Settings with { MaxPreAuthPerSource = 0 };

        Assert.Equal(SourceVerdict.Admitted, guard.TryAdmit(A, 0).Verdict);
    }

    [Fact]
    public void SourceKey_MapsIpv4MappedAddresses_AndPrintsTheUnit()
    {
        Assert.Equal(A, SourceKey.Of(IPAddress.Parse("::ffff:198.51.100.7")));
        Assert.Equal("198.51.100.7", A.ToString());
        Assert.Equal("2001:db8:1:2::/64", SourceKey.Of(IPAddress.Parse("2001:db8:1:2:3:4:5:6")).ToString());
    }
}
