using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Sstp.IO.Interop.Linux;
using Native = Sstp.IO.Interop.Linux.Interop;

namespace Sstp.IO.Tests.Interop;

public class InteropTests
{
    [Fact(Timeout = 10_000)]
    public void IfReq_Is40BytesWithUnionAt16()
    {
        // <linux/if.h>: ifr_name[IFNAMSIZ] then a union whose largest member (struct ifmap) is 24 bytes on LP64.
        Assert.Equal(40, Marshal.SizeOf<Native.IfReq>());
        Assert.Equal(40, Unsafe.SizeOf<Native.IfReq>());
        Assert.Equal(16, (int)Marshal.OffsetOf<Native.IfReq>(nameof(Native.IfReq.Flags)));
        Assert.Equal(16, (int)Marshal.OffsetOf<Native.IfReq>(nameof(Native.IfReq.Mtu)));
    }

    [Fact(Timeout = 10_000)]
    public void PollFd_Is8Bytes()
    {
        // <poll.h>: int fd; short events; short revents.
        Assert.Equal(8, Marshal.SizeOf<Native.PollFd>());
        Assert.Equal(4, (int)Marshal.OffsetOf<Native.PollFd>(nameof(Native.PollFd.Events)));
        Assert.Equal(6, (int)Marshal.OffsetOf<Native.PollFd>(nameof(Native.PollFd.REvents)));
    }

    [Fact(Timeout = 10_000)]
    public unsafe void EventFd_WriteThenRead_ReturnsTheSum()
    {
        using SafeFdHandle fd = Native.EventFd(0, Native.EFD_CLOEXEC | Native.EFD_NONBLOCK);
        Assert.False(fd.IsInvalid);
        ulong value = 3;
        Assert.Equal(8, (int)Native.Write(fd, (byte*)&value, 8));
        value = 4;
        Assert.Equal(8, (int)Native.Write(fd, (byte*)&value, 8));
        ulong read = 0;
        Assert.Equal(8, (int)Native.Read(fd, (byte*)&read, 8));
        Assert.Equal(7UL, read);

        // Drained: a non-blocking read now fails with EAGAIN.
        Assert.Equal(-1, (int)Native.Read(fd, (byte*)&read, 8));
        Assert.Equal(Native.Errno.EAGAIN, Native.LastErrno);
    }

    [Fact(Timeout = 10_000)]
    public void Open_MissingPath_FailsWithEnoent()
    {
        using SafeFdHandle fd = Native.Open("/nonexistent/sstp-io-test", Native.O_RDWR | Native.O_CLOEXEC);
        Assert.True(fd.IsInvalid);
        Assert.Equal(Native.Errno.ENOENT, Native.LastErrno);
    }

    [Fact(Timeout = 10_000)]
    public unsafe void Poll_OnReadyEventFd_ReportsPollIn()
    {
        using SafeFdHandle fd = Native.EventFd(1, Native.EFD_CLOEXEC);
        var set = new Native.PollFd { Fd = fd.Fd, Events = Native.POLLIN };
        Assert.Equal(1, Native.Poll(&set, 1, 0));
        Assert.Equal(Native.POLLIN, set.REvents);
    }
}
