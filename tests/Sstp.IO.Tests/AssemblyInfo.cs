using System.Runtime.Versioning;

// TUN, eventfd, netns and Unix sockets: these tests exercise the Linux shells only.
[assembly: SupportedOSPlatform("linux")]
