using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Sstp.IO.Tun;

namespace Sstp.IO.Tests.Tun;

/// <summary>
/// Real TUN devices: root only. Names are unique per test (sio + 8 hex digits, ns sstpio-8hex); the only
/// addresses used are 10.89.x.y inside namespaces these tests create, and everything they create is removed
/// by name on the way out, also when an assertion fails.
/// </summary>
public class LinuxTunDeviceTests
{
    private const int Headroom = 32;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory(Timeout = 10_000)]
    [InlineData("")]
    [InlineData("sixteen-chars-xx")]
    [InlineData("a/b")]
    [InlineData("a b")]
    [InlineData("a:b")]
    public void Open_InvalidName_ThrowsArgumentException(string name) =>
        Assert.Throws<ArgumentException>(() => LinuxTunDevice.Open(name));

    [Fact(Timeout = 20_000)]
    public async Task Open_RequestedName_CreatesInterfaceAndDisposeRemovesIt()
    {
        RootOnly.RequireIp();
        string name = "sio" + RootOnly.UniqueSuffix();
        var links = new LinkConfigurator();
        using (var device = LinuxTunDevice.Open(name))
        {
            Assert.Equal(name, device.Name);
            Assert.Equal(1500, device.Mtu);
            await links.SetMtuAsync(name, 1400, Ct);
            Assert.Equal(1400, device.Mtu);
            string shown = await links.RunAsync(["link", "show", "dev", name], Ct);
            Assert.Contains("mtu 1400", shown, StringComparison.Ordinal);
        }

        // Not persistent: closing the descriptor deleted the interface.
        var e = await Assert.ThrowsAsync<LinkConfigurationException>(() => links.RunAsync(["link", "show", "dev", name], Ct));
        Assert.Contains(name, e.StandardError, StringComparison.Ordinal);
    }

    [Fact(Timeout = 20_000)]
    public void Open_KernelsChoice_IsNamedTunN()
    {
        RootOnly.RequireIp();
        using var device = LinuxTunDevice.Open();
        Assert.StartsWith("tun", device.Name, StringComparison.Ordinal);
    }

    [Fact(Timeout = 20_000)]
    public void Open_NameHeldByAnotherDescriptor_ThrowsNameInUse()
    {
        RootOnly.RequireIp();
        string name = "sio" + RootOnly.UniqueSuffix();
        using var first = LinuxTunDevice.Open(name);
        var e = Assert.Throws<TunDeviceException>(() => LinuxTunDevice.Open(name));
        Assert.Equal(TunErrorKind.NameInUse, e.Kind);
        Assert.Contains(name, e.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task EchoThroughNamespace_ReaderSeesRequestAndWrittenReplyArrives()
    {
        RootOnly.RequireIp();
        await using var ns = await TestNamespace.CreateAsync(Ct);
        var (local, peer) = Addresses();
        using var device = await OpenInsideAsync(ns, local, peer);
        var responder = new EchoResponderSink(device, peer, Headroom);
        using (var reader = new TunReader(device, responder, Headroom))
        {
            reader.Start();

            // From inside the namespace, send an echo request to the peer over a raw ICMP socket and wait for
            // the reply that our responder writes back into the TUN device.
            byte[] payload = "sstp-io echo"u8.ToArray();
            bool replied = await ns.RunInsideAsync(() => PingOnce(peer, 0x5353, payload));

            await responder.RequestSeen.WaitAsync(Ct);
            Assert.Equal(1, responder.Requests);
            Assert.True(replied, "the echo reply written to the TUN device never reached the namespace's stack");
        }

        Assert.Null(responder.StopError);

        // The kernel counts what it sent to us as TX and what we wrote as RX.
        using var stats = JsonDocument.Parse(await ns.Links.RunAsync(["-s", "-j", "link", "show", "dev", device.Name], Ct));
        var stats64 = stats.RootElement[0].GetProperty("stats64");
        Assert.True(stats64.GetProperty("tx").GetProperty("packets").GetInt64() >= 1);
        Assert.True(stats64.GetProperty("rx").GetProperty("packets").GetInt64() >= 1);
    }

    [Fact(Timeout = 30_000)]
    public async Task PingFromNamespace_Succeeds()
    {
        RootOnly.RequireIp();
        if (LinkConfiguratorTests.FindOnPath("ping") is null)
        {
            Assert.Skip("'ping' (iputils-ping) is not installed; the raw-socket echo test covers the same path.");
        }

        await using var ns = await TestNamespace.CreateAsync(Ct);
        var (local, peer) = Addresses();
        using var device = await OpenInsideAsync(ns, local, peer);
        var responder = new EchoResponderSink(device, peer, Headroom);
        using var reader = new TunReader(device, responder, Headroom);
        reader.Start();
        int exit = await ns.ExecAsync("ping", ["-c1", "-W1", peer.ToString()], Ct);
        Assert.Equal(0, exit);
        Assert.True(responder.Requests >= 1);
    }

    [Fact(Timeout = 30_000)]
    public async Task Configurator_InsideNamespace_AppliesIpv4Ipv6MtuStateAndRoutes()
    {
        RootOnly.RequireIp();
        await using var ns = await TestNamespace.CreateAsync(Ct);
        var (local, peer) = Addresses();
        using var device = await OpenInsideAsync(ns, local, peer);
        var links = ns.Links;
        var v6 = IPAddress.Parse("fd89::1");
        await links.AddAddressAsync(device.Name, v6, 64, Ct);
        var routed = new IPAddress([10, 89, local.GetAddressBytes()[2], 128]);
        await links.AddRouteAsync(device.Name, routed, 25, metric: 7, cancellationToken: Ct);

        using (var addresses = JsonDocument.Parse(await links.RunAsync(["-j", "address", "show", "dev", device.Name], Ct)))
        {
            var link = addresses.RootElement[0];
            Assert.Equal(1400, link.GetProperty("mtu").GetInt32());
            Assert.Contains("UP", link.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
            var locals = link.GetProperty("addr_info").EnumerateArray()
                .Select(a => (a.GetProperty("local").GetString(), a.GetProperty("prefixlen").GetInt32()))
                .ToList();
            Assert.Contains((local.ToString(), 32), locals);
            Assert.Contains(("fd89::1", 64), locals);
        }

        string routes = await links.RunAsync(["route", "show", "dev", device.Name], Ct);
        Assert.Contains($"{routed}/25", routes, StringComparison.Ordinal);
        Assert.Contains("metric 7", routes, StringComparison.Ordinal);

        await links.DeleteRouteAsync(device.Name, routed, 25, metric: 7, cancellationToken: Ct);
        await links.SetStateAsync(device.Name, up: false, Ct);
        Assert.DoesNotContain($"{routed}/25", await links.RunAsync(["route", "show", "dev", device.Name], Ct), StringComparison.Ordinal);
        Assert.Contains("state DOWN", await links.RunAsync(["link", "show", "dev", device.Name], Ct), StringComparison.Ordinal);
    }

    /// <summary>A /32 pair in 10.89.0.0/16, random so parallel runs do not collide (they are in separate namespaces anyway).</summary>
    private static (IPAddress Local, IPAddress Peer) Addresses()
    {
        byte third = (byte)Random.Shared.Next(0, 256);
        return (new IPAddress([10, 89, third, 1]), new IPAddress([10, 89, third, 2]));
    }

    /// <summary>Creates the TUN in our namespace under a unique name, moves it into <paramref name="ns"/> and configures it there.</summary>
    private static async Task<LinuxTunDevice> OpenInsideAsync(TestNamespace ns, IPAddress local, IPAddress peer)
    {
        var device = LinuxTunDevice.Open("sio" + RootOnly.UniqueSuffix());
        try
        {
            await new LinkConfigurator().MoveToNamespaceAsync(device.Name, ns.Name, Ct);
            await ns.Links.SetMtuAsync(device.Name, 1400, Ct);
            await ns.Links.AddPeerAddressAsync(device.Name, local, peer, 32, Ct);
            await ns.Links.SetStateAsync(device.Name, up: true, Ct);
            return device;
        }
        catch
        {
            device.Dispose();
            throw;
        }
    }

    private static bool PingOnce(IPAddress peer, ushort identifier, byte[] payload)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Raw, ProtocolType.Icmp);
        socket.ReceiveTimeout = 5000;
        socket.SendTo(Icmp.BuildEchoRequest(identifier, 1, payload), new IPEndPoint(peer, 0));
        var buffer = new byte[2048];
        try
        {
            while (true)
            {
                int n = socket.Receive(buffer);
                int ihl = (buffer[0] & 0x0F) * 4;
                if (n >= ihl + 8 + payload.Length
                    && buffer[ihl] == Icmp.EchoReply
                    && BinaryPrimitives.ReadUInt16BigEndian(buffer.AsSpan(ihl + 4)) == identifier
                    && buffer.AsSpan(12, 4).SequenceEqual(peer.GetAddressBytes())
                    && buffer.AsSpan(ihl + 8, payload.Length).SequenceEqual(payload))
                {
                    return true;
                }
            }
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut)
        {
            return false;
        }
    }
}
