using Sstp.IO.Radius;

namespace Sstp.IO.Tests.Radius;

/// <summary>The per-endpoint Identifier pool: at most 248 requests in flight, spares for Acct-Delay-Time changes.</summary>
public sealed class RadiusIdentifierPoolTests
{
    [Fact]
    public async Task Slots_AreBoundedAndIdentifiersDistinct()
    {
        using var pool = new RadiusIdentifierPool();
        var taken = new HashSet<byte>();
        for (int i = 0; i < RadiusIdentifierPool.MaxInFlight; i++)
        {
            Assert.True(await pool.WaitAsync(TimeSpan.Zero, TestContext.Current.CancellationToken));
            Assert.True(taken.Add(pool.Take()));
        }

        Assert.False(await pool.WaitAsync(TimeSpan.Zero, TestContext.Current.CancellationToken));

        // The remaining values are spares, handed out once each.
        for (int i = RadiusIdentifierPool.MaxInFlight; i < 256; i++)
        {
            Assert.True(pool.TryTakeSpare(out byte spare));
            Assert.True(taken.Add(spare));
        }

        Assert.False(pool.TryTakeSpare(out _));
        Assert.Equal(256, pool.InUse);
    }

    [Fact]
    public async Task Return_MakesTheValueFreeAndReuseIsRoundRobin()
    {
        using var pool = new RadiusIdentifierPool();
        Assert.True(await pool.WaitAsync(TimeSpan.Zero, TestContext.Current.CancellationToken));
        byte first = pool.Take();
        pool.Return(first);
        pool.ReleaseSlot();
        Assert.True(await pool.WaitAsync(TimeSpan.Zero, TestContext.Current.CancellationToken));
        byte second = pool.Take();

        Assert.NotEqual(first, second);
        Assert.Equal(1, pool.InUse);
    }

    [Fact]
    public void Swap_HandsOutAFreeIdentifier()
    {
        using var pool = new RadiusIdentifierPool();
        byte current = pool.Take();
        var swap = new RadiusIdentifierSwap(pool);
        Span<byte> drawn = stackalloc byte[1];

        swap.Fill(drawn);

        Assert.NotEqual(current, drawn[0]);
        Assert.Equal(drawn[0], swap.Taken);
        Assert.Equal(2, pool.InUse);
        swap.Reset();
        Assert.Null(swap.Taken);
    }
}
