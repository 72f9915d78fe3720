// ioctl(2) with a struct ifreq argument, and the ifreq layout from <linux/if.h>:
//
//   0               16                                      40
//   +---------------+---------------------------------------+
//   | ifr_name[16]  | union: ifr_flags (short) | ifr_mtu    |
//   | NUL-padded    |        (int) | ifr_addr (sockaddr) ...|
//   +---------------+---------------------------------------+
//
// The union's largest member is struct ifmap (24 bytes on LP64), so sizeof(struct ifreq) is 40 on x86-64 and
// arm64. TUNSETIFF is _IOW('T', 202, int) from <linux/if_tun.h>; SIOCGIFMTU is from <linux/sockios.h>.

using System.Runtime.InteropServices;

namespace Sstp.IO.Interop.Linux;

internal static partial class Interop
{
    /// <summary>TUNSETIFF: attach the fd to a new or existing TUN/TAP interface (needs CAP_NET_ADMIN).</summary>
    internal const uint TUNSETIFF = 0x400454CA;

    /// <summary>SIOCGIFMTU: read an interface's MTU through any socket of the interface's namespace.</summary>
    internal const uint SIOCGIFMTU = 0x8921;

    /// <summary>IFF_TUN: layer-3 device (IP packets, no Ethernet header).</summary>
    internal const short IFF_TUN = 0x0001;

    /// <summary>IFF_NO_PI: no 4-byte packet-information prefix before each packet.</summary>
    internal const short IFF_NO_PI = 0x1000;

    /// <summary>
    /// IFF_VNET_HDR: every read and write carries a struct virtio_net_hdr (10 bytes by default) in front of the
    /// packet. Without TUNSETOFFLOAD the device offers no checksum or segmentation offload, so reads stay plain
    /// packets; writes may still hand the kernel a GSO packet.
    /// </summary>
    internal const short IFF_VNET_HDR = 0x4000;

    /// <summary>IFNAMSIZ: the name field's size, including the terminating NUL.</summary>
    internal const int IFNAMSIZ = 16;

    /// <summary>struct ifreq, with the union members the shells use.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 40)]
    internal unsafe struct IfReq
    {
        /// <summary>ifr_name: interface name, NUL-terminated (at most 15 bytes).</summary>
        [FieldOffset(0)]
        public fixed byte Name[IFNAMSIZ];

        /// <summary>ifr_flags (TUNSETIFF input).</summary>
        [FieldOffset(16)]
        public short Flags;

        /// <summary>ifr_mtu (SIOCGIFMTU output).</summary>
        [FieldOffset(16)]
        public int Mtu;
    }

    /// <summary>FIONBIO from &lt;asm-generic/ioctls.h&gt;: set (int 1) or clear (int 0) O_NONBLOCK on any descriptor.</summary>
    internal const uint FIONBIO = 0x5421;

    /// <summary>ioctl(2) with a pointer to an int (FIONBIO). Returns 0, or -1 with errno.</summary>
    [LibraryImport(Libc, EntryPoint = "ioctl", SetLastError = true)]
    internal static unsafe partial int IoctlInt(SafeHandle fd, nuint request, int* value);

    /// <summary>ioctl(2) with a pointer to an ifreq. Returns 0, or -1 with errno.</summary>
    [LibraryImport(Libc, EntryPoint = "ioctl", SetLastError = true)]
    internal static unsafe partial int Ioctl(SafeHandle fd, nuint request, IfReq* ifr);
}
