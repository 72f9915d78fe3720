using Sstp.IO.Tun;

namespace Sstp.IO.Tests.Tun;

/// <summary>
/// Writes the kernel refuses (root only): a TUN device that is not up answers every write with EIO. The server's TUN
/// writes go through <see cref="CoalescingTunWriter"/>; what it sees must be an <see cref="IOException"/> (which the
/// server counts as a <c>tun_write</c> drop) and the writer must hold nothing afterwards.
/// </summary>
public class TunWriteErrorTests
{
    [Fact(Timeout = 30_000)]
    public void DeviceDown_WriteThrowsIOExceptionDeviceGone_WriterHoldsNothing_NextWriteFailsTheSameWay()
    {
        RootOnly.RequireIp();
        using var device = LinuxTunDevice.Open("siw" + RootOnly.UniqueSuffix(), vnetHeader: true);
        var writer = new CoalescingTunWriter();
        var ping = new byte[84];
        ping[0] = 0x45;
        ping[3] = 84;
        ping[9] = 1;

        for (int attempt = 0; attempt < 2; attempt++)
        {
            var e = Assert.Throws<TunDeviceException>(() => writer.Write(device, ping));
            Assert.IsAssignableFrom<IOException>(e);
            Assert.Equal(TunErrorKind.DeviceGone, e.Kind);
            Assert.Equal(0, writer.Held);
        }

        writer.Flush(device);
        Assert.Equal(0, writer.Held);
    }
}
