using Sstp.Server.Hosting;

namespace Sstp.Server.Tests.Hosting;

public sealed class MemoryTrimPolicyTests
{
    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    [Fact]
    public void SteadyLoad_NeverTrims()
    {
        var policy = new MemoryTrimPolicy(S(0));
        for (int t = 5; t < 3600; t += 5)
        {
            Assert.False(policy.Observe(S(t), 10_000 + (t % 7)));
        }
    }

    [Fact]
    public void AfterABurst_TrimsOnce_WhenTheCountFellToHalfThepeak()
    {
        var policy = new MemoryTrimPolicy(S(0));
        Assert.False(policy.Observe(S(70), 200));
        Assert.False(policy.Observe(S(75), 150)); // fell, but not to half
        Assert.True(policy.Observe(S(80), 3));
        Assert.Equal(3, policy.Peak);
        Assert.False(policy.Observe(S(200), 3)); // nothing new happened
    }

    [Fact]
    public void SmallSwings_AreBelowTheMinimumDrop()
    {
        var policy = new MemoryTrimPolicy(S(0));
        Assert.False(policy.Observe(S(100), MemoryTrimPolicy.MinimumDrop - 1));
        Assert.False(policy.Observe(S(105), 0));
        Assert.False(policy.Observe(S(110), MemoryTrimPolicy.MinimumDrop * 2));
        Assert.True(policy.Observe(S(115), MemoryTrimPolicy.MinimumDrop));
    }

    [Fact]
    public void TwoBursts_AreAtLeastTheMinimumIntervalApart()
    {
        var policy = new MemoryTrimPolicy(S(0));
        Assert.False(policy.Observe(S(10), 500));
        Assert.False(policy.Observe(S(20), 0)); // too soon after the start
        Assert.True(policy.Observe(S(60), 0));
        Assert.False(policy.Observe(S(70), 500));
        Assert.False(policy.Observe(S(80), 0)); // 20 s after the last trim
        Assert.True(policy.Observe(S(120), 0)); // the peak of 500 was kept until the interval passed
    }

    [Fact]
    public void NegativeCounts_AreTreatedAsZero()
    {
        var policy = new MemoryTrimPolicy(S(0));
        Assert.False(policy.Observe(S(100), -5));
        Assert.Equal(0, policy.Peak);
    }
}
