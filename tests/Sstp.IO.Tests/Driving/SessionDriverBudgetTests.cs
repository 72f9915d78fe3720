using System.Buffers;
using Microsoft.Extensions.Time.Testing;
using Sstp.IO.Driving;
using Sstp.Protocol.Ppp;
using Sstp.Protocol.Session;
using Sstp.TestKit;

namespace Sstp.IO.Tests.Driving;

/// <summary>
/// The byte budget shared by several drivers (the server's cap on buffered memory): a packet that does not fit is
/// dropped and counted in the session that tried, and written or dropped packets give their bytes back.
/// </summary>
public class SessionDriverBudgetTests
{
    private const int IpLength = 1000;

    /// <summary>Bytes one queued packet takes: the IP packet plus the SSTP and PPP headers.</summary>
    private const int Queued = IpLength + DataPath.Headroom;

    private sealed class NullHost : ISessionHost
    {
        public void OnEvent(SessionDriver driver, SessionEvent sessionEvent)
        {
        }

        public void OnPacket(SessionDriver driver, Span<byte> packet, PppProtocol protocol)
        {
        }
    }

    /// <summary>A peer that has gone away: reads return 0, writes vanish.</summary>
    private sealed class GoneStream : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(0);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private static SessionDriver UpDriver(BufferBudget budget)
    {
        var pair = new SessionPair(SessionPair.ServerSettings(), SessionPair.ClientSettings("alice", "pw"), new Dictionary<string, string> { ["alice"] = "pw" });
        pair.RunUntilUp();
        Assert.True(pair.BothUp);
        return new SessionDriver(pair.Server, new GoneStream(), new NullHost(), new FakeTimeProvider(), new SessionDriverOptions { SharedBudget = budget });
    }

    private static bool Send(SessionDriver driver)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(DataPath.Headroom + IpLength);
        buffer.AsSpan(DataPath.Headroom, IpLength).Clear();
        buffer[DataPath.Headroom] = 0x45;
        if (driver.TrySendData(buffer, IpLength))
        {
            return true;
        }

        ArrayPool<byte>.Shared.Return(buffer);
        return false;
    }

    [Fact]
    public void Budget_IsSharedAcrossSessions_AndAPacketOverItIsDroppedAndCounted()
    {
        var budget = new BufferBudget((2 * Queued) + (Queued / 2));
        var a = UpDriver(budget);
        var b = UpDriver(budget);

        Assert.True(Send(a));
        Assert.True(Send(b));
        Assert.False(Send(a)); // a third packet would pass the shared cap, whichever session sends it
        Assert.False(Send(b));

        Assert.Equal(2 * Queued, budget.Used);
        Assert.Equal(2, budget.Refused);
        Assert.Equal(1, a.Traffic.DroppedOut);
        Assert.Equal(1, b.Traffic.DroppedOut);
    }

    [Fact]
    public async Task Budget_IsGivenBack_WhenTheQueueIsWrittenOrDropped()
    {
        var budget = new BufferBudget(2 * Queued);
        var a = UpDriver(budget);
        var b = UpDriver(budget);
        Assert.True(Send(a) && Send(a));
        Assert.False(Send(b));

        await a.RunAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);

        Assert.Equal(0, budget.Used);
        Assert.True(Send(b));
        Assert.Equal(Queued, budget.Used);
    }

    [Fact]
    public void Capacity_CanBeLoweredWhileInUse_AndAppliesToLaterPackets()
    {
        var budget = new BufferBudget(10 * Queued);
        var a = UpDriver(budget);
        Assert.True(Send(a) && Send(a));

        budget.Capacity = Queued;

        Assert.False(Send(a));
        Assert.Equal(2 * Queued, budget.Used);
    }
}
