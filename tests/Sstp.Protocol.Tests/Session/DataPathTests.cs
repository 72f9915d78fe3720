using Sstp.Protocol.Ppp;
using Sstp.Protocol.Session;
using Sstp.TestKit;

namespace Sstp.Protocol.Tests.Session;

public class DataPathTests
{
    private static readonly DataPathState Open = new(true, true, 1400);

    [Fact]
    public void Encapsulate_Ipv4_WritesSstpAndPppHeadersInPlace()
    {
        // SSTP.md §4.4 data packet template and PPP.md §1.1: 10 00 LL LL | FF 03 00 21 | IP.
        var frame = new byte[DataPath.Headroom + 20];
        frame[DataPath.Headroom] = 0x45;
        int length = DataPath.Encapsulate(frame, 20, Open);

        Assert.Equal(28, length);
        Assert.Equal(Hex.Parse("10 00 00 1C FF 03 00 21 45"), frame[..9]);
    }

    [Fact]
    public void Encapsulate_Ipv6_UsesProtocol0057()
    {
        var frame = new byte[DataPath.Headroom + 40];
        frame[DataPath.Headroom] = 0x60;
        Assert.Equal(48, DataPath.Encapsulate(frame, 40, Open));
        Assert.Equal(Hex.Parse("10 00 00 30 FF 03 00 57"), frame[..8]);
    }

    [Theory]
    [InlineData(0x45, 1401, true, true)]   // larger than the peer's MTU
    [InlineData(0x45, 0, true, true)]      // empty
    [InlineData(0x15, 100, true, true)]    // not IP
    [InlineData(0x45, 100, false, true)]   // IPv4 not open
    [InlineData(0x60, 100, true, false)]   // IPv6 not open
    public void Encapsulate_Unsendable_ReturnsZero(byte first, int length, bool ipv4, bool ipv6)
    {
        var frame = new byte[DataPath.Headroom + Math.Max(length, 1)];
        frame[DataPath.Headroom] = first;
        Assert.Equal(0, DataPath.Encapsulate(frame, length, new DataPathState(ipv4, ipv6, 1400)));
    }

    [Fact]
    public void Encapsulate_NeverExceeds4095_EvenWithALargeMtu()
    {
        var frame = new byte[5000];
        frame[DataPath.Headroom] = 0x45;
        var state = new DataPathState(true, false, 4087);
        Assert.Equal(4095, DataPath.Encapsulate(frame, DataPath.MaxIpPacket, state));
        Assert.Equal(0, DataPath.Encapsulate(frame, DataPath.MaxIpPacket + 1, state));
    }

    [Fact]
    public void EncapsulateThenReceive_AllocatesNothingPerPacket()
    {
        // ARCHITECTURE.md C4: 0 bytes allocated per packet, measured over 10,000 packets each way.
        var pair = new SessionPair(
            SessionPair.ServerSettings(), SessionPair.ClientSettings("alice", "pw"), new Dictionary<string, string> { ["alice"] = "pw" });
        pair.RunUntilUp();
        Assert.True(pair.BothUp);

        var frame = new byte[DataPath.Headroom + 1400];
        frame[DataPath.Headroom] = 0x45;
        var clientState = pair.Client.CurrentDataPath;
        var now = pair.Now;
        long delivered = 0;

        void OneWay(int count)
        {
            for (int i = 0; i < count; i++)
            {
                int length = DataPath.Encapsulate(frame, 1400, clientState);
                var result = pair.Server.Receive(frame.AsSpan(0, length), now);
                if (result.Status == ReceiveStatus.Packet && result.Protocol == PppProtocol.IPv4)
                {
                    delivered += result.GetPacket(frame).Length;
                }
            }
        }

        OneWay(100);
        long before = GC.GetAllocatedBytesForCurrentThread();
        OneWay(10_000);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(10_100L * 1400, delivered);
    }
}
